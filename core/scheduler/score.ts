import type { KObject } from '../api/types.js';
import { controllerOf } from '../controllers/controller-ref.js';
import { podResources, type NodeInfo } from './node-info.js';

/**
 * Scores with upstream's default weights:
 * - NodeResourcesFit, LeastAllocated (weight 1): free share of CPU and memory after
 *   placing the pod, 0..100. A 4-CPU node running 1 CPU scores 75 on CPU for a 0-CPU pod.
 * - NodeResourcesBalancedAllocation (weight 1): (1 - |cpu share - memory share| / 2) * 100.
 * - TaintToleration (weight 3): fewer intolerable PreferNoSchedule taints score higher.
 * - PodTopologySpread's system default (weight 2), simplified: fewer pods of the same
 *   controller on the node score higher, normalized over the candidates.
 * Pods without requests count as 100m CPU / 200Mi, as upstream scores them.
 */
export function scoreNodes(pod: Readonly<KObject>, candidates: NodeInfo[]): number[] {
  const res = podResources(pod);
  const owner = controllerOf(pod)?.uid ?? '';
  const spread = candidates.map((n) => (owner === '' ? 0 : (n.byOwner.get(owner) ?? 0)));
  const maxSpread = Math.max(0, ...spread);
  const taintCounts = candidates.map((n) => (n.node.spec?.taints ?? []).filter((t: { effect: string }) => t.effect === 'PreferNoSchedule').length);
  const maxTaints = Math.max(0, ...taintCounts);
  return candidates.map((n, i) => {
    const cpu = share(n.nonZeroMilliCpu + res.nonZeroMilliCpu, n.allocatableMilliCpu);
    const mem = share(n.nonZeroMemory + res.nonZeroMemory, n.allocatableMemory);
    const least = Math.floor(((1 - cpu) * 100 + (1 - mem) * 100) / 2);
    const balanced = Math.floor((1 - Math.abs(cpu - mem) / 2) * 100);
    const taint = maxTaints === 0 ? 100 : Math.floor((100 * (maxTaints - (taintCounts[i] ?? 0))) / maxTaints);
    const topology = maxSpread === 0 ? 100 : Math.floor((100 * (maxSpread - (spread[i] ?? 0))) / maxSpread);
    return least + balanced + 3 * taint + 2 * topology;
  });
}

function share(requested: number, allocatable: number): number {
  if (allocatable <= 0) return 1;
  return Math.min(1, requested / allocatable);
}
