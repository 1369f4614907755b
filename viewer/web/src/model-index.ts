import {
  PV,
  type DeploymentTrack, type DeploymentVersion, type MarkerModel, type NodeTrack, type NodeVersion, type PodTrack, type PodVersion,
  type StoryModel,
} from '../../shared/model.js';
import { unpackAggregates, type PodAggregates } from '../../shared/aggregate-model.js';
import { OwnerIndex } from './owner-index.js';
import { RevisionIndex } from './revision-index.js';
import { addUnrecordedNodes } from './unrecorded-nodes.js';
import { versionAt } from './versions.js';

export { versionAt } from './versions.js';

export interface PodAt {
  track: PodTrack;
  v: PodVersion;
  node: string | null;
  /** Its template's colour slot: its ReplicaSet's index, or its DaemonSet or StatefulSet revision's (RevisionIndex); -1 for none. */
  rev: number;
}

export interface NodeAt {
  track: NodeTrack;
  v: NodeVersion;
}

/** A story model with the look-ups the views need: seq <-> time, what exists at a seq, chapters. */
export class ModelIndex {
  readonly rsIndex = new Map<string, number>(); // "ns/name" -> index in replicaSets
  /** Most pods a node ever held at once: node boxes are sized once, so they do not jump while scrubbing. */
  readonly maxPodsPerNode: number;
  readonly nodeNames: string[];
  /** Nodes pods are bound to that the recording holds no Node object for (an import): drawn as boxes all the same. */
  readonly unrecordedNodes: ReadonlySet<string>;
  readonly chapters: MarkerModel[];
  readonly podOrder: PodTrack[];
  /** time_ms of seq s at times[s - 1], decoded from the model's deltas. */
  readonly times: Float64Array;

  readonly revisions: RevisionIndex;
  readonly owners: OwnerIndex;
  /**
   * Each pod's ReplicaSet and colour slot, worked out once: the first frame asks for them
   * ~4 times per pod (the chip order, the cluster's change points, the charts' pods per
   * ReplicaSet), and each ask built an "ns/name" key: 8,042 pods' ~32,000 keys were
   * ~50-70 ms of a loaded machine's first frame.
   */
  private readonly rss = new Map<PodTrack, number>();
  private readonly revs = new Map<PodTrack, number>();
  /** An aggregated recording's counts (no pod tracks), unpacked; undefined for any other. */
  readonly aggregate: PodAggregates | undefined;

  /**
   * `times`: the seqs' times when another index of the same recording has them (the pods of
   * a clicked node drawn over an aggregated model: aggregate-pods.ts), not worked out again.
   */
  constructor(readonly m: StoryModel, times?: Float64Array) {
    normalize(m);
    this.revisions = new RevisionIndex(m);
    this.owners = new OwnerIndex(m);
    // An aggregated model sends its counts and the seqs' times packed (shared/aggregate-model.ts).
    let deltas: ArrayLike<number> = m.timeDeltas;
    if (m.aggregate !== undefined) {
      const u = unpackAggregates(m.aggregate);
      this.aggregate = u.aggregates;
      if (deltas.length === 0) deltas = u.timeDeltas;
    }
    if (times !== undefined) this.times = times;
    else {
      this.times = new Float64Array(deltas.length);
      // A plain loop: 113,907 deltas through a forEach callback were ~10-25 ms of a loaded machine's open (cold code).
      let t = 0;
      for (let k = 0; k < deltas.length; k++) this.times[k] = t += deltas[k] as number;
    }
    m.replicaSets.forEach((rs, i) => this.rsIndex.set(`${rs.namespace}/${rs.name}`, i));
    this.unrecordedNodes = addUnrecordedNodes(m, this.aggregate);
    this.nodeNames = [...new Set(m.nodes.map((n) => n.name))];
    this.chapters = m.markers.filter((x) => x.kind === 'chapter');
    this.maxPodsPerNode = peakPodsPerNode(m);
    // Old templates' pods first, then by creation: during a rollout the new pods sit to the right.
    // Each pod's slot is looked up once, not per comparison: 8,042 pods sorted are ~200,000
    // comparisons, each building two "ns/name" keys (~45 ms of a loaded machine's open).
    const slot = this.revs;
    for (const p of m.pods) this.revOf(p);
    this.podOrder = [...m.pods].sort((a, b) => (slot.get(a) as number) - (slot.get(b) as number) || a.createdSeq - b.createdSeq);
  }

  get lastSeq(): number {
    return this.m.lastSeq;
  }

  get endTime(): number {
    return this.m.endTimeMs;
  }

  timeOf(seq: number): number {
    return seq <= 0 ? 0 : (this.times[Math.min(seq, this.times.length) - 1] ?? 0);
  }

