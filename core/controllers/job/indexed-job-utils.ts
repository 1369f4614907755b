import { JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT } from '../../api/batch/labels.js';
import type { KObject } from '../../api/types.js';
import type { ClusterClock } from '../../sim/time.js';
import { finishedTime } from './backoff-utils.js';
import { has, merge, parseIndexes, withIndexes, type Intervals } from './intervals.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { isPodFailed, isPodTerminating, onlyReplaceFailedPods } from './pod-state.js';
import type { SyncJobCtx } from './sync-context.js';
import { hasJobTrackingFinalizer } from './tracking-utils.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

export const UNKNOWN_INDEX = -1;

export const isIndexedJob = (job: Readonly<KObject>): boolean => job.spec?.completionMode === 'Indexed';
export const hasBackoffLimitPerIndex = (job: Readonly<KObject>): boolean => typeof job.spec?.backoffLimitPerIndex === 'number';

/** The batch.kubernetes.io/job-completion-index annotation as a number; -1 when absent or not a non-negative integer. */
export function completionIndex(pod: Readonly<KObject>): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return UNKNOWN_INDEX;
  const i = Number(v);
  return i < 0 ? UNKNOWN_INDEX : i;
}

/** calculateSucceededIndexes: status.completedIndexes, plus succeeded pods not yet counted (they still carry the finalizer). */
export function calculateSucceededIndexes(job: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): { prev: Intervals; now: Intervals } {
  const completions: number = job.spec.completions;
  const prev = parseIndexes(job.status?.completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (p.status?.phase === 'Succeeded' && ix !== UNKNOWN_INDEX && ix < completions && hasJobTrackingFinalizer(p)) fresh.add(ix);
  }
  return { prev, now: withIndexes(prev, [...fresh].sort((a, b) => a - b)) };
}

/** calculateFailedIndexes: status.failedIndexes plus indexes whose pod just used up backoffLimitPerIndex (or hit FailIndex). */
export function calculateFailedIndexes(job: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): Intervals {
  const completions: number = job.spec.completions;
  const prev = typeof job.status?.failedIndexes === 'string' ? parseIndexes(job.status.failedIndexes, completions) : [];
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix !== UNKNOWN_INDEX && ix < completions && hasJobTrackingFinalizer(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withIndexes(prev, [...fresh].sort((a, b) => a - b));
}

function isIndexFailed(job: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec?.podFailurePolicy !== undefined && job.spec?.podFailurePolicy !== null) {
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
    if (m.action === 'FailIndex') return true;
    counted = m.countFailed;
  }
  return counted && indexFailureCount(pod) >= job.spec.backoffLimitPerIndex;
}

const indexes = (pods: ReadonlyArray<Readonly<KObject>>): number[] =>
  [...new Set(pods.map(completionIndex).filter((ix) => ix !== UNKNOWN_INDEX))].sort((a, b) => a - b);

/**
 * firstPendingIndexes: the `count` lowest indexes below completions that no active pod
 * holds and that have not succeeded or failed (nor, when only failed pods are replaced,
 * belong to a pod still terminating).
 */
