import type { KObject } from '../../api/types.js';
import { isPodReady, isPodTerminal } from '../pod-util.js';

/**
 * onlyReplaceFailedPods: with podReplacementPolicy Failed (the default when a
 * podFailurePolicy is set) a pod being deleted is not replaced until it has failed, so its
 * exit code can be judged and two pods of one index never run at once.
 */
export function onlyReplaceFailedPods(job: Readonly<KObject>): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || (job.spec?.podFailurePolicy !== undefined && job.spec?.podFailurePolicy !== null);
}

/**
 * isPodFailed: phase Failed; or, unless only failed pods are replaced, deleted without
 * having succeeded (an orphaned pod PodGC removes never reaches Failed).
 */
export function isPodFailed(pod: Readonly<KObject>, job: Readonly<KObject>): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return pod.metadata.deletionTimestamp !== undefined && pod.status?.phase !== 'Succeeded';
}

/** controller.IsPodTerminating: being deleted and not yet Succeeded or Failed. */
export function isPodTerminating(pod: Readonly<KObject>): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined;
}

export function countReady(pods: ReadonlyArray<Readonly<KObject>>): number {
  return pods.filter(isPodReady).length;
}
