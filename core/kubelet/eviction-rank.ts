import { parseQuantity } from '../api/quantity.js';
import type { KObject } from '../api/types.js';
import { MIRROR_POD_ANNOTATION } from './static-pods.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/** scheduling.SystemCriticalPriority: pods at or above it are never evicted. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** One candidate as the ranking sees it: its pod and its working set now. */
export interface PodUsage {
  pod: Readonly<KObject>;
  /** the pod's working set (sum of its containers'), bytes */
  usage: number;
  /** per container name, bytes */
  containers: Map<string, number>;
  /** a static pod the kubelet runs from a file */
  staticPod: boolean;
}

/** The memory the pod requests, as the eviction helpers sum it (containers, init containers as a floor). */
export function podMemoryRequest(pod: Readonly<KObject>): number {
  let sum = 0;
  for (const c of pod.spec?.containers ?? []) sum += parseQuantity(c.resources?.requests?.memory) ?? 0;
  for (const c of pod.spec?.initContainers ?? []) sum = Math.max(sum, parseQuantity(c.resources?.requests?.memory) ?? 0);
  return sum;
}

/** kubelettypes.IsCriticalPod: static and mirror pods, and priority >= system critical, are never evicted. */
export function isCriticalPod(p: PodUsage): boolean {
  if (p.staticPod || p.pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return true;
  return (p.pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
}

/**
 * rankMemoryPressure (pkg/kubelet/eviction/helpers.go): orderedBy(exceedMemoryRequests,
 * priority, memory). First the pods using more than they request (every BestEffort pod
 * using anything: its request is 0), then the lower priority, then the most memory above
 * the request. A BestEffort pod at 300Mi goes before a Burstable one at 500Mi of its 512Mi
 * request, whatever their sizes: only the first is over its request.
 */
export function rankMemoryPressure(pods: PodUsage[]): PodUsage[] {
  const exceeds = (p: PodUsage): boolean => p.usage > podMemoryRequest(p.pod);
  const priority = (p: PodUsage): number => p.pod.spec?.priority ?? 0;
  const above = (p: PodUsage): number => p.usage - podMemoryRequest(p.pod);
  // A stable sort keeps the kubelet's pod order among equals, as sort.Sort over the same list would not promise; documented.
  return [...pods].sort((a, b) => {
    const ea = exceeds(a);
    const eb = exceeds(b);
    if (ea !== eb) return ea ? -1 : 1;
    if (priority(a) !== priority(b)) return priority(a) - priority(b);
    return above(b) - above(a);
  });
}
