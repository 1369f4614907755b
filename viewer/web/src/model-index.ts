import {
  PV,
  type DeploymentTrack, type DeploymentVersion, type MarkerModel, type NodeTrack, type NodeVersion, type PodTrack, type PodVersion,
  type ReplicaSetTrack, type StoryModel,
} from '../../shared/model.js';

/** The last element of `versions` whose seq (element 0) is <= seq: binary search, as scrubbing needs it per pod per frame. */
export function versionAt<V extends readonly number[]>(versions: readonly V[], seq: number): V | undefined {
  let lo = 0;
  let hi = versions.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (((versions[mid] as V)[0] as number) <= seq) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans < 0 ? undefined : versions[ans];
}

export interface PodAt {
  track: PodTrack;
  v: PodVersion;
  node: string | null;
  /** The ReplicaSet's index in the model (colour), -1 for none. */
  rs: number;
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
  readonly chapters: MarkerModel[];
  readonly podOrder: PodTrack[];
  /** time_ms of seq s at times[s - 1], decoded from the model's deltas. */
  readonly times: Float64Array;

  constructor(readonly m: StoryModel) {
    this.times = new Float64Array(m.timeDeltas.length);
    let t = 0;
    m.timeDeltas.forEach((d, k) => (this.times[k] = t += d));
    m.replicaSets.forEach((rs, i) => this.rsIndex.set(`${rs.namespace}/${rs.name}`, i));
    this.nodeNames = [...new Set(m.nodes.map((n) => n.name))];
    this.chapters = m.markers.filter((x) => x.kind === 'chapter');
    this.maxPodsPerNode = peakPodsPerNode(m);
    // Old ReplicaSets' pods first, then by creation: during a rollout the new pods sit to the right.
    this.podOrder = [...m.pods].sort((a, b) => this.rsCreated(a) - this.rsCreated(b) || a.createdSeq - b.createdSeq);
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
    if (track.owner === null || !track.owner.startsWith('ReplicaSet/')) return -1;
    return this.rsIndex.get(`${track.namespace}/${track.owner.slice('ReplicaSet/'.length)}`) ?? -1;
  }

  private rsCreated(p: PodTrack): number {
    const i = this.rsOf(p);
    return i < 0 ? 0 : (this.m.replicaSets[i] as ReplicaSetTrack).createdSeq;
  }

  /** Pods that exist right after `seq`, in display order. */
  podsAt(seq: number): PodAt[] {
    const out: PodAt[] = [];
    for (const track of this.podOrder) {
      if (track.createdSeq > seq || (track.deletedSeq !== null && track.deletedSeq <= seq)) continue;
      const v = versionAt(track.versions, seq);
      if (v === undefined) continue;
      out.push({ track, v, node: this.str(v[PV.node]), rs: this.rsOf(track) });
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
  const edges = new Map<number, Array<[number, number]>>();
  for (const p of m.pods) {
    const bound = p.versions.find((v) => v[PV.node] >= 0);
    if (bound === undefined) continue;
    const list = edges.get(bound[PV.node]) ?? [];
    list.push([bound[PV.seq], 1]);
    if (p.deletedSeq !== null) list.push([p.deletedSeq, -1]);
    edges.set(bound[PV.node], list);
  }
  let peak = 1;
  for (const list of edges.values()) {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let n = 0;
    for (const [, d] of list) peak = Math.max(peak, (n += d));
  }
  return peak;
}

