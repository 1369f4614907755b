import { PV, Stage, type PodTrack } from '../../shared/model.js';
import type { NodeAt } from './model-index.js';
import type { PodStates } from './pod-states.js';

/** The box of pods without a live node: unscheduled, or left on a removed node. */
export const LANE = '\0lane';

/**
 * Which box each pod is in at the playhead (its node, or the lane), each box's pods in
 * display order and its count per stage, updated per pod as PodStates reports changes.
 * `dirty` collects the boxes whose content changed since the canvas last painted them.
 */
export class ClusterBook {
  readonly dirty = new Set<string>();
  private readonly keyOf: string[];
  private readonly stageOf: Int8Array;
  private readonly members = new Map<string, Set<number>>();
  private readonly stageCounts = new Map<string, Int32Array>();
  private readonly order = new Map<string, number[]>();
  private readonly ids: Map<PodTrack, number>;
  private live = new Set<string>();
  private liveSig = '\0';
  private nodeVersions = new Map<string, unknown>();
  total = 0;

  constructor(readonly states: PodStates) {
    this.keyOf = new Array<string>(states.pods.length).fill('');
    this.stageOf = new Int8Array(states.pods.length).fill(-1);
    this.ids = new Map(states.pods.map((p, i) => [p, i]));
  }

  /** Applies the change from the last seq to `seq`; the nodes alive at `seq` decide who is in the lane. */
  moveTo(seq: number, nodes: readonly NodeAt[]): void {
    const changed = this.states.moveTo(seq);
    const sig = nodes.map((n) => n.track.name).join('\n');
    for (const n of nodes) {
      if (this.nodeVersions.get(n.track.name) !== n.v) this.dirty.add(n.track.name);
      this.nodeVersions.set(n.track.name, n.v);
    }
    if (changed === null || sig !== this.liveSig) {
      this.liveSig = sig;
      this.live = new Set(nodes.map((n) => n.track.name));
      for (let i = 0; i < this.keyOf.length; i++) {
        this.unplace(i);
        this.place(i);
      }
      return;
    }
    for (const i of changed) {
      this.unplace(i);
      this.place(i);
    }
  }

  private unplace(i: number): void {
    const key = this.keyOf[i] as string;
    if (key === '') return;
    this.members.get(key)?.delete(i);
    const c = this.stageCounts.get(key);
    if (c !== undefined) c[this.stageOf[i] as number]! -= 1;
    this.order.delete(key);
    this.dirty.add(key);
    this.keyOf[i] = '';
    this.total -= 1;
  }

  private place(i: number): void {
    const at = this.states.at[i];
    if (at === undefined) return;
    const key = at.node !== null && this.live.has(at.node) ? at.node : LANE;
    let m = this.members.get(key);
    if (m === undefined) this.members.set(key, (m = new Set()));
    m.add(i);
    let c = this.stageCounts.get(key);
    if (c === undefined) this.stageCounts.set(key, (c = new Int32Array(7)));
    const stage = at.v[PV.stage];
    c[stage]! += 1;
    this.stageOf[i] = stage;
    this.keyOf[i] = key;
    this.order.delete(key);
    this.dirty.add(key);
    this.total += 1;
  }

  /** A box's pods (ids into states) in display order: old templates first, then by creation. */
  sorted(key: string): number[] {
    let list = this.order.get(key);
    if (list === undefined) {
      list = [...(this.members.get(key) ?? [])].sort((a, b) => a - b);
      this.order.set(key, list);
    }
    return list;
  }

  count(key: string): number {
    return this.members.get(key)?.size ?? 0;
  }

  /** Pods per Stage in a box. */
  counts(key: string): Int32Array {
    return this.stageCounts.get(key) ?? new Int32Array(7);
  }

  /** Boxes holding a terminating pod: their countdowns and grace bars move with time, not only with seqs. */
  *terminatingKeys(): Iterable<string> {
    for (const [key, c] of this.stageCounts) if ((c[Stage.Terminating] as number) > 0) yield key;
  }

  idOf(pod: PodTrack): number {
    return this.ids.get(pod) ?? -1;
  }
}
