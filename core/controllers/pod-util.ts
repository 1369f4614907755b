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

/** The pods' requests as the scheduler adds them: sum of containers, max with each init container. */
export function podRequests(pod: Readonly<KObject>, parse: (q: unknown) => number | undefined): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += parse(c.resources?.requests?.cpu) ?? 0;
    memory += parse(c.resources?.requests?.memory) ?? 0;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    cpu = Math.max(cpu, parse(c.resources?.requests?.cpu) ?? 0);
    memory = Math.max(memory, parse(c.resources?.requests?.memory) ?? 0);
  }
  return { cpu, memory };
}
