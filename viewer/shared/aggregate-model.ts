import { packInts, packZigzag, unpackInts } from './packed-ints.js';

/**
 * A recording with too many pods to send one by one (more than the server's aggregate
 * line, AGGREGATE_FROM_PODS in viewer/server/model/aggregate-line.ts): its story model
 * carries no pod tracks (`pods` is empty) and this instead. Every change of a pod's stage
 * or node, in seq order, as columns: the page keeps counts per node and per owner at the
 * playhead by applying the changes between two seqs (AggregateCounts below), and asks for
 * one node's or one owner's pods (`GET .../pods?node=NAME&at=SEQ`, `?owner=UID&at=SEQ`)
 * when the user clicks it. 100,000 pods on 1,000 nodes: 463,633 changes, sent packed
 * (PackedAggregates below): 4.3 MB of JSON in all, against 49.7 MB of pod tracks.
 */
export interface PodAggregates {
  /** How many pods the recording has (tracks the full model would hold), and the line it is over. */
  pods: number;
  threshold: number;
  /** The names pods were bound to, in order of first binding: `node` columns index into this. */
  nodes: string[];
  /** The controllers pods name (ownerReferences with controller: true): `owner` indexes into this. */
  owners: OwnerRef[];
  /** Seqs, delta-encoded (the first from 0): a change at seqs[0], seqs[0] + seqs[1], ... */
  seqs: ArrayLike<number>;
  /** The node before and after (-1: none, unbound). */
  fromNode: ArrayLike<number>;
  toNode: ArrayLike<number>;
  /** The pod's owner (-1: none). */
  owner: ArrayLike<number>;
  /** Stage before * 8 + stage after; NO_STAGE (7) before a pod's creation and after its deletion. */
  stages: ArrayLike<number>;
}

/**
 * PodAggregates as the model sends it (StoryModel.aggregate): the columns packed into
 * strings (packed-ints.ts), and the seqs' times with them, the model's own `timeDeltas`
 * then being empty (1,300,621 seqs: ~2.6 MB of JSON numbers, ~1.3 MB packed). A pod's node
 * only ever goes from none to one (spec.nodeName is set once), so the node before is not
 * sent: bit 64 of a stage code says the change bound the pod (before: none).
 */
export interface PackedAggregates {
  pods: number;
  threshold: number;
  nodes: string[];
  owners: OwnerRef[];
  changes: number;
  seqs: string;
  node: string;
  owner: string;
  stages: string;
  /** The model's timeDeltas, packed after a zigzag (0, -1, 1, -2 ... as 0, 1, 2, 3 ...): an import's times may step back. */
  times: string;
  timesN: number;
}

const BOUND = 64;

export function packAggregates(a: PodAggregates, timeDeltas: number[]): PackedAggregates {
  const n = a.seqs.length;
  const node = new Array<number>(n);
  const owner = new Array<number>(n);
  const stages = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const from = a.fromNode[i] as number;
    const to = a.toNode[i] as number;
    if (from !== to && from !== -1) throw new Error(`packAggregates: change ${i} moves a pod from node ${from} to ${to}`);
    node[i] = to + 1;
    owner[i] = (a.owner[i] as number) + 1;
    stages[i] = (a.stages[i] as number) + (from !== to ? BOUND : 0);
  }
  return { pods: a.pods, threshold: a.threshold, nodes: a.nodes, owners: a.owners, changes: n, seqs: packInts(a.seqs), node: packInts(node), owner: packInts(owner), stages: packInts(stages), times: packZigzag(timeDeltas), timesN: timeDeltas.length };
}

export function unpackAggregates(p: PackedAggregates): { aggregates: PodAggregates; timeDeltas: Float64Array } {
  const n = p.changes;
  const toNode = unpackInts(p.node, n);
  const owner = unpackInts(p.owner, n);
  const codes = unpackInts(p.stages, n);
  const fromNode = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const to = (toNode[i] as number) - 1;
    const code = codes[i] as number;
    toNode[i] = to;
    owner[i] = (owner[i] as number) - 1;
    fromNode[i] = code >= BOUND ? -1 : to;
    codes[i] = code & (BOUND - 1);
  }
  return {
    aggregates: { pods: p.pods, threshold: p.threshold, nodes: p.nodes, owners: p.owners, seqs: unpackInts(p.seqs, n), fromNode, toNode, owner, stages: codes },
    timeDeltas: unpackInts(p.times, p.timesN, true),
  };
}

