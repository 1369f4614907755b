import type { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { isPodReady } from '../pod-util.js';
import { slowStartBatch } from '../slow-start.js';
import { compareActivePods } from './active-pods.js';
import { remainingBackoff } from './backoff-utils.js';
import { finishedTime } from './backoff-utils.js';
import { duplicatedIndexPods, firstPendingIndexes, hasBackoffLimitPerIndex, isIndexedJob, UNKNOWN_INDEX } from './indexed-job-utils.js';
import { MAX_POD_CREATE_DELETE_PER_SYNC, type JobDeps } from './job-deps.js';
import { JobPodControl } from './pod-control.js';
import { jobPod } from './pod-template.js';
import { absoluteFailureCount } from './indexed-job-utils.js';
import { onlyReplaceFailedPods } from './pod-state.js';
import type { SyncJobCtx } from './sync-context.js';

export interface ManageResult {
  active: number;
  error: ApiError | undefined;
}

/**
 * manageJob: as many active pods as the Job wants. Suspended: none (each loses its
 * finalizer first, so it is not counted as a failure). Otherwise min(parallelism,
 * completions - succeeded) (parallelism, or what runs, for a work queue Job without
 * completions): completions 5, parallelism 2, 4 succeeded -> 1. Surplus pods are deleted
 * in ActivePods order; missing ones created in slow-start batches, but not before the
 * failure backoff has passed (10 s after one failure, 20 s after two ...). One sync
 * deletes or creates, never both.
 */
export function manageJob(d: JobDeps, client: Client, ctx: SyncJobCtx): ManageResult {
  const job = ctx.job;
  let active = ctx.activePods.length;
  const parallelism: number = job.spec.parallelism ?? 1;
  const key = ctx.key;
  const control = new JobPodControl(client, d.events, job);
  if (job.spec.suspend === true) {
    const victims = activePodsForRemoval(ctx, client, active);
    d.expectations.expectDeletions(key, victims.map(podKey));
    const r = deleteJobPods(d, control, key, victims, `Job ${job.metadata.name} is suspended: deleted its pod`);
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    return { active: active - r.deleted, error: r.error };
  }
  let want: number;
  if (typeof job.spec.completions !== 'number') want = ctx.succeeded > 0 ? active : parallelism;
  else want = Math.max(0, Math.min(job.spec.completions - ctx.succeeded, parallelism));
  const victims = activePodsForRemoval(ctx, client, Math.max(0, active - want)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (victims.length > 0) {
    d.expectations.expectDeletions(key, victims.map(podKey));
    const r = deleteJobPods(d, control, key, victims, `Job ${job.metadata.name} wants ${want} active pods, has ${active}: deleted one`);
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    return { active: active - r.deleted, error: r.error };
  }
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = want - terminating - active;
  if (diff <= 0) return { active, error: undefined };
  const now = client.api.now();
  if (!hasBackoffLimitPerIndex(job)) {
    const wait = remainingBackoff(ctx.newBackoffRecord.failuresAfterLastSuccess, ctx.newBackoffRecord.lastFailureTime, now);
    // Upstream v1.32 reported active 0 here (fixed in kubernetes#139457): the pods still run.
    if (wait > 0) {
      d.enqueueAfter(key, wait, client.causeSeq);
      return { active, error: undefined };
    }
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    indexes = firstPendingIndexes(ctx, diff, job.spec.completions);
    if (hasBackoffLimitPerIndex(job)) {
      const ready = indexes.filter((ix) => perIndexWait(ctx, ix, client, now) === 0);
      if (ready.length === 0 && indexes.length > 0) {
        d.enqueueAfter(key, Math.min(...indexes.map((ix) => perIndexWait(ctx, ix, client, now))), client.causeSeq);
        return { active, error: undefined };
      }
      indexes = ready;
    }
    diff = indexes.length;
  }
  if (diff === 0) return { active, error: undefined };
  d.expectations.expectCreations(key, diff);
  let error: ApiError | undefined;
  const why = `Job ${job.metadata.name} wants ${want} active pods, has ${active}: created one`;
  const { successes } = slowStartBatch(diff, 1, (i) => {
    const ix = isIndexedJob(job) ? (indexes[i] as number) : UNKNOWN_INDEX;
    const e = control.create(jobPod(job, ix, ctx.podsWithDelayedDeletionPerIndex.get(ix)), why);
    if (e === undefined) return true;
    // A terminating namespace refuses every create: nothing to report or retry.
    if ((e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return true;
    error ??= e;
    return false;
  });
  const skipped = diff - successes;
  if (skipped > 0) d.expectations.creationFailed(key, skipped);
  return { active: active + successes, error };
}

function perIndexWait(ctx: SyncJobCtx, ix: number, client: Client, now: number): number {
  const last = ctx.podsWithDelayedDeletionPerIndex.get(ix);
  if (last === undefined) return 0;
  return remainingBackoff(absoluteFailureCount(last) + 1, finishedTime(last, client.api), now);
}

const podKey = (p: Readonly<KObject>): string => `${p.metadata.namespace}/${p.metadata.name}`;

/**
 * activePodsForRemoval: an Indexed Job first drops duplicates of an index and pods
 * without a valid one; then, if that is not enough, the first in ActivePods order.
 */
function activePodsForRemoval(ctx: SyncJobCtx, client: Client, atLeast: number): Array<Readonly<KObject>> {
  const compare = (a: Readonly<KObject>, b: Readonly<KObject>): number => compareActivePods(a, b, client.api);
  let rm: Array<Readonly<KObject>> = [];
  let left: Array<Readonly<KObject>> = [...ctx.activePods];
  if (isIndexedJob(ctx.job)) ({ rm, left } = duplicatedIndexPods(ctx.activePods, ctx.job.spec.completions, compare));
  if (rm.length < atLeast) {
    left.sort(compare);
    rm = [...rm, ...left.slice(0, atLeast - rm.length)];
  }
  return rm;
}

/** deleteJobPods: finalizer off first (so the pod is not counted as failed), then the delete. */
function deleteJobPods(d: JobDeps, control: JobPodControl, key: string, pods: ReadonlyArray<Readonly<KObject>>, why: string): { deleted: number; deletedReady: number; error: ApiError | undefined } {
  let deleted = 0;
  let deletedReady = 0;
  let error: ApiError | undefined;
  for (const pod of pods) {
    const e = control.removeFinalizer(pod, `${why.replace(/: deleted one$/, '')}: its pod ${pod.metadata.name} will not be counted`) ?? control.delete(pod, why);
    if (e !== undefined) {
      d.expectations.deletionObserved(key, podKey(pod));
      if (e.status.code !== 404) {
        error ??= e;
        continue;
      }
    }
    deleted++;
    if (isPodReady(pod)) deletedReady++;
  }
  return { deleted, deletedReady, error };
}

/** deleteActivePods: a Job that has failed stops its pods; they keep their finalizers and are counted once gone. */
export function deleteActivePods(control: JobPodControl, job: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): { deleted: number; deletedReady: number; error: ApiError | undefined } {
  let deleted = 0;
  let deletedReady = 0;
  let error: ApiError | undefined;
  for (const pod of pods) {
    const e = control.delete(pod, `Job ${job.metadata.name} is finishing: deleted its active pod`);
    if (e !== undefined && e.status.code !== 404) {
      error ??= e;
      continue;
    }
    deleted++;
    if (isPodReady(pod)) deletedReady++;
  }
  return { deleted, deletedReady, error };
}
