import type { KObject } from '../../api/types.js';
import type { ClusterClock } from '../../sim/time.js';
import { isPodActive, isPodReady, maxContainerRestarts, podCondition, podDeletionCost } from '../pod-util.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** A pod and its rank: how many active related pods share its node. */
export interface RankedPod {
  pod: Readonly<KObject>;
  rank: number;
}

/**
 * getPodsToDelete: the first `n` pods in deletion order; all of them, in the order given,
 * when none survive (upstream skips the sort then).
 */
export function podsToDelete(
  pods: ReadonlyArray<Readonly<KObject>>,
  relatedPods: ReadonlyArray<Readonly<KObject>>,
  n: number,
  clock: ClusterClock,
): Array<Readonly<KObject>> {
  if (n >= pods.length) return [...pods];
  return rankPodsForDeletion(pods, relatedPods, clock).slice(0, n);
}

/**
 * getPodsRankedByRelatedPodsOnSameNode + sort: the order a ReplicaSet deletes pods in
 * when scaling down, first to go first. Related pods are those of every ReplicaSet of the
 * same owner, so a Deployment's old and new pods spread together.
 */
export function rankPodsForDeletion(
  pods: ReadonlyArray<Readonly<KObject>>,
  relatedPods: ReadonlyArray<Readonly<KObject>>,
  clock: ClusterClock,
): Array<Readonly<KObject>> {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, clock));
  return ranked.map((r) => r.pod);
}

/**
 * controller.ActivePodsWithRanks.Less with LogarithmicScaleDown (on by default since
 * 1.22), as a comparator: negative when `a` is deleted before `b`.
 *  1. unscheduled before scheduled
 *  2. Pending before Unknown before Running
 *  3. not ready before ready
 *  4. lower controller.kubernetes.io/pod-deletion-cost first
 *  5. higher rank first (more related pods on its node: deleting it spreads what remains)
 *  6. both ready: ready for less time first, in powers of two of nanoseconds; ready 150 s
 *     and 250 s ago both fall in [2^37, 2^38) ns = [137 s, 275 s) and tie, broken by uid
 *  7. more container restarts first
 *  8. newer first, again in powers of two, ties broken by uid
 * Ages are the clock's virtual now minus the virtual time of the pod's timestamp: 2 pods
 * Ready at 3 s and 2 Ready at 63 s, scaled down at 120 s, are 117 s old (2^36 bucket) and
 * 57 s old (2^35): the two younger go first.
 */
export function compareForDeletion(x: RankedPod, y: RankedPod, clock: ClusterClock): number {
  const a = x.pod;
  const b = y.pod;
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
  if (x.rank !== y.rank) return y.rank - x.rank;
  if (readyA && readyB) {
    const c = byAge(a, clock.virtualOf(podCondition(a, 'Ready')?.lastTransitionTime), b, clock.virtualOf(podCondition(b, 'Ready')?.lastTransitionTime), clock.now());
    if (c !== 0) return c;
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts !== 0) return restarts;
  return byAge(a, clock.virtualOf(a.metadata.creationTimestamp), b, clock.virtualOf(b.metadata.creationTimestamp), clock.now());
}

/**
 * Younger first (0 for equal times), in log2 buckets of age in nanoseconds, both times
 * virtual; a missing time (Go's zero Time) counts as youngest; one bucket: lower uid first.
 */
function byAge(a: Readonly<KObject>, tA: number, b: Readonly<KObject>, tB: number, now: number): number {
  if (tA === tB || (Number.isNaN(tA) && Number.isNaN(tB))) return 0;
  if (Number.isNaN(tA) || Number.isNaN(tB)) return Number.isNaN(tA) ? -1 : 1;
  const diff = logRank(now - tA) - logRank(now - tB);
  if (diff !== 0) return diff;
  const uidA = a.metadata.uid ?? '';
  const uidB = b.metadata.uid ?? '';
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

/** logarithmicRankDiff's rank: floor(log2(age in ns)), -1 for an age of 0 or less. */
function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}