  /** The last seq at or before `t` (0: before the first event). */
  seqAtTime(t: number): number {
    const times = this.times;
    let lo = 0;
    let hi = times.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] as number) <= t) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans + 1;
  }

  str(i: number): string | null {
    return i < 0 ? null : (this.m.strings[i] ?? null);
  }

  rsOf(track: PodTrack): number {
    const known = this.rss.get(track);
    if (known !== undefined) return known;
    const rs = track.owner === null || !track.owner.startsWith('ReplicaSet/') ? -1 : (this.rsIndex.get(`${track.namespace}/${track.owner.slice('ReplicaSet/'.length)}`) ?? -1);
    this.rss.set(track, rs);
    return rs;
  }

  /**
   * The colour slot of the template a pod runs (see PodAt.rev). Slots follow creation
   * order (ReplicaSets in order of appearance, then revisions), which also orders chips.
   */
  revOf(track: PodTrack): number {
    const known = this.revs.get(track);
    if (known !== undefined) return known;
    const rs = this.rsOf(track);
    const rev = rs >= 0 ? rs : this.revisions.slotOf(track.namespace, track.owner, track.revision);
    this.revs.set(track, rev);
    return rev;
  }

  /** Pods that exist right after `seq`, in display order. */
  podsAt(seq: number): PodAt[] {
    const out: PodAt[] = [];
    for (const track of this.podOrder) {
      if (track.createdSeq > seq || (track.deletedSeq !== null && track.deletedSeq <= seq)) continue;
      const v = versionAt(track.versions, seq);
      if (v === undefined) continue;
      out.push({ track, v, node: this.str(v[PV.node]), rev: this.revOf(track) });
    }
    return out;
  }

  nodesAt(seq: number): NodeAt[] {
    const out: NodeAt[] = [];
    for (const track of this.m.nodes) {
      if (track.createdSeq > seq || (track.deletedSeq !== null && track.deletedSeq <= seq)) continue;
      const v = versionAt(track.versions, seq);
      if (v !== undefined) out.push({ track, v });
    }
    return out;
  }

  deploymentAt(d: DeploymentTrack, seq: number): DeploymentVersion | undefined {
    if (d.deletedSeq !== null && d.deletedSeq <= seq) return undefined;
    return versionAt(d.versions, seq);
  }

  /** The chapter being told at time `t`: the last chapter marker at or before it. */
  chapterAt(t: number): MarkerModel | undefined {
    let found: MarkerModel | undefined;
    for (const c of this.chapters) if (c.timeMs <= t) found = c;
    return found;
  }

  /** Failed requests up to time `t`, over every Service; null without traffic data. */
  failedUpTo(t: number): number | null {
    const tr = this.m.traffic;
    if (tr === null) return null;
    let n = 0;
    for (const [time, , failed] of tr.buckets) {
      if (time > t) break;
      n += failed;
    }
    return n;
  }
}

/** Sweep over every pod's [bound, gone) interval per node; O(pods log pods). */
function peakPodsPerNode(m: StoryModel): number {
  // Edges packed as seq * 2 + (bound ? 1 : 0) and sorted natively: a pod leaving sorts before
  // one arriving at the same seq, as the tuples' comparator ordered them.
  const edges = new Map<number, number[]>();
  for (const p of m.pods) {
    let bound: PodVersion | undefined;
    for (let j = 0; j < p.versions.length && bound === undefined; j++) if ((p.versions[j] as PodVersion)[PV.node] >= 0) bound = p.versions[j];
    if (bound === undefined) continue;
    const list = edges.get(bound[PV.node]) ?? [];
    list.push(bound[PV.seq] * 2 + 1);
    if (p.deletedSeq !== null) list.push(p.deletedSeq * 2);
    edges.set(bound[PV.node], list);
  }
  let peak = 1;
  for (const list of edges.values()) {
    const sorted = Float64Array.from(list).sort();
    let n = 0;
    for (let k = 0; k < sorted.length; k++) peak = Math.max(peak, (n += (sorted[k] as number) % 2 === 1 ? 1 : -1));
  }
  return peak;
}

/** A model from an older server may lack the newer kinds: they read as none. */
function normalize(m: StoryModel): void {
  m.controllerRevisions ??= [];
  m.daemonSets ??= [];
  m.statefulSets ??= [];
  m.claims ??= [];
  m.jobs ??= [];
  m.cronJobs ??= [];
  for (const rs of m.replicaSets) rs.revisions ??= rs.revision === null ? [] : [[rs.createdSeq, rs.revision]];
  for (const p of m.pods) {
    p.revision ??= null;
    p.claims ??= [];
    p.target ??= null;
    p.completionIndex ??= null;
    p.exitMs ??= null;
  }
}
