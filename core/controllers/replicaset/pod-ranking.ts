import type { KObject } from '../../api/types.js';
import { isPodActive, isPodReady, maxContainerRestarts, podCondition, podDeletionCost, timeOf } from '../pod-util.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The order a ReplicaSet deletes pods in when scaling down (controller.ActivePodsWithRanks,
 * LogarithmicScaleDown on as in upstream since 1.22). Earlier in the result = deleted first:
 *  1. unscheduled before scheduled
 *  2. Pending before Unknown before Running
 *  3. not ready before ready
 *  4. lower controller.kubernetes.io/pod-deletion-cost first
 *  5. more related pods on the same node first (spreads what remains)
 *  6. ready for less time first, compared in powers of two: ready 3 min and 5 min ago
 *     fall in the same bucket (2^37..2^38 ns) and tie
 *  7. more container restarts first
 *  8. newer first, again in powers of two, ties broken by uid
 */
export function rankPodsForDeletion(
  pods: ReadonlyArray<Readonly<KObject>>,
  relatedPods: ReadonlyArray<Readonly<KObject>>,
  nowMs: number,
): Array<Readonly<KObject>> {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compare(a.pod, a.rank, b.pod, b.rank, nowMs));
  return ranked.map((r) => r.pod);
}

/** Negative when `a` should be deleted before `b`. */
function compare(a: Readonly<KObject>, rankA: number, b: Readonly<KObject>, rankB: number, now: number): number {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;
  const phaseA = PHASE_ORDER[a.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costA = podDeletionCost(a);
  const costB = podDeletionCost(b);
  if (costA !== costB) return costA - costB;
  if (rankA !== rankB) return rankB - rankA;
  if (readyA && readyB) {
    const tA = timeOf(podCondition(a, 'Ready')?.lastTransitionTime);
    const tB = timeOf(podCondition(b, 'Ready')?.lastTransitionTime);
    if (tA !== tB) {
      const c = byAge(a, tA, b, tB, now);
      if (c !== 0) return c;
    }
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts !== 0) return restarts;
  const cA = timeOf(a.metadata.creationTimestamp);
  const cB = timeOf(b.metadata.creationTimestamp);
  if (cA !== cB) return byAge(a, cA, b, cB, now);
  return 0;
}

/** Younger first, in log2 buckets of age in nanoseconds; a missing time counts as youngest. */
function byAge(a: Readonly<KObject>, tA: number, b: Readonly<KObject>, tB: number, now: number): number {
  if (Number.isNaN(tA) || Number.isNaN(tB)) {
    if (Number.isNaN(tA) && Number.isNaN(tB)) return 0;
    return Number.isNaN(tA) ? -1 : 1;
  }
  const diff = logRank(now - tA) - logRank(now - tB);
  if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '') ? -1 : (a.metadata.uid ?? '') > (b.metadata.uid ?? '') ? 1 : 0;
  return diff;
}

function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}
