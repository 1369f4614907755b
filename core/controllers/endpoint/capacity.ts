/* eslint-disable @typescript-eslint/no-explicit-any -- Endpoints subsets are open JSON */

/**
 * maxCapacity in pkg/controller/endpoint/endpoints_controller.go: an Endpoints holds at
 * most 1,000 addresses, ready and not ready together; past that the controller truncates
 * and marks it `endpoints.kubernetes.io/over-capacity: truncated` (v1.EndpointsOverCapacity).
 */
export const MAX_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
export const TRUNCATED = 'truncated';

const count = (subsets: readonly any[], field: 'addresses' | 'notReadyAddresses'): number => subsets.reduce((n, s) => n + (s[field]?.length ?? 0), 0);

/** The number of addresses, ready and not ready, of all subsets. */
export function addressCount(subsets: readonly any[]): number {
  return count(subsets, 'addresses') + count(subsets, 'notReadyAddresses');
}

/**
 * truncateEndpoints: ready addresses first. Under 1,000 ready, the not-ready ones are cut
 * to fill the rest, each subset keeping its share rounded up (the last gets what is
 * left); over 1,000 ready, the ready ones are cut that way and every not-ready one goes.
 * 1,200 ready pods in one subset keep 1,000; 900 ready and 300 not ready keep 900 and
 * 100. Returns the subsets unchanged when they fit, and whether it cut.
 */
export function truncateSubsets(subsets: readonly any[]): { subsets: any[]; truncated: boolean } {
  const ready = count(subsets, 'addresses');
  const notReady = count(subsets, 'notReadyAddresses');
  if (ready + notReady <= MAX_CAPACITY) return { subsets: subsets.slice(), truncated: false };
  const cutReady = ready > MAX_CAPACITY;
  const max = cutReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
  const total = cutReady ? ready : notReady;
  let left = max;
  const out = subsets.map((s) => {
    const field = cutReady ? 'addresses' : 'notReadyAddresses';
    const list: any[] = s[field] ?? [];
    const share = Math.min(Math.ceil((list.length / total) * max), left);
    const kept = list.slice(0, share);
    left -= kept.length;
    const next = { ...s, [field]: kept };
    if (cutReady) next.notReadyAddresses = [];
    for (const f of ['addresses', 'notReadyAddresses'] as const) if (next[f]?.length === 0) delete next[f];
    return next;
  });
  return { subsets: out, truncated: true };
}