export interface OwnerRef {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
}

export const NO_STAGE = 7;

/**
 * Pods per stage per node and per owner at a seq, kept up to date by applying only the
 * changes between the last seq and the new one (forwards adds `to` and takes `from`,
 * backwards the opposite). A drag across the whole 100,000-pod recording applies its
 * ~440,000 changes once (~2 ms); a frame of a drag a few hundred.
 */
export class AggregateCounts {
  /** Per node (index into nodes), 7 stages each: nodeCounts[node * 7 + stage]. */
  readonly nodeCounts: Int32Array;
  readonly ownerCounts: Int32Array;
  /** Pods without a node, per stage. */
  readonly unbound = new Int32Array(7);
  private readonly at: Int32Array;
  /** How many changes are applied: changes [0, applied) are in the counts. */
  private applied = 0;
  private seq = 0;
  /** The nodes and owners whose counts changed since `takeDirty`. */
  private readonly dirtyNodes = new Set<number>();
  private readonly dirtyOwners = new Set<number>();

  constructor(readonly a: PodAggregates) {
    this.nodeCounts = new Int32Array(a.nodes.length * 7);
    this.ownerCounts = new Int32Array(a.owners.length * 7);
    this.at = new Int32Array(a.seqs.length);
    let s = 0;
    for (let i = 0; i < a.seqs.length; i++) this.at[i] = s += a.seqs[i] as number;
  }

  get total(): number {
    let n = 0;
    for (let i = 0; i < this.nodeCounts.length; i++) n += this.nodeCounts[i] as number;
    for (let i = 0; i < 7; i++) n += this.unbound[i] as number;
    return n;
  }

  /** Moves to right after `seq`. */
  moveTo(seq: number): void {
    this.seq = seq;
    const at = this.at;
    while (this.applied < at.length && (at[this.applied] as number) <= seq) this.apply(this.applied++, 1);
    while (this.applied > 0 && (at[this.applied - 1] as number) > seq) this.apply(--this.applied, -1);
  }

  get current(): number {
    return this.seq;
  }

  private apply(i: number, sign: 1 | -1): void {
    const a = this.a;
    const code = a.stages[i] as number;
    const from = code >> 3;
    const to = code & 7;
    const fromNode = a.fromNode[i] as number;
    const toNode = a.toNode[i] as number;
    const owner = a.owner[i] as number;
    // Forwards: leave (fromNode, from), enter (toNode, to); backwards the reverse. No
    // array per change: a drag over the whole 100,000-pod recording applies ~460,000.
    if (sign === 1) {
      if (from !== NO_STAGE) this.bump(fromNode, owner, from, -1);
      if (to !== NO_STAGE) this.bump(toNode, owner, to, 1);
    } else {
      if (to !== NO_STAGE) this.bump(toNode, owner, to, -1);
      if (from !== NO_STAGE) this.bump(fromNode, owner, from, 1);
    }
  }

  private bump(node: number, owner: number, stage: number, d: number): void {
    if (node < 0) this.unbound[stage]! += d;
    else {
      this.nodeCounts[node * 7 + stage]! += d;
      this.dirtyNodes.add(node);
    }
    if (owner >= 0) {
      this.ownerCounts[owner * 7 + stage]! += d;
      this.dirtyOwners.add(owner);
    }
  }

  node(i: number): Int32Array {
    return this.nodeCounts.subarray(i * 7, i * 7 + 7);
  }

  ownerAt(i: number): Int32Array {
    return this.ownerCounts.subarray(i * 7, i * 7 + 7);
  }

  /** The nodes whose counts changed since the last call (and forgets them). */
  takeDirtyNodes(): number[] {
    const out = [...this.dirtyNodes];
    this.dirtyNodes.clear();
    return out;
  }

  takeDirtyOwners(): number[] {
    const out = [...this.dirtyOwners];
    this.dirtyOwners.clear();
    return out;
  }
}
