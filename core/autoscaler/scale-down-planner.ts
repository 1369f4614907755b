import type { KObject } from '../api/types.js';
import type { NodeGroupSpec } from '../scenario/types.js';
import { drainable, type PdbTracker } from './drainability.js';
import type { Snapshot } from './snapshot.js';
import { nodeUtilization, type Utilization } from './utilization.js';

/** simulator.UnremovableReason, the ones this simulation can reach. */
export type UnremovableReason = 'NotAutoscaled' | 'NotUnderutilized' | 'BlockedByPod' | 'NoPlaceToMovePods' | 'CurrentlyBeingDeleted' | 'NodeGroupMinSizeReached' | 'NotUnneededLongEnough';

export interface Unneeded {
  node: Readonly<KObject>;
  group: NodeGroupSpec;
  util: Utilization;
  /** the pods a drain evicts (DaemonSet, mirror and finished pods stay) */
  podsToMove: Array<Readonly<KObject>>;
}

export interface Unremovable {
  reason: UnremovableReason;
  /** BlockedByPod: upstream's message naming the pod */
  detail?: string;
}

export interface PlanInput {
  /** candidates: the nodes of node groups, in name order */
  nodes: ReadonlyArray<{ node: Readonly<KObject>; group: NodeGroupSpec | undefined; pods: ReadonlyArray<Readonly<KObject>> }>;
  /** every node with its pods, for where moved pods would go */
  snapshot: Snapshot;
  pdbs: PdbTracker;
  threshold: number;
  nowMs: number;
  virtualOf: (ts: string) => number;
  beingDeleted: (node: Readonly<KObject>) => boolean;
}

/**
 * The scale-down planner's UpdateClusterState (core/scaledown/planner): a node is
 * unneeded when it belongs to a node group, is not being deleted, its utilization is
 * below the threshold, every pod on it may be moved (drainability rules), and each of
 * those pods fits on some other node. Pods planned to move are counted on the node they
 * would go to, and a node found unneeded is no destination for later ones, so two
 * half-empty nodes are not both "unneeded" by moving their pods onto each other.
 */
export function findUnneeded(input: PlanInput): { unneeded: Unneeded[]; unremovable: Map<string, Unremovable> } {
  const unneeded: Unneeded[] = [];
  const unremovable = new Map<string, Unremovable>();
  const removed = new Set<string>();
  for (const { node, group, pods } of input.nodes) {
    const name = node.metadata.name ?? '';
    if (group === undefined) {
      unremovable.set(name, { reason: 'NotAutoscaled' });
      continue;
    }
    if (input.beingDeleted(node)) {
      unremovable.set(name, { reason: 'CurrentlyBeingDeleted' });
      continue;
    }
    const util = nodeUtilization(node, pods);
    if (util.utilization >= input.threshold) {
      unremovable.set(name, { reason: 'NotUnderutilized' });
      continue;
    }
    const podsToMove: Array<Readonly<KObject>> = [];
    let blocked: string | undefined;
    for (const pod of pods) {
      const d = drainable(pod, input.pdbs, input.nowMs, input.virtualOf);
      if (d.kind === 'blocked') {
        blocked = d.message;
        break;
      }
      if (d.kind === 'move') podsToMove.push(pod);
    }
    const overBudget = blocked === undefined ? input.pdbs.blocking(podsToMove) : undefined;
    if (overBudget !== undefined) blocked = `not enough pod disruption budget to move ${overBudget.metadata.namespace}/${overBudget.metadata.name}`;
    if (blocked !== undefined) {
      unremovable.set(name, { reason: 'BlockedByPod', detail: blocked });
      continue;
    }
    // findPlaceFor: each pod on another node that is neither this one nor already being emptied.
    const placed: Array<Readonly<KObject>> = [];
    let homeless = false;
    for (const pod of podsToMove) {
      const copy = input.snapshot.scheduleOnAny(pod, (n) => n !== name && !removed.has(n));
      if (copy === undefined) {
        homeless = true;
        break;
      }
      placed.push(copy);
    }
    if (homeless) {
      // Reverted: the pods of a node that stays take no room elsewhere.
      for (const copy of placed) input.snapshot.removePod(copy);
      unremovable.set(name, { reason: 'NoPlaceToMovePods' });
      continue;
    }
    input.pdbs.take(podsToMove);
    removed.add(name);
    unneeded.push({ node, group, util, podsToMove });
  }
  return { unneeded, unremovable };
}
