import type { KObject } from '../api/types.js';
import { matchesRequiredNodeAffinity } from '../controllers/node-affinity.js';
import { toleratesTaint } from '../controllers/tolerations.js';
import { podResources, type NodeInfo, type PodResources } from './node-info.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON */

/**
 * Why a node cannot take a pod, as upstream's filter plugins word it; undefined when it
 * fits. `resolvable` says whether preemption could help (only for resource shortfalls).
 */
export interface FilterResult {
  reasons: string[];
  resolvable: boolean;
}

export function tolerates(tolerations: any[], taint: any): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

/**
 * Filter plugins in upstream's order: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
 * NodeResourcesFit. `res` is the pod's requests when the caller has them already (the
 * scheduler computes them once per pod, as upstream's PreFilter does, not once per node).
 */
export function filterNode(pod: Readonly<KObject>, info: NodeInfo, res: PodResources = podResources(pod)): FilterResult | undefined {
  const node = info.node;
  const tolerations: any[] = pod.spec?.tolerations ?? [];
  if (node.spec?.unschedulable === true && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], resolvable: false };
  }
  const wanted = pod.spec?.nodeName;
  if (wanted !== undefined && wanted !== '' && wanted !== node.metadata.name) {
    return { reasons: ["node(s) didn't match the requested node name"], resolvable: false };
  }
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerates(tolerations, taint)) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], resolvable: false };
  }
  if (!matchesRequiredNodeAffinity(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
  const reasons: string[] = [];
  if (info.pods + 1 > info.allocatablePods) reasons.push('Too many pods');
  if (res.milliCpu > 0 && info.requestedMilliCpu + res.milliCpu > info.allocatableMilliCpu) reasons.push('Insufficient cpu');
  if (res.memory > 0 && info.requestedMemory + res.memory > info.allocatableMemory) reasons.push('Insufficient memory');
  return reasons.length > 0 ? { reasons, resolvable: true } : undefined;
}

/**
 * FitError.Error(): "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient
 * cpu." reasons counted over nodes and sorted, then what preemption found (no priorities
 * are modeled, so preemption never frees room).
 */
export function fitErrorMessage(total: number, results: FilterResult[]): string {
  const counts = new Map<string, number>();
  let unresolvable = 0;
  for (const r of results) {
    for (const reason of r.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    if (!r.resolvable) unresolvable++;
  }
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  const pre: string[] = [];
  if (unresolvable > 0) pre.push(`${unresolvable} Preemption is not helpful for scheduling`);
  if (results.length - unresolvable > 0) pre.push(`${results.length - unresolvable} No preemption victims found for incoming pod`);
  const head = total === 0 ? '0/0 nodes are available' : `0/${total} nodes are available: ${parts.join(', ')}`;
  return `${head}. preemption: 0/${total} nodes are available: ${pre.sort().join(', ')}.`;
}
