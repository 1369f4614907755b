import { PV, type PodTrack, type PodVersion } from '../../shared/model.js';
import type { ModelIndex, PodAt } from './model-index.js';
import { alive, versionAt } from './versions.js';
import { sortedPairs } from './sorted-pairs.js';

/**
 * Above this many pods at once the cluster view is drawn on a canvas. An SVG chip is a
 * group of 3-5 elements: 1,292 chips are ~6,000 nodes the browser restyles and lays out
 * after every frame of a drag (the benchmark's 10,000 pods: 50,000, and 0.4 s a frame).
 * Every shipped story stays under it (test/viewer/pod-states.test.ts) and keeps the SVG,
 * which tests and screen readers can query element by element.
 */
export const CANVAS_FROM_PODS = 300;

/** The most pods that exist at one moment of the recording. */
export function peakPods(mi: ModelIndex): number {
  // Each creation and deletion packed as seq * 2 + (creation ? 1 : 0), sorted natively: a
  // deletion comes before a creation at the same seq, as the tuples' comparator had it, and
  // 8,042 pods' 16,000 edges take a few ms instead of ~100 ms through the comparator.
  const edges: number[] = [];
  for (const p of mi.m.pods) {
    edges.push(p.createdSeq * 2 + 1);
    if (p.deletedSeq !== null) edges.push(p.deletedSeq * 2);
  }
  const sorted = Float64Array.from(edges).sort();
  let n = 0;
  let peak = 0;
  for (let k = 0; k < sorted.length; k++) peak = Math.max(peak, (n += (sorted[k] as number) % 2 === 1 ? 1 : -1));
  return peak;
}

/**
 * Every pod's state at the playhead, kept up to date by applying only what changed
 * between two seqs. Each pod changes at its creation, at each recorded version and at
 * its deletion; those seqs, sorted, are the change points. Moving the playhead from seq
 * a to b recomputes (one binary search each) only the pods with a change point in
 * (min(a,b), max(a,b)]. A 10,000-pod recording has ~110,000 change points over 4,600
 * drag pixels: a mouse-drag frame touches ~370 pods instead of scanning 10,000, and a
 * frame that stays on the same seq touches none.
 */
export class PodStates {
  /** The pods in display order (mi.podOrder): an index into this is a pod's id here. */
  readonly pods: readonly PodTrack[];
  /** Each pod's state right after the current seq; undefined while it does not exist. */
  readonly at: Array<PodAt | undefined>;
  private readonly seqs: Int32Array;
  private readonly who: Int32Array;
  private seq = -1;
  private readonly revs: Int32Array;

  constructor(private readonly mi: ModelIndex) {
    this.pods = mi.podOrder;
    this.at = new Array<PodAt | undefined>(this.pods.length).fill(undefined);
    this.revs = Int32Array.from(this.pods, (p) => mi.revOf(p));
    const sorted = changePoints(this.pods);
    this.seqs = sorted.keys instanceof Int32Array ? sorted.keys : Int32Array.from(sorted.keys);
    this.who = sorted.ids;
  }

  /** How many change points the model has (what a full scan would cost). */
  get changePoints(): number {
    return this.seqs.length;
  }

  /**
   * Moves to `seq`; returns the ids of the pods whose state changed (appeared, went,
   * or has another version), or null when every pod was recomputed (the first call, or a
   * jump across more change points than there are pods).
   */
  moveTo(seq: number): number[] | null {
    if (seq === this.seq) return [];
    const from = this.seq;
    this.seq = seq;
    const lo = firstAfter(this.seqs, Math.min(from, seq));
    const hi = firstAfter(this.seqs, Math.max(from, seq));
    if (from < 0 || hi - lo > this.pods.length) {
      for (let i = 0; i < this.pods.length; i++) this.at[i] = this.compute(i, seq, this.at[i]);
      return null;
    }
    const changed: number[] = [];
    for (let k = lo; k < hi; k++) {
      const i = this.who[k] as number;
      const before = this.at[i];
      const now = this.compute(i, seq, before);
      if (now !== before) {
        this.at[i] = now;
        changed.push(i);
      }
    }
    return changed;
  }

  /** The pod's state at `seq`, the same object as `prev` when nothing about it differs. */
  private compute(i: number, seq: number, prev: PodAt | undefined): PodAt | undefined {
    const track = this.pods[i] as PodTrack;
    if (!alive(track, seq)) return undefined;
    const v = versionAt(track.versions, seq);
    if (v === undefined) return undefined;
    if (prev !== undefined && prev.v === v) return prev;
    return { track, v, node: this.mi.str(v[PV.node]), rev: this.revs[i] as number };
  }
}

/** Pod ids pack below seqs in one number (seq * 2^21 + id): at most 2^21 pods, seqs below 2^31. */
const ID = 2 ** 21;

/**
 * Every pod's change points (its creation, each later version, its deletion) as [seq,
 * pod id] sorted by seq, then id. Counted first and packed straight into one
 * Float64Array in plain loops: pushing the pairs into two growing arrays (~62,000 for
 * 8,042 pods rolled 7 times) and handing them to sortedPairs, which checks and packs them
 * again, took ~15 ms more of an idle machine's first frame (22 against 6 ms in node, the
 * same V8). A model past the packing's bounds takes sortedPairs' comparator path.
 */
function changePoints(pods: readonly PodTrack[]): { keys: ArrayLike<number>; ids: Int32Array } {
  let n = 0;
  for (const p of pods) n += 1 + p.versions.length + (p.deletedSeq === null ? 0 : 1);
  const packed = pods.length < ID ? packChanges(pods, n) : null;
  if (packed === null) {
    const seqs: number[] = [];
    const who: number[] = [];
    pods.forEach((p, i) => {
      seqs.push(p.createdSeq);
      who.push(i);
      for (const v of p.versions) {
        if (v[PV.seq] === p.createdSeq) continue;
        seqs.push(v[PV.seq]);
        who.push(i);
      }
      if (p.deletedSeq !== null) {
        seqs.push(p.deletedSeq);
        who.push(i);
      }
    });
    return sortedPairs(seqs, who);
  }
  const sorted = packed.sort();
  const c = sorted.length;
  const keys = new Int32Array(c);
  const ids = new Int32Array(c);
  for (let k = 0; k < c; k++) {
    const v = sorted[k] as number;
    const seq = Math.floor(v / ID);
    keys[k] = seq;
    ids[k] = v - seq * ID;
  }
  return { keys, ids };
}

/** The change points packed (seq * 2^21 + id), unsorted; null when a seq is past 2^31 or not whole. */
function packChanges(pods: readonly PodTrack[], n: number): Float64Array | null {
  const packed = new Float64Array(n);
  let c = 0;
  let ok = true;
  const put = (seq: number, i: number): void => {
    ok &&= Number.isInteger(seq) && seq >= 0 && seq < 2 ** 31;
    packed[c++] = seq * ID + i;
  };
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i] as PodTrack;
    const created = p.createdSeq;
    put(created, i);
    const vs = p.versions;
    for (let j = 0; j < vs.length; j++) {
      const seq = (vs[j] as PodVersion)[PV.seq];
      if (seq !== created) put(seq, i);
    }
    if (p.deletedSeq !== null) put(p.deletedSeq, i);
  }
  return ok ? packed.subarray(0, c) : null;
}

/** The index of the first element > x in an ascending array. */
function firstAfter(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