export function firstPendingIndexes(ctx: SyncJobCtx, count: number, completions: number): number[] {
  if (count === 0) return [];
  let nonPending = withIndexes(ctx.succeededIndexes, indexes(ctx.activePods));
  if (onlyReplaceFailedPods(ctx.job)) nonPending = withIndexes(nonPending, indexes(ctx.pods.filter(isPodTerminating)));
  if (ctx.failedIndexes !== undefined) nonPending = merge(nonPending, ctx.failedIndexes);
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: of active pods sharing an index, all but the one
 * that ranks last go; pods without an index or past completions all go.
 */
export function duplicatedIndexPods(pods: ReadonlyArray<Readonly<KObject>>, completions: number, compare: (a: Readonly<KObject>, b: Readonly<KObject>) => number): { rm: Array<Readonly<KObject>>; left: Array<Readonly<KObject>> } {
  const rm: Array<Readonly<KObject>> = [];
  const left: Array<Readonly<KObject>> = [];
  const sorted = [...pods].sort((a, b) => completionIndex(a) - completionIndex(b));
  const flush = (same: Array<Readonly<KObject>>, ix: number): void => {
    if (same.length === 0) return;
    if (ix === UNKNOWN_INDEX) rm.push(...same);
    else if (same.length === 1) left.push(same[0] as Readonly<KObject>);
    else {
      same.sort(compare);
      rm.push(...same.slice(0, -1));
      left.push(same[same.length - 1] as Readonly<KObject>);
    }
  };
  let group: Array<Readonly<KObject>> = [];
  let last = UNKNOWN_INDEX;
  for (let i = 0; i < sorted.length; i++) {
    const ix = completionIndex(sorted[i] as Readonly<KObject>);
    if (ix >= completions) {
      flush(group, last);
      group = [];
      rm.push(...sorted.slice(i));
      break;
    }
    if (ix !== last) {
      flush(group, last);
      group = [];
      last = ix;
    }
    group.push(sorted[i] as Readonly<KObject>);
  }
  flush(group, last);
  return { rm, left };
}

/**
 * getPodsWithDelayedDeletionPerIndex (backoffLimitPerIndex): per index that is neither
 * done nor running, its latest failed pod keeps its finalizer until the replacement is
 * created, which copies its failure count.
 */
export function podsWithDelayedDeletion(ctx: SyncJobCtx, clock: ClusterClock): Map<number, Readonly<KObject>> {
  const active = new Set(indexes(ctx.activePods));
  const completions: number = ctx.job.spec.completions;
  const out = new Map<number, Readonly<KObject>>();
  for (const p of ctx.pods) {
    if (!hasJobTrackingFinalizer(p) || ctx.expectedRmFinalizers.has(p.metadata.uid ?? '') || !isPodFailed(p, ctx.job)) continue;
    const ix = completionIndex(p);
    if (ix === UNKNOWN_INDEX || ix >= completions) continue;
    if (has(ctx.succeededIndexes, ix) || (ctx.failedIndexes !== undefined && has(ctx.failedIndexes, ix)) || active.has(ix)) continue;
    const last = out.get(ix);
    if (last === undefined || (absoluteFailureCount(last) <= absoluteFailureCount(p) && finishedTime(p, clock) >= finishedTime(last, clock))) out.set(ix, p);
  }
  return out;
}

const intAnnotation = (pod: Readonly<KObject>, key: string): number => {
  const v = pod.metadata.annotations?.[key];
  if (v === undefined || !/^\d+$/.test(v)) return 0;
  const n = Number(v);
  return n > 2_147_483_647 ? 0 : n;
};

export const indexFailureCount = (pod: Readonly<KObject>): number => intAnnotation(pod, JOB_INDEX_FAILURE_COUNT);
export const absoluteFailureCount = (pod: Readonly<KObject>): number => intAnnotation(pod, JOB_INDEX_FAILURE_COUNT) + intAnnotation(pod, JOB_INDEX_IGNORED_FAILURE_COUNT);

/** getNewIndexFailureCounts: the replacement of a failed pod counts one more failure (or one more ignored one). */
export function newIndexFailureCounts(job: Readonly<KObject>, replaced: Readonly<KObject> | undefined): { failures: number; ignored: number } {
  if (replaced === undefined) return { failures: 0, ignored: 0 };
  let failures = indexFailureCount(replaced);
  let ignored = intAnnotation(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT);
  if (job.spec?.podFailurePolicy !== undefined && job.spec?.podFailurePolicy !== null && !matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed) ignored++;
  else failures++;
  return { failures, ignored };
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the generated name stays within 63 characters. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  const max = 63 - 5;
  return prefix.length > max ? prefix.slice(0, max - suffix.length) + suffix : prefix;
}

/** JOB_COMPLETION_INDEX from the pod's index label (PodIndexLabel is GA in v1.32), in every container. */
export function addCompletionIndexEnv(podSpec: any): void {
  for (const c of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])]) {
    c.env ??= [];
    if (c.env.some((e: any) => e?.name === 'JOB_COMPLETION_INDEX')) continue;
    c.env.push({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } });
  }
}
