import type { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { ensureConditionStatus, findCondition, newCondition, orderedStatus, type JobCondition } from './conditions.js';
import { completionIndex, isIndexedJob, UNKNOWN_INDEX } from './indexed-job-utils.js';
import { has, intervalsString, withIndexes } from './intervals.js';
import { MAX_UNCOUNTED_PODS, type JobDeps } from './job-deps.js';
import { JobPodControl } from './pod-control.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { isPodFailed } from './pod-state.js';
import type { SyncJobCtx } from './sync-context.js';
import { hasJobTrackingFinalizer } from './tracking-utils.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- job status is open JSON */

/**
 * trackJobStatusAndRemoveFinalizers: how a Job counts its pods without losing one.
 * 1. Finished pods' uids go into status.uncountedTerminatedPods, written first.
 * 2. Their tracking finalizers come off (the API server may now remove them).
 * 3. Uids whose finalizer is gone move into the succeeded / failed counters.
 * 4. The interim condition (FailureTarget, SuccessCriteriaMet) is written with step 1;
 *    the final one (Failed, Complete) only once no pod is uncounted or terminating.
 * At most 500 uids are in flight per sync, so a huge Job cannot starve the others.
 */
export function trackJobStatus(d: JobDeps, client: Client, ctx: SyncJobCtx, needsFlushIn: boolean): void {
  let needsFlush = needsFlushIn;
  const job = ctx.job;
  const status = job.status;
  const indexed = isIndexedJob(job);
  const completions: number = job.spec.completions;
  const pods = indexed ? [...ctx.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : ctx.pods;
  const withFinalizer = new Set(pods.filter((p) => hasJobTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid ?? '')).map((p) => p.metadata.uid ?? ''));
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;
  const toRemove: Array<Readonly<KObject>> = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    const uid = pod.metadata.uid ?? '';
    if (!hasJobTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const failed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    toRemove.push(pod);
    const ix = completionIndex(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        if (ix !== UNKNOWN_INDEX && ix < completions && !has(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        status.uncountedTerminatedPods.succeeded.push(uid);
      }
    } else if (failed || (ctx.finishedCondition !== undefined && ctx.finishedCondition.type !== 'SuccessCriteriaMet')) {
      // A Job that is failing counts every pod it stops as failed.
      if (!ctx.uncounted.failed.has(uid) && (!indexed || (ix !== UNKNOWN_INDEX && ix < completions))) {
        if (matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) {
          needsFlush = true;
          status.uncountedTerminatedPods.failed.push(uid);
        }
      }
    }
    if (newSucceededIndexes.length + status.uncountedTerminatedPods.succeeded.length + status.uncountedTerminatedPods.failed.length >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, [...newSucceededIndexes].sort((a, b) => a - b));
    const text = intervalsString(ctx.succeededIndexes);
    if (text !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = ctx.succeededIndexes.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
    status.completedIndexes = text;
    const failedText = ctx.failedIndexes === undefined ? undefined : intervalsString(ctx.failedIndexes);
    if (failedText !== status.failedIndexes) {
      status.failedIndexes = failedText;
      needsFlush = true;
    }
  }
  const now = client.api.timestamp();
  let interim: JobCondition | undefined;
  if (ctx.finishedCondition?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
    needsFlush = true;
    interim = ctx.finishedCondition;
    ctx.finishedCondition = newCondition('Failed', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }
  if (ctx.finishedCondition?.type === 'SuccessCriteriaMet' && ctx.finishedCondition.status === 'True') {
    if (findCondition(status.conditions, 'SuccessCriteriaMet')?.status !== 'True') {
      status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
      needsFlush = true;
      interim = ctx.finishedCondition;
    }
    ctx.finishedCondition = newCondition('Complete', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }
  needsFlush = flushAndRemoveFinalizers(d, client, ctx, toRemove, withFinalizer, needsFlush, interim);
  const finished = !reachedMax && enactJobFinished(ctx, now);
  if (finished) needsFlush = true;
  if (needsFlush) writeStatus(client, ctx, finished ? (ctx.finishedCondition as JobCondition) : undefined);
  if (finished) recordJobFinished(d, client, ctx.job, ctx.finishedCondition as JobCondition);
}

/** canRemoveFinalizer: a Job being deleted or finishing lets go of every pod; otherwise only finished ones. */
function canRemoveFinalizer(ctx: SyncJobCtx, pod: Readonly<KObject>, failed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp !== undefined || ctx.finishedCondition !== undefined || pod.status?.phase === 'Succeeded') return true;
  if (!failed) return false;
  const ix = completionIndex(pod);
  const delayed = ix === UNKNOWN_INDEX ? undefined : ctx.podsWithDelayedDeletionPerIndex.get(ix);
  return !(delayed !== undefined && delayed.metadata.uid === pod.metadata.uid);
}

/** flushUncountedAndRemoveFinalizers: write the uids first, then remove finalizers, then count what was removed. */
function flushAndRemoveFinalizers(d: JobDeps, client: Client, ctx: SyncJobCtx, toRemove: ReadonlyArray<Readonly<KObject>>, withFinalizer: Set<string>, needsFlushIn: boolean, interim: JobCondition | undefined): boolean {
  let needsFlush = needsFlushIn;
  if (needsFlush) {
    writeStatus(client, ctx, interim);
    d.backoff.update(ctx.newBackoffRecord);
    needsFlush = false;
  }
  let error: ApiError | undefined;
  if (toRemove.length > 0) {
    d.finalizerExpectations.expectFinalizersRemoved(ctx.key, toRemove.map((p) => p.metadata.uid ?? ''));
    const control = new JobPodControl(client, d.events, ctx.job);
    for (const pod of toRemove) {
      const e = control.removeFinalizer(pod, `Job ${ctx.job.metadata.name} has counted pod ${pod.metadata.name}: tracking finalizer removed`);
      if (e !== undefined) {
        d.finalizerExpectations.finalizerRemovalObserved(ctx.key, pod.metadata.uid ?? '');
        if (e.status.code !== 404) {
          error ??= e;
          continue;
        }
      }
      withFinalizer.delete(pod.metadata.uid ?? '');
    }
  }
  if (cleanUncounted(ctx.job.status, withFinalizer)) needsFlush = true;
  if (error !== undefined) {
    if (needsFlush) writeStatus(client, ctx, undefined);
    throw error;
  }
  return needsFlush;
}

/** cleanUncountedPodsWithoutFinalizers: uids whose pod lost its finalizer move into the counters. */
function cleanUncounted(status: any, withFinalizer: ReadonlySet<string>): boolean {
  let updated = false;
  for (const list of ['succeeded', 'failed'] as const) {
    const before: string[] = status.uncountedTerminatedPods[list];
    const kept = before.filter((uid) => withFinalizer.has(uid));
    if (kept.length !== before.length) {
      updated = true;
      status[list] = (status[list] ?? 0) + before.length - kept.length;
      status.uncountedTerminatedPods[list] = kept;
    }
  }
  return updated;
}

/** enactJobFinished: Complete or Failed once no pod is uncounted and none still terminating. */
function enactJobFinished(ctx: SyncJobCtx, now: string): boolean {
  const cond = ctx.finishedCondition;
  if (cond === undefined) return false;
  const u = ctx.job.status.uncountedTerminatedPods;
  if (u.succeeded.length + u.failed.length > 0 || ctx.terminating > 0) return false;
  ctx.job.status.conditions = ensureConditionStatus(ctx.job.status.conditions ?? [], cond.type, cond.status, cond.reason ?? '', cond.message ?? '', now).list;
  if (cond.type === 'Complete') ctx.job.status.completionTime = findCondition(ctx.job.status.conditions, 'Complete')?.lastTransitionTime;
  return true;
}

/** recordJobFinished: Completed "Job completed", or a Warning with the failure's reason and message. */
function recordJobFinished(d: JobDeps, client: Client, job: Readonly<KObject>, cond: JobCondition): void {
  if (cond.type === 'Complete') {
    if (typeof job.spec.completions === 'number' && (job.status?.succeeded ?? 0) > job.spec.completions) {
      d.events.record(client, job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    d.events.record(client, job, 'Normal', 'Completed', 'Job completed');
  } else d.events.record(client, job, 'Warning', cond.reason ?? '', cond.message ?? '');
}

/**
 * updateJobStatus: a PUT of status against the version this sync read; a stale one is a
 * 409 and the sync is retried. `finished` names the condition this write adds, for the
 * recording's narration.
 */
function writeStatus(client: Client, ctx: SyncJobCtx, finished: JobCondition | undefined): void {
  const job = ctx.job;
  const status = orderedStatus(job.status);
  const s = job.status;
  const reason = { Complete: 'JobComplete', Failed: 'JobFailed', FailureTarget: 'JobFailureTarget', SuccessCriteriaMet: 'JobSuccessCriteriaMet' }[finished?.type ?? ''] ?? 'JobStatus';
  const counts = `${s.active ?? 0} active, ${s.ready ?? 0} ready, ${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed, ${s.terminating ?? 0} terminating`;
  const pending = (s.uncountedTerminatedPods.succeeded.length ?? 0) + (s.uncountedTerminatedPods.failed.length ?? 0);
  const counting = pending > 0 ? `, ${pending} finished pod${pending === 1 ? '' : 's'} being counted` : '';
  const why = finished?.reason ? ` (${finished.reason})` : '';
  const final = finished?.type === 'Complete' || finished?.type === 'Failed';
  const tail = finished === undefined ? counting : final ? `: ${finished.type}${why}` : `${counting}: ${finished.type}${why}, ${finished.type === 'FailureTarget' ? 'Failed' : 'Complete'} once every pod is counted and none is terminating`;
  const updated = client.updateStatus({ ...job, status } as KObject, { reason, message: `Job ${job.metadata.name}: ${counts}${tail}` });
  ctx.job = structuredClone(updated) as KObject;
  const u = ctx.job.status.uncountedTerminatedPods ?? {};
  ctx.job.status.uncountedTerminatedPods = { succeeded: u.succeeded ?? [], failed: u.failed ?? [] };
}
