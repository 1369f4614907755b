import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod status is open JSON */

export function podCondition(pod: Readonly<KObject>, type: string): any | undefined {
  // A loop, not find() with a new closure: every controller asks this of every pod it
  // counts (a ReplicaSet's status sync, of its 1,000 pods each time).
  const conditions: any[] | undefined = pod.status?.conditions;
  if (conditions === undefined || conditions === null) return undefined;
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === type) return conditions[i];
  return undefined;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Readonly<KObject>): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * podutil.IsPodAvailable (v1.32): Ready, and Ready since more than minReadySeconds ago
 * (strictly: lastTransitionTime + minReadySeconds before now). A pod Ready at virtual
 * 12.4 s carries lastTransitionTime ...:12Z, so with minReadySeconds 10 it counts from
 * just after 22 s; a Ready condition without a time is never available (Go's zero Time).
 */
export function isPodAvailable(pod: Readonly<KObject>, minReadySeconds: number, clock: ClusterClock): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = clock.virtualOf(podCondition(pod, 'Ready')?.lastTransitionTime);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < clock.now();
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Readonly<KObject>): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

export function isPodTerminal(pod: Readonly<KObject>): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function maxContainerRestarts(pod: Readonly<KObject>): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** controller.PodDeletionCost annotation; unparsable values count as 0 like upstream's validation rejects them. */
export function podDeletionCost(pod: Readonly<KObject>): number {
  const v = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}
