import { PV, RV, Stage, type PodTrack, type PodVersion, type ReplicaSetTrack } from '../../../shared/model.js';
import type { ModelIndex } from '../model-index.js';
import { versionAt } from '../versions.js';
import { sortedPairs } from '../sorted-pairs.js';

/** Stages bottom-up in a ReplicaSet's lane: Ready first, so its height reads straight off the axis. */
export const LANE_STAGES: readonly Stage[] = [Stage.Ready, Stage.Running, Stage.Creating, Stage.Pending, Stage.Terminating, Stage.Succeeded, Stage.Failed];

/** [timeMs, count per stage (indexed by Stage)] after each write that changed one of its pods. */
export type StageStep = [number, number[]];

/** One ReplicaSet's pods at a moment, read from the pods themselves (what the chips show), and its status's available count. */
export interface RsCount {
  pods: number;
  ready: number;
  terminating: number;
  desired: number;
  available: number;
}

/**
 * A ReplicaSet's pods, counted by stage from the pod tracks rather than from its
 * status: status.readyReplicas is written by the ReplicaSet controller after the pods
 * change (in rolling-update a pod turns Ready at one seq and the counts follow 1-3
 * writes later), so a chart read from status lags the chips drawn above it.
 *
 * The steps are kept in columns (typed arrays: seq, time, total and 7 counts per step),
 * not as a [time, counts] tuple with its own counts array and a Map entry per step:
 * 1,000 pods rolled 7 times are 61,010 steps over 8 ReplicaSets, and those ~180,000
 * small objects (and the GC they caused) were 140-360 ms of the first frame on a loaded
 * machine. A lane draws only the ~2,000 steps its pixels keep (`stepAt` makes those).
 */
export class RsPods {
  readonly pods: PodTrack[];
  /** How many steps: a step after each seq that changed one of its pods. */
  readonly length: number;
  /** The seq of each step, for a binary search at the playhead. */
  private readonly seqs: Int32Array;
  /** time_ms of each step. */
  readonly times: Float64Array;
  /** Each step's pods of every stage together (what a lane's decimation keeps the highest of). */
  readonly totals: Int32Array;
  /** Step k's count of stage s at counts[k * 7 + s]. */
  private readonly counts: Int32Array;

  constructor(
    mi: ModelIndex,
    readonly rs: ReplicaSetTrack,
    readonly index: number,
  ) {
    this.pods = podsByReplicaSet(mi).get(index) ?? [];
    // One sweep over every change of its pods, in seq order: a pod's stage leaves one count and joins another.
    // Each change is packed in one number, seq * 2^24 + pod * 8 + (stage + 1) (seq < 2^29, pods < 2^21),
    // and sorted as a Float64Array: 1,000 pods rolled 7 times are ~60,000 changes, sorted natively in
    // ~5 ms where tuples through a comparator took ~150 ms of the first frame.
    // Counted first and written into one Float64Array in plain loops (a growing array of
    // ~7,600 pushes per ReplicaSet and a copy into a typed array were ~2x this).
    const SEQ = 2 ** 24;
    let most = 0;
    for (const p of this.pods) most += p.versions.length + 2;
    const changes = new Float64Array(most);
    let c = 0;
    for (let k = 0; k < this.pods.length; k++) {
      const p = this.pods[k] as PodTrack;
      const vs = p.versions;
      const first = versionAt(vs, p.createdSeq) ?? vs[0];
      if (first !== undefined) changes[c++] = p.createdSeq * SEQ + k * 8 + first[PV.stage] + 1;
      const gone = p.deletedSeq ?? Infinity;
      for (let j = 0; j < vs.length; j++) {
        const v = vs[j] as PodVersion;
        const seq = v[PV.seq];
        if (seq > p.createdSeq && seq < gone) changes[c++] = seq * SEQ + k * 8 + v[PV.stage] + 1;
      }
      if (p.deletedSeq !== null) changes[c++] = p.deletedSeq * SEQ + k * 8;
    }
    // A pod changes at most once a seq, so the order within a seq does not change the counts after it.
    const sorted = changes.subarray(0, c).sort();
    // At most a step per change; the columns are cut to the steps made.
    const seqs = new Int32Array(sorted.length);
    const times = new Float64Array(sorted.length);
    const totals = new Int32Array(sorted.length);
    const counts = new Int32Array(sorted.length * STAGES);
    const now = new Int8Array(this.pods.length).fill(-1);
    const n = new Int32Array(STAGES);
    let total = 0;
    let steps = 0;
    for (let i = 0; i < sorted.length; i++) {
      const c = sorted[i] as number;
      const seq = Math.floor(c / SEQ);
      const low = c - seq * SEQ;
      const k = low >> 3;
      const stage = (low & 7) - 1;
      const was = now[k] as number;
      if (was >= 0) {
        n[was] = (n[was] as number) - 1;
        total--;
      }
      if (stage >= 0) {
        n[stage] = (n[stage] as number) + 1;
        total++;
      }
      now[k] = stage;
      const next = sorted[i + 1];
      if (next === undefined || Math.floor(next / SEQ) !== seq) {
        seqs[steps] = seq;
        times[steps] = mi.timeOf(seq);
        totals[steps] = total;
        counts.set(n, steps * STAGES);
        steps++;
      }
    }
    this.length = steps;
    this.seqs = seqs.subarray(0, steps);
    this.times = times.subarray(0, steps);
    this.totals = totals.subarray(0, steps);
    this.counts = counts.subarray(0, steps * STAGES);
  }

  /** Step k's count of one stage. */
  count(k: number, stage: Stage): number {
    return this.counts[k * STAGES + stage] as number;
  }

