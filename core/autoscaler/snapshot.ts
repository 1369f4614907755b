import type { KObject } from '../api/types.js';
import { filterNode, type FilterResult } from '../scheduler/filter.js';
import { SchedulerCache, type NodeInfo } from '../scheduler/node-info.js';

/**
 * The autoscaler's ClusterSnapshot: nodes and the pods on them, in which it tries
 * placements without touching the cluster. It runs the scheduler's own filters
 * (NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit), as upstream
 * vendors the scheduler framework for its simulations, and keeps nodes in the order they
 * were added so "the first node that fits" is stable for a seed.
 */
export class Snapshot {
  private readonly cache = new SchedulerCache();
  private readonly order: string[] = [];
  private placed = 0;

  addNode(node: Readonly<KObject>): void {
    const name = node.metadata.name ?? '';
    if (!this.cache.nodes.has(name)) this.order.push(name);
    this.cache.setNode(node);
  }

  hasNode(name: string): boolean {
    return this.cache.nodes.has(name);
  }

  nodeNames(): readonly string[] {
    return this.order.filter((n) => this.cache.nodes.has(n));
  }

  info(name: string): NodeInfo | undefined {
    return this.cache.nodes.get(name);
  }

  /** Counts the pod against the node (a copy under a fresh uid, so one pod may be tried in several places). */
  addPod(pod: Readonly<KObject>, node: string): Readonly<KObject> {
    const uid = `${pod.metadata.uid ?? pod.metadata.name ?? ''}@${node}#${this.placed++}`;
    const copy = { ...pod, metadata: { ...pod.metadata, uid }, spec: { ...pod.spec, nodeName: node } } as KObject;
    this.cache.assume(copy, node);
    return copy;
  }

  /** Takes back a placement addPod or scheduleOnAny made (ClusterSnapshot.Revert, for one pod). */
  removePod(placed: Readonly<KObject>): void {
    this.cache.updatePod(placed, true);
  }

  /** Why the pod cannot go on the node (undefined: it fits). */
  check(pod: Readonly<KObject>, node: string): FilterResult | undefined {
    const info = this.cache.nodes.get(node);
    if (info === undefined) return { reasons: ['node(s) not found'], resolvable: false };
    // A bound pod being moved in a simulation is asked about as the pending copy it would be: no nodeName.
    if ((pod.spec?.nodeName ?? '') !== '') {
      const { nodeName: _bound, ...spec } = pod.spec ?? {};
      return filterNode({ ...pod, spec } as KObject, info);
    }
    return filterNode(pod, info);
  }

  /** SchedulePodOnAnyNodeMatching: the first node (in order) that passes `which` and fits the pod; the pod is counted there. */
  scheduleOnAny(pod: Readonly<KObject>, which: (node: string) => boolean = () => true): Readonly<KObject> | undefined {
    for (const name of this.nodeNames()) {
      if (!which(name) || this.check(pod, name) !== undefined) continue;
      return this.addPod(pod, name);
    }
    return undefined;
  }
}
