import type { KObject } from '../../api/types.js';
import type { ClusterClock } from '../../sim/time.js';
import { podCondition } from '../pod-util.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod status is open JSON */

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go, v1.32): 10 s doubling, at most 10 minutes. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

export interface BackoffRecord {
  key: string;
  failuresAfterLastSuccess: number;
  /** virtual ms */
  lastFailureTime: number | undefined;
}

/**
 * backoffStore (backoff_utils.go): per Job, the failures since its last success and when
 * the last one happened, kept by the controller in memory (a restart forgets it, as
 * upstream's does).
 */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  update(record: BackoffRecord): void {
    this.records.set(record.key, { ...record });
  }

  remove(key: string): void {
    this.records.delete(key);
  }

  /**
   * newBackoffRecord: the record after this sync's newly finished pods. A success resets the
   * count, then only failures that finished after the last success count: 2 failed pods,
   * one success, 1 more failure is 1 failure after last success.
   */
  next(key: string, newSucceeded: ReadonlyArray<Readonly<KObject>>, newFailed: ReadonlyArray<Readonly<KObject>>, clock: ClusterClock): BackoffRecord {
    const old = this.records.get(key);
    const record: BackoffRecord = { key, failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, lastFailureTime: old?.lastFailureTime };
    const succeeded = newSucceeded.map((p) => finishedTime(p, clock)).sort((a, b) => a - b);
    const failed = newFailed.map((p) => finishedTime(p, clock)).sort((a, b) => a - b);
    if (succeeded.length === 0) {
      if (failed.length === 0) return record;
      record.failuresAfterLastSuccess += failed.length;
      record.lastFailureTime = failed[failed.length - 1];
      return record;
    }
    record.failuresAfterLastSuccess = 0;
    record.lastFailureTime = undefined;
    const lastSuccess = succeeded[succeeded.length - 1] as number;
    for (let i = failed.length - 1; i >= 0; i--) {
      const t = failed[i] as number;
      if (!(t > lastSuccess)) break;
      record.lastFailureTime ??= t;
      record.failuresAfterLastSuccess++;
    }
    return record;
  }
}

/**
 * getFinishedTime: when a pod finished, on the virtual clock. The latest finishedAt of its
 * containers once all have terminated; else when Ready turned False; else its deletion
 * time less the grace period (a pod PodGC removed); else when it was created.
 */
export function finishedTime(pod: Readonly<KObject>, clock: ClusterClock): number {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  let latest: number | undefined;
  let all = statuses.length > 0;
  for (const cs of statuses) {
    const at = cs?.state?.terminated?.finishedAt;
    const t = clock.virtualOf(at);
    if (Number.isNaN(t)) {
      all = false;
      break;
    }
    if (latest === undefined || t > latest) latest = t;
  }
  if (all && latest !== undefined) return latest;
  const ready = podCondition(pod, 'Ready');
  if (ready?.status === 'False' && !Number.isNaN(clock.virtualOf(ready.lastTransitionTime))) return clock.virtualOf(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp !== undefined) return clock.virtualOf(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return clock.virtualOf(pod.metadata.creationTimestamp);
}

/**
 * getRemainingTimeForFailuresCount: 1 failure waits 10 s, 2 wait 20 s, 3 wait 40 s ...
 * up to 10 minutes (7 failures: 640 s, capped at 600 s), counted from the last failure.
 */
export function remainingBackoff(failures: number, lastFailureTime: number | undefined, now: number, baseMs = POD_FAILURE_BACKOFF_MS, maxMs = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (failures === 0 || lastFailureTime === undefined) return 0;
  let backoff = baseMs;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= maxMs) {
      backoff = maxMs;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
