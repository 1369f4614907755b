import type { KObject } from '../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod status is open JSON */

/** Milliseconds since the Unix epoch of an RFC 3339 timestamp (metav1.Time), NaN if absent. */
export function timeOf(ts: unknown): number {
  return typeof ts === 'string' ? Date.parse(ts) : Number.NaN;
}

export function podCondition(pod: Readonly<KObject>, type: string): any | undefined {
  return (pod.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Readonly<KObject>): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * podutil.IsPodAvailable: ready for at least minReadySeconds. With minReadySeconds 10,
 * a pod Ready at 12:00:05 counts as available from 12:00:15.
 */
export function isPodAvailable(pod: Readonly<KObject>, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = timeOf(podCondition(pod, 'Ready')?.lastTransitionTime);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
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
