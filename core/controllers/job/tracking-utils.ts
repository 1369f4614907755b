import { JOB_TRACKING_FINALIZER } from '../../api/batch/labels.js';
import type { KObject } from '../../api/types.js';

export function hasJobTrackingFinalizer(pod: Readonly<KObject>): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** removeTrackingFinalizerPatch: a strategic merge patch that takes the finalizer out of the list. */
export function removeTrackingFinalizerPatch(pod: Readonly<KObject>): object | undefined {
  if (!hasJobTrackingFinalizer(pod)) return undefined;
  return { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } };
}

/**
 * uidTrackingExpectations (tracking_utils.go): the pods whose finalizer this controller
 * has asked to remove and has not yet seen gone. Until the cache shows them without it, a
 * sync must not count them again: they are already in status.uncountedTerminatedPods or
 * the counters.
 */
export class UidTrackingExpectations {
  private readonly byJob = new Map<string, Set<string>>();

  expectFinalizersRemoved(jobKey: string, uids: readonly string[]): void {
    let set = this.byJob.get(jobKey);
    if (set === undefined) this.byJob.set(jobKey, (set = new Set()));
    for (const uid of uids) set.add(uid);
  }

  finalizerRemovalObserved(jobKey: string, uid: string): void {
    this.byJob.get(jobKey)?.delete(uid);
  }

  expectedUids(jobKey: string): ReadonlySet<string> {
    return new Set(this.byJob.get(jobKey) ?? []);
  }

  delete(jobKey: string): void {
    this.byJob.delete(jobKey);
  }
}
