import type { KObject } from '../../api/types.js';
import type { ClusterClock } from '../../sim/time.js';
import { isPodReady, maxContainerRestarts, podCondition } from '../pod-util.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods.Less, the order a Job removes surplus pods in (first goes first):
 * unscheduled before scheduled, Pending before Unknown before Running, not ready before
 * ready, ready for less time first, more restarts first, newer first. Removing the pod
 * that has done the least work loses the least.
 */
export function compareActivePods(a: Readonly<KObject>, b: Readonly<KObject>, clock: ClusterClock): number {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;
  const phase = (PHASE_ORDER[a.status?.phase ?? ''] ?? 0) - (PHASE_ORDER[b.status?.phase ?? ''] ?? 0);
  if (phase !== 0) return phase;
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  if (readyA && readyB) {
    const c = afterOrZero(clock.virtualOf(podCondition(a, 'Ready')?.lastTransitionTime), clock.virtualOf(podCondition(b, 'Ready')?.lastTransitionTime));
    if (c !== 0) return c;
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts !== 0) return restarts;
  return afterOrZero(clock.virtualOf(a.metadata.creationTimestamp), clock.virtualOf(b.metadata.creationTimestamp));
}

/** afterOrZero as a comparator: a missing time, then the later time, first. */
function afterOrZero(t1: number, t2: number): number {
  if (t1 === t2 || (Number.isNaN(t1) && Number.isNaN(t2))) return 0;
  if (Number.isNaN(t1) || Number.isNaN(t2)) return Number.isNaN(t1) ? -1 : 1;
  return t1 > t2 ? -1 : 1;
}