  /** Step k as a [time, counts] tuple (a fresh one per call): what a lane draws for the steps it keeps. */
  stepAt(k: number): StageStep {
    return [this.times[k] as number, Array.from(this.counts.subarray(k * STAGES, (k + 1) * STAGES))];
  }

  /** The index of the last step at or before `seq`; -1 before the first. */
  private stepOf(seq: number): number {
    let lo = 0;
    let hi = this.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.seqs[mid] as number) <= seq) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** Count per Stage right after `seq`: the last step at or before it. */
  byStage(seq: number): number[] {
    const k = this.stepOf(seq);
    return k < 0 ? new Array<number>(STAGES).fill(0) : this.stepAt(k)[1];
  }

  /**
   * Its counts at the playhead, read from the columns (asked for every lane on every frame of a drag).
   *
   * Available is its status's, but never more than the pods Ready at that instant: a pod
   * is available only once Ready (upstream v1.32 pkg/api/v1/pod/util.go, IsPodAvailable
   * returns false unless IsPodReady), and a terminating one counts for neither (the
   * ReplicaSet controller counts FilterActivePods, pkg/controller/controller_utils.go
   * IsPodActive: no deletionTimestamp). The status is written after the pods change and
   * can lag them by a whole poll in an import: k8shark's capture has the old ReplicaSet's
   * last pod terminating at seq 85 while its status still says 1 available until seq 87,
   * which read "3 pods, 0 ready, 1 avail.". It reads 0 available now.
   */
  at(seq: number): RsCount {
    const k = this.stepOf(seq);
    const rv = this.rs.createdSeq <= seq && (this.rs.deletedSeq === null || this.rs.deletedSeq > seq) ? versionAt(this.rs.versions, seq) : undefined;
    const ready = k < 0 ? 0 : this.count(k, Stage.Ready);
    return {
      pods: k < 0 ? 0 : (this.totals[k] as number),
      ready,
      terminating: k < 0 ? 0 : this.count(k, Stage.Terminating),
      desired: rv?.[RV.desired] ?? 0,
      available: Math.min(rv?.[RV.available] ?? 0, ready),
    };
  }

  /** Most pods it ever had at once, or its largest desired count. */
  get peak(): number {
    let peak = 0;
    for (let k = 0; k < this.length; k++) peak = Math.max(peak, this.totals[k] as number);
    for (const v of this.rs.versions) peak = Math.max(peak, v[RV.desired]);
    return peak;
  }
}

/** Stages counted per step: one per Stage value. */
const STAGES = 7;

const byRs = new WeakMap<ModelIndex, Map<number, PodTrack[]>>();

/** Every ReplicaSet's pods, grouped once per model: one pass over 10,000 pods, not one per ReplicaSet. */
function podsByReplicaSet(mi: ModelIndex): Map<number, PodTrack[]> {
  let m = byRs.get(mi);
  if (m === undefined) {
    m = new Map();
    for (const p of mi.m.pods) {
      const i = mi.rsOf(p);
      if (i < 0) continue;
      const list = m.get(i) ?? [];
      list.push(p);
      m.set(i, list);
    }
    byRs.set(mi, m);
  }
  return m;
}

/** Its deployment.kubernetes.io/revision right after `seq` (the first one before it had any), or null. */
export function revisionAt(rs: ReplicaSetTrack, seq: number): string | null {
  let found: string | null = rs.revisions[0]?.[1] ?? rs.revision;
  for (const [s, r] of rs.revisions) if (s <= seq) found = r;
  return found;
}

/** All the revisions it held, in order: "1", or "1→3" for the ReplicaSet a rollback brought back. */
export function revisionsOf(rs: ReplicaSetTrack): string | null {
  return rs.revisions.length === 0 ? rs.revision : rs.revisions.map((r) => r[1]).join('→');
}

/** A rollout: from the first write at which two ReplicaSets of the Deployment want or have pods to the last. */
export interface Rollout {
  t0: number;
  t1: number;
}

/**
 * The Deployment's rollouts, from its ReplicaSets' versions: in rolling-update the first
 * runs 0:40.0-0:52.5 of a 5:00 recording, ~30 px of a 900 px chart when the whole
 * recording is shown, which is why each gets a "zoom" button.
 */
export function rollouts(mi: ModelIndex, rss: RsPods[]): Rollout[] {
  // Each write's change to how many ReplicaSets are on (wanting or having pods), in seq order
  // (sortedPairs: ties in ReplicaSet, then version order, as the stable sort of objects had
  // them), summed as it goes: 8 ReplicaSets of 1,000 pods have ~20,000 writes between them,
  // which were an object each through a comparator sort.
  const seqs: number[] = [];
  const deltas: number[] = [];
  for (const r of rss) {
    let was = 0;
    const push = (seq: number, on: number): void => {
      seqs.push(seq);
      deltas.push(on - was);
      was = on;
    };
    for (const v of r.rs.versions) push(v[RV.seq], v[RV.desired] > 0 || v[RV.current] > 0 ? 1 : 0);
    if (r.rs.deletedSeq !== null) push(r.rs.deletedSeq, 0);
  }
  const order = sortedPairs(seqs, Array.from(seqs, (_, k) => k));
  const out: Rollout[] = [];
  let start: number | null = null;
  let active = 0;
  for (let k = 0; k < order.ids.length; k++) {
    const seq = order.keys[k] as number;
    active += deltas[order.ids[k] as number] as number;
    if (active >= 2 && start === null) start = seq;
    else if (active < 2 && start !== null) {
      out.push({ t0: mi.timeOf(start), t1: mi.timeOf(seq) });
      start = null;
    }
  }
  if (start !== null) out.push({ t0: mi.timeOf(start), t1: mi.endTime });
  return out;
}
