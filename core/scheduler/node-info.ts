import { parseQuantity } from '../api/quantity.js';
import type { KObject } from '../api/types.js';
import { controllerOf } from '../controllers/controller-ref.js';
import { isPodTerminal } from '../controllers/pod-util.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- taints are open JSON */

/** schedutil defaults for pods that request nothing: scoring counts them as 100m CPU and 200Mi. */
export const DEFAULT_MILLI_CPU = 100;
export const DEFAULT_MEMORY = 200 * 1024 * 1024;

export interface PodResources {
  milliCpu: number;
  memory: number;
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
}

/** Requests as the scheduler sums them: containers added, init containers as a floor. */
export function podResources(pod: Readonly<KObject>): PodResources {
  let cpu = 0;
  let mem = 0;
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of pod.spec?.containers ?? []) {
    const req = c.resources?.requests ?? {};
    const cc = req.cpu === undefined ? undefined : (parseQuantity(req.cpu) ?? 0) * 1000;
    const mm = req.memory === undefined ? undefined : (parseQuantity(req.memory) ?? 0);
    cpu += cc ?? 0;
    mem += mm ?? 0;
    nzCpu += cc ?? DEFAULT_MILLI_CPU;
    nzMem += mm ?? DEFAULT_MEMORY;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const req = c.resources?.requests ?? {};
    cpu = Math.max(cpu, (parseQuantity(req.cpu) ?? 0) * 1000);
    mem = Math.max(mem, parseQuantity(req.memory) ?? 0);
  }
  return { milliCpu: Math.round(cpu), memory: mem, nonZeroMilliCpu: Math.round(nzCpu), nonZeroMemory: nzMem };
}

export interface NodeInfo {
  node: Readonly<KObject>;
  allocatableMilliCpu: number;
  allocatableMemory: number;
  allocatablePods: number;
  requestedMilliCpu: number;
  requestedMemory: number;
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
  pods: number;
  /** pods per controller uid, for spreading replicas */
  byOwner: Map<string, number>;
  /**
   * How many of `node`'s taints have effect PreferNoSchedule (TaintToleration's score),
   * counted when the node is set: scoring read node -> spec -> taints for each of 420
   * candidates a pod, three dependent loads scattered over a 1 GB heap at 100,000 pods.
   */
  preferNoSchedule: number;
  /**
   * What the filters read of `node`, kept when it is set (filterNode asks it of up to
   * every node a pod, 1,000 at 1,000 nodes, and most pods touched no other part of the
   * Node): spec.unschedulable, and its NoSchedule and NoExecute taints in their order.
   */
  unschedulable: boolean;
  hardTaints: readonly any[];
  /**
   * A one-entry cache in front of `byOwner`: the owner scored last on this node and its
   * count there. A scale-up scores 10,000 pods of one ReplicaSet in a row, 420 nodes each;
   * this is read from the NodeInfo scoring already holds, where `byOwner.get` went through
   * the Map's table per node. Kept equal to byOwner's count by `apply`.
   */
  spreadOwner: string;
  spreadCount: number;
}

/** A node's NodeInfo with nothing counted on it yet (the scheduler's cache sets the allocatable). */
export function newNodeInfo(node: Readonly<KObject>): NodeInfo {
  const info: NodeInfo = {
    node,
    allocatableMilliCpu: 0,
    allocatableMemory: 0,
    allocatablePods: 0,
    requestedMilliCpu: 0,
    requestedMemory: 0,
    nonZeroMilliCpu: 0,
    nonZeroMemory: 0,
    pods: 0,
    byOwner: new Map(),
    preferNoSchedule: 0,
    unschedulable: false,
    hardTaints: NO_TAINTS,
    spreadOwner: '',
    spreadCount: 0,
  };
  setNodeFacts(info, node);
  return info;
}

/** The parts of the Node the filters and scores read, from this version of it. */
function setNodeFacts(info: NodeInfo, node: Readonly<KObject>): void {
  info.node = node;
  info.preferNoSchedule = preferNoScheduleTaints(node);
  info.unschedulable = node.spec?.unschedulable === true;
  info.hardTaints = hardTaints(node);
}

/** The owner's pod count on the node, through the one-entry cache (which it then holds). */
export function ownerCount(info: NodeInfo, owner: string): number {
  if (info.spreadOwner === owner) return info.spreadCount;
  const n = info.byOwner.get(owner) ?? 0;
  info.spreadOwner = owner;
  info.spreadCount = n;
  return n;
}

const NO_TAINTS: readonly any[] = Object.freeze([]);

/** The node's taints with effect NoSchedule or NoExecute, in order (a shared empty list for none). */
function hardTaints(node: Readonly<KObject>): readonly any[] {
  const taints: any[] | undefined = node.spec?.taints;
  if (taints === undefined || taints === null || taints.length === 0) return NO_TAINTS;
  let out: any[] | undefined;
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i];
    if (t.effect === 'NoSchedule' || t.effect === 'NoExecute') (out ??= []).push(t);
  }
  return out ?? NO_TAINTS;
}

interface Contribution {
  node: string;
  res: PodResources;
  owner: string;
}

/**
 * The scheduler's cache: what each node has left, counting pods the API server has
 * bound and pods this scheduler has just bound but not yet seen back ("assumed"), so two
 * pods scheduled in one burst do not both take the last free CPU.
 */
