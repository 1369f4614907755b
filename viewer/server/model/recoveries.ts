import type { Recording } from '../../../core/record/recording.js';
import { PV, Stage, type MarkerModel, type PodTrack, type RecoveryHop, type RecoveryModel } from '../../shared/model.js';

/** How far up a replacement's cause links are followed to the loss: create <- RS status <- pod write is 2. */
const MAX_DEPTH = 8;
/**
 * An action marker (a fault, a kubectl command) names the lost pod, or the node it was
 * on, at most this long before the loss is written: a node that goes silent has its pods
 * evicted 40 s (node-monitor grace) + 300 s (the not-ready toleration) + a sync later.
 */
const NOTICE_WINDOW_MS = 10 * 60_000;

/**
 * The critical path of each recovery: a pod is lost (kubectl delete, a fault, an
 * eviction), its controller creates a replacement, the scheduler binds it, the kubelet
 * starts it and its readiness probe passes. The link from the loss to the replacement is
 * the recording's cause_seq (the create's cause, or its cause's cause: the
 * ReplicaSet controller reacts to the pod write that says the pod is gone); the hops
 * after it are the replacement's own versions. In pod-loss-recovery's kubectl delete at
 * 30.0 s the delete is the loss write ("noticed 0 ms"), the replacement is created a few
 * ms later and is Ready 2.0 s after its container starts. A pod restarted in place (the
 * same pod, no replacement) is restarts-in-place.ts.
 */
export function recoveries(rec: Recording, pods: readonly PodTrack[], markers: readonly MarkerModel[], timeOf: (seq: number) => number, strings: readonly string[]): RecoveryModel[] {
  const byUid = new Map(pods.map((p) => [p.uid, p]));
  const read = rec.db.prepare('SELECT kind, uid, verb, actor, reason, cause_seq FROM events WHERE seq = ?').raw(true);
  // Creates share their causes: a ReplicaSet sync creates up to 500 pods (slow start), each
  // walking up the same few rows. Each row is read once: reading one reads past its object
  // (its overflow pages), so 10,000 pods on 100 nodes scaled up once spent 10.6 s of an
  // uncached 28 s model build here, a few hundred distinct rows read ~40,000 times.
  const seen = new Map<number, Row | undefined>();
  const row = (seq: number): Row | undefined => {
    if (!seen.has(seq)) seen.set(seq, read.get(seq) as Row | undefined);
    return seen.get(seq);
  };
  const creates = rec.db.prepare("SELECT seq, uid, cause_seq FROM events WHERE kind = 'Pod' AND verb = 'create' AND cause_seq IS NOT NULL ORDER BY seq").raw(true).all() as Array<[number, string, number]>;
  const out: RecoveryModel[] = [];
  for (const [createSeq, uid, firstCause] of creates) {
    const pod = byUid.get(uid);
    if (pod === undefined) continue;
    let cause: number | null = firstCause;
    for (let depth = 0; cause !== null && depth < MAX_DEPTH; depth++) {
      const e = row(cause);
      if (e === undefined) break;
      const [kind, lostUid, verb, actor, reason, up] = e;
      if (kind === 'Pod' && lostUid !== uid) {
        const lost = byUid.get(lostUid);
        if (lost !== undefined && isLoss(lost, cause, verb)) out.push(recovery(lost, pod, cause, createSeq, `${actor} ${reason ?? verb}`, markers, timeOf, strings));
        break; // the first other pod up the chain decides: a pod that became Ready is a rollout's step, not a loss
      }
      cause = up;
    }
  }
  return out;
}

/**
 * The action marker that began a loss: a fault is no write ("fault: pod web-x killed", or
 * "fault: node node-2 down" is an action marker) and the loss write is the kubelet (or the
 * taint manager) noticing it. The latest action naming the pod, or the node it was on,
 * at most NOTICE_WINDOW_MS before the loss write; undefined when none did.
 */
export function beganBy(lost: PodTrack, lossSeq: number, markers: readonly MarkerModel[], timeOf: (seq: number) => number, strings: readonly string[]): MarkerModel | undefined {
  const lossMs = timeOf(lossSeq);
  const nodeIndex = [...lost.versions].reverse().find((v) => v[PV.seq] <= lossSeq && v[PV.node] >= 0)?.[PV.node];
  const names = [lost.name, ...(nodeIndex === undefined || strings[nodeIndex] === undefined ? [] : [strings[nodeIndex] as string])];
  const words = names.map((n) => new RegExp(`(^|[^\\w-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`));
  return [...markers].reverse().find((m) => m.kind === 'action' && m.timeMs <= lossMs && lossMs - m.timeMs <= NOTICE_WINDOW_MS && words.some((re) => re.test(`${m.title}\n${m.body ?? ''}`)));
}

/** kind, uid, verb, actor, reason, cause_seq of a write. */
type Row = [string, string, string, string, string | null, number | null];

/** The write removed the pod, or says it is going (deletionTimestamp) or dead (Failed). */
function isLoss(pod: PodTrack, seq: number, verb: string): boolean {
  if (verb === 'delete' || pod.deletedSeq === seq) return true;
  const v = pod.versions.find((x) => x[PV.seq] === seq);
  return v !== undefined && (v[PV.stage] === Stage.Terminating || v[PV.stage] === Stage.Failed);
}

function recovery(lost: PodTrack, pod: PodTrack, lossSeq: number, createSeq: number, lossWords: string, markers: readonly MarkerModel[], timeOf: (seq: number) => number, strings: readonly string[]): RecoveryModel {
  const marker = beganBy(lost, lossSeq, markers, timeOf, strings);
  const hops: RecoveryHop[] = [['noticed', lossSeq], ['created', createSeq]];
  const first = (ok: (v: PodTrack['versions'][number]) => boolean): number | undefined => pod.versions.find(ok)?.[PV.seq];
  const steps: Array<[RecoveryHop[0], number | undefined]> = [
    ['scheduled', first((v) => v[PV.node] >= 0)],
    ['started', first((v) => v[PV.stage] === Stage.Running || v[PV.stage] === Stage.Ready)],
    ['ready', first((v) => v[PV.stage] === Stage.Ready)],
  ];
  for (const [step, seq] of steps) {
    if (seq === undefined) break;
    hops.push([step, seq]);
  }
  return { lostUid: lost.uid, podUid: pod.uid, startMs: marker?.timeMs ?? timeOf(lossSeq), cause: marker?.title ?? lossWords, hops };
}
