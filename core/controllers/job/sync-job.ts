import type { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { isPodActive } from '../pod-util.js';
import { ensureConditionStatus, findCondition, newCondition, type JobCondition } from './conditions.js';
import { calculateFailedIndexes, calculateSucceededIndexes, completionIndex, hasBackoffLimitPerIndex, isIndexedJob, podsWithDelayedDeletion, UNKNOWN_INDEX } from './indexed-job-utils.js';
import { total } from './intervals.js';
import type { JobDeps } from './job-deps.js';
import { trackJobStatus } from './job-status.js';
import { deleteActivePods, manageJob } from './manage-job.js';
import { JobPodControl } from './pod-control.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { countReady, isPodFailed, isPodTerminating } from './pod-state.js';
import { matchSuccessPolicy } from './success-policy.js';
import type { SyncJobCtx } from './sync-context.js';
import { hasJobTrackingFinalizer } from './tracking-utils.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- job specs are open JSON */

/**
 * syncJob (job_controller.go, v1.32, with its default feature gates: pod replacement
 * policy, managedBy, per-index backoff and success policy on). Decides whether the Job
 * has failed (a FailJob rule, more failures than backoffLimit, restarts past it with
 * OnFailure, activeDeadlineSeconds) or succeeded (completions reached, a success policy
 * met); a Job that has stops its active pods, one that has not gets as many as it wants;
 * then its status is counted and written.
 */
export function syncJob(d: JobDeps, client: Client, key: string, cached: Readonly<KObject>, pods: Array<Readonly<KObject>>, satisfied: boolean): void {
  const job = structuredClone(cached) as KObject;
  job.status ??= {};
  const u = job.status.uncountedTerminatedPods ?? {};
  job.status.uncountedTerminatedPods = { succeeded: [...(u.succeeded ?? [])], failed: [...(u.failed ?? [])] };
  const activePods = pods.filter(isPodActive);
  const ctx: SyncJobCtx = {
    key,
    job,
    pods,
    activePods,
    finishedCondition: undefined,
    succeeded: 0,
    failed: 0,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    failedIndexes: undefined,
    newBackoffRecord: { key, failuresAfterLastSuccess: 0, lastFailureTime: undefined },
    expectedRmFinalizers: d.finalizerExpectations.expectedUids(key),
    uncounted: { succeeded: new Set(job.status.uncountedTerminatedPods.succeeded), failed: new Set(job.status.uncountedTerminatedPods.failed) },
    podsWithDelayedDeletionPerIndex: new Map(),
    terminating: pods.filter(isPodTerminating).length,
    ready: countReady(activePods),
  };
  const now = client.api.now();
  const stamp = client.api.timestamp();
  let active = activePods.length;
  const fresh = (uncounted: Set<string>, pred: (p: Readonly<KObject>) => boolean): Array<Readonly<KObject>> =>
    pods.filter((p) => hasJobTrackingFinalizer(p) && !uncounted.has(p.metadata.uid ?? '') && !ctx.expectedRmFinalizers.has(p.metadata.uid ?? '') && validIndex(job, p) && pred(p));
  const newSucceeded = fresh(ctx.uncounted.succeeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = fresh(ctx.uncounted.failed, (p) => isPodFailed(p, job));
  ctx.succeeded = (job.status.succeeded ?? 0) + newSucceeded.length + ctx.uncounted.succeeded.size;
  ctx.failed = (job.status.failed ?? 0) + newFailed.filter((p) => matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed).length + ctx.uncounted.failed.size;
  const suspended = job.spec.suspend === true;
  if (job.status.startTime === undefined && !suspended) job.status.startTime = stamp;
  ctx.newBackoffRecord = d.backoff.next(key, newSucceeded, newFailed, client.api);

  const met = findCondition(job.status.conditions, 'SuccessCriteriaMet');
  ctx.finishedCondition = met?.status === 'True' ? met : undefined;
  if (ctx.finishedCondition === undefined) {
    const target = findCondition(job.status.conditions, 'FailureTarget');
    if (target?.status === 'True') ctx.finishedCondition = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', stamp);
    else {
      const message = failJobMessage(job, pods);
      if (message !== undefined) ctx.finishedCondition = newCondition('FailureTarget', 'True', 'PodFailurePolicy', message, stamp);
    }
  }
  if (ctx.finishedCondition === undefined) {
    const started = job.status.startTime === undefined ? Number.NaN : client.api.virtualOf(job.status.startTime);
    const deadline = typeof job.spec.activeDeadlineSeconds === 'number' ? job.spec.activeDeadlineSeconds * 1000 : undefined;
    if (ctx.failed > job.spec.backoffLimit || pastBackoffLimitOnFailure(job, pods)) {
      ctx.finishedCondition = newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', stamp);
    } else if (deadline !== undefined && !suspended && !Number.isNaN(started) && now - started >= deadline) {
      ctx.finishedCondition = newCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', stamp);
    } else if (deadline !== undefined && !suspended && !Number.isNaN(started)) {
      d.enqueueAfter(key, deadline - (now - started), client.causeSeq);
    }
  }
  if (isIndexedJob(job)) {
    const idx = calculateSucceededIndexes(job, pods);
    ctx.prevSucceededIndexes = idx.prev;
    ctx.succeededIndexes = idx.now;
    ctx.succeeded = total(idx.now);
    if (hasBackoffLimitPerIndex(job)) {
      ctx.failedIndexes = calculateFailedIndexes(job, pods);
      if (ctx.finishedCondition === undefined) {
        if (typeof job.spec.maxFailedIndexes === 'number' && total(ctx.failedIndexes) > job.spec.maxFailedIndexes) {
          ctx.finishedCondition = newCondition('FailureTarget', 'True', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes', stamp);
        } else if (total(ctx.failedIndexes) > 0 && total(ctx.failedIndexes) + total(ctx.succeededIndexes) >= job.spec.completions) {
          ctx.finishedCondition = newCondition('FailureTarget', 'True', 'FailedIndexes', 'Job has failed indexes', stamp);
        }
      }
      ctx.podsWithDelayedDeletionPerIndex = podsWithDelayedDeletion(ctx, client.api);
    }
    if (ctx.finishedCondition === undefined) {
      const msg = matchSuccessPolicy(job.spec.successPolicy, job.spec.completions, ctx.succeededIndexes);
      if (msg !== undefined) ctx.finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', msg, stamp);
    }
  }

  let error: ApiError | undefined;
  let suspendChanged = false;
  if (ctx.finishedCondition !== undefined) {
    const r = deleteActivePods(new JobPodControl(client, d.events, job), job, activePods);
    // Not finished before every pod deletion is done and the cache has seen our creations.
    if (r.deleted !== active || !satisfied) ctx.finishedCondition = undefined;
    active -= r.deleted;
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    error = r.error;
  } else {
    let managed = false;
    if (satisfied && job.metadata.deletionTimestamp === undefined) {
      const r = manageJob(d, client, ctx);
      active = r.active;
      error = r.error;
      managed = true;
    }
    const completions = job.spec.completions;
    const complete = typeof completions !== 'number' ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
    if (complete) ctx.finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', stamp);
    else if (managed) suspendChanged = syncSuspendedCondition(d, client, job, stamp);
  }
  job.status.active = active;
  job.status.ready = ctx.ready;
  job.status.terminating = ctx.terminating;
  const changed = suspendChanged || active !== (cached.status?.active ?? 0) || ctx.ready !== cached.status?.ready || ctx.terminating !== cached.status?.terminating;
  trackJobStatus(d, client, ctx, changed);
  if (error !== undefined) throw error;
}

/** The Suspended condition (and Suspended / Resumed events); resuming restarts the activeDeadlineSeconds clock. */
function syncSuspendedCondition(d: JobDeps, client: Client, job: KObject, stamp: string): boolean {
  const conditions: JobCondition[] = job.status.conditions ?? [];
  const suspend = job.spec.suspend === true;
  const r = suspend
    ? ensureConditionStatus(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', stamp)
    : ensureConditionStatus(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', stamp);
  if (!r.changed) return false;
  job.status.conditions = r.list;
  d.events.record(client, job, 'Normal', suspend ? 'Suspended' : 'Resumed', suspend ? 'Job suspended' : 'Job resumed');
  if (!suspend) job.status.startTime = stamp;
  return true;
}

/** getFailJobMessage: the first failed pod that matches a FailJob rule fails the Job, with that rule's message. */
function failJobMessage(job: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): string | undefined {
  if (job.spec.podFailurePolicy === undefined || job.spec.podFailurePolicy === null) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).jobFailureMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

/**
 * pastBackoffLimitOnFailure: with restartPolicy OnFailure the kubelet restarts in place,
 * so the restarts of running and pending pods count: backoffLimit 3 fails the Job at the
 * third restart (backoffLimit 0: at the first).
 */
function pastBackoffLimitOnFailure(job: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): boolean {
  if (job.spec.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const cs of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
  }
  return job.spec.backoffLimit === 0 ? restarts > 0 : restarts >= job.spec.backoffLimit;
}

/** getValidPodsWithFilter: an Indexed Job's pod counts only with an index below completions. */
function validIndex(job: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  if (!isIndexedJob(job)) return true;
  const ix = completionIndex(pod);
  return ix !== UNKNOWN_INDEX && ix < job.spec.completions;
}