export class SchedulerCache {
  /** The nodes that exist (the ones scheduling walks): a Node added and not deleted. */
  readonly nodes = new Map<string, NodeInfo>();
  /**
   * "Ghost" nodes, as upstream's cache keeps them (pkg/scheduler/backend/cache/cache.go,
   * v1.32, RemoveNode: "we keep a ghost node with the list of pods until all pod deletion
   * events have arrived. A ghost node is skipped from snapshots"; addPod makes one for a
   * pod whose node is not known yet): the counts of a name whose Node is gone while pods
   * bound to it still count there. Pod and Node events come on separate watches, so a
   * node deleted with 3 pods on it sees their deletions later. Dropping the counts with
   * the node, as this cache did, made them count against nothing; and when the node came
   * back under its name (a node deleted and re-registered by its kubelet), its fresh
   * NodeInfo started at 0 pods and each late deletion took 1 off it: -3 pods, 300m CPU
   * below zero, so the re-added node scored as the emptiest and took more than it holds.
   * A re-added node takes its ghost's counts back (AddNode reuses the NodeInfo); a ghost
   * goes when its last pod does (removePod: no pods and no node).
   */
  private readonly ghosts = new Map<string, NodeInfo>();
  private readonly contributions = new Map<string, Contribution>();
  /** The nodes in name order, rebuilt only when a node comes or goes (not on every pod: 1,000 nodes sorted per pod was a third of a scheduling cycle). */
  private sorted: NodeInfo[] | undefined;

  /** Every node, ordered by name (the order the filters walk them in). */
  sortedNodes(): readonly NodeInfo[] {
    this.sorted ??= [...this.nodes.values()].sort((a, b) => ((a.node.metadata.name ?? '') < (b.node.metadata.name ?? '') ? -1 : 1));
    return this.sorted;
  }

  setNode(node: Readonly<KObject>): void {
    const name = node.metadata.name ?? '';
    const alloc = node.status?.allocatable ?? {};
    const known = this.nodes.get(name);
    // A node back under a name whose pods still count: their counts are its own again.
    const prev = known ?? this.ghosts.get(name);
    if (known === undefined) this.ghosts.delete(name);
    const info: NodeInfo = prev ?? newNodeInfo(node);
    if (prev !== undefined) setNodeFacts(prev, node);
    info.allocatableMilliCpu = Math.round((parseQuantity(alloc.cpu) ?? 0) * 1000);
    info.allocatableMemory = parseQuantity(alloc.memory) ?? 0;
    info.allocatablePods = parseQuantity(alloc.pods) ?? 110;
    if (known === undefined) this.sorted = undefined;
    this.nodes.set(name, info);
  }

  /** The node is gone from scheduling; its NodeInfo stays a ghost while pods still count on it. */
  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (info === undefined) return;
    this.nodes.delete(name);
    this.sorted = undefined;
    if (info.pods > 0) this.ghosts.set(name, info);
  }

  /**
   * What is counted on `name`, a node or a ghost. Only a test asks it
   * (test/scheduler/ghost-node.test.ts), and it is kept: a user sees these counts only once
   * they are wrong (a pod placed past a node's CPU, refused by its kubelet with OutOfcpu, or
   * one left Pending with room to spare), several steps after the write that made them
   * wrong; the test asserts the placement a user sees and, at each step, the counts, so it
   * fails at the step that broke them.
   */
  counted(name: string): NodeInfo | undefined {
    return this.nodes.get(name) ?? this.ghosts.get(name);
  }

  /** Bring the cache in line with what this pod now holds (nothing, once it is finished or gone). */
  updatePod(pod: Readonly<KObject>, gone: boolean): void {
    const uid = pod.metadata.uid ?? '';
    const node = pod.spec?.nodeName ?? '';
    const holds = !gone && node !== '' && !isPodTerminal(pod);
    const prev = this.contributions.get(uid);
    if (prev !== undefined && (!holds || prev.node !== node)) this.apply(prev, -1);
    if (holds && (prev === undefined || prev.node !== node)) this.assume(pod, node);
    if (!holds) this.contributions.delete(uid);
  }

  /** A pod this scheduler has just bound: counted now, before the watch says so. */
  assume(pod: Readonly<KObject>, node: string): void {
    const c: Contribution = { node, res: podResources(pod), owner: controllerOf(pod)?.uid ?? '' };
    this.contributions.set(pod.metadata.uid ?? '', c);
    this.apply(c, 1);
  }

  private apply(c: Contribution, sign: 1 | -1): void {
    let info = this.nodes.get(c.node) ?? this.ghosts.get(c.node);
    if (info === undefined) {
      // A pod bound to a node not seen yet (upstream addPod): a ghost until the node comes.
      if (sign < 0) return;
      info = newNodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name: c.node } });
      this.ghosts.set(c.node, info);
    }
    info.requestedMilliCpu += sign * c.res.milliCpu;
    info.requestedMemory += sign * c.res.memory;
    info.nonZeroMilliCpu += sign * c.res.nonZeroMilliCpu;
    info.nonZeroMemory += sign * c.res.nonZeroMemory;
    info.pods += sign;
    if (info.pods === 0 && sign < 0 && this.ghosts.get(c.node) === info) this.ghosts.delete(c.node);
    if (c.owner === '') return;
    const n = (info.byOwner.get(c.owner) ?? 0) + sign;
    info.byOwner.set(c.owner, n);
    if (info.spreadOwner === c.owner) info.spreadCount = n;
  }
}

/** How many of the node's taints have effect PreferNoSchedule (TaintToleration's score counts them). */
function preferNoScheduleTaints(node: Readonly<KObject>): number {
  const taints: Array<{ effect: string }> | undefined = node.spec?.taints;
  if (taints === undefined || taints === null) return 0;
  let count = 0;
  for (let i = 0; i < taints.length; i++) if ((taints[i] as { effect: string }).effect === 'PreferNoSchedule') count++;
  return count;
}
