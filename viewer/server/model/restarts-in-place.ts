import type { Recording } from '../../../core/record/recording.js';
import { PV, Stage, type MarkerModel, type PodTrack, type RecoveryHop, type RecoveryModel } from '../../shared/model.js';
import { beganBy } from './recoveries.js';

/**
 * Recoveries with no replacement: a Ready pod leaves Ready, the kubelet restarts a
 * container in the same pod (its restart count goes up) and the pod is Ready again. That
 * is what a pod-kill fault is since kubelet13 (upstream's kubelet finds the sandbox gone
 * at its relist, writes SandboxChanged and makes a new sandbox: pkg/kubelet/kuberuntime/
 * kuberuntime_manager.go, computePodActions), and what a liveness or OOM kill is. In
 * pod-loss-recovery the fault at 70.0 s is noticed at 71.0 s (the SandboxChanged status
 * write: "noticed 1.0 s"), the container starts again at 71.4 s (restart 1: "restarted
 * 400 ms") and the readiness probe passes at 73.4 s ("ready 2.0 s"): restarted in place,
 * Ready again in 3.4 s.
 *
 * A pod that leaves Ready without a restart (a readiness probe failing, its node going
 * NotReady) is no restart: it is not listed, nor is one that is deleted or fails before
 * it restarts (recoveries.ts follows its replacement).
 */
export function restartsInPlace(rec: Recording, pods: readonly PodTrack[], markers: readonly MarkerModel[], timeOf: (seq: number) => number, strings: readonly string[]): RecoveryModel[] {
  const read = rec.db.prepare('SELECT actor, reason, verb FROM events WHERE seq = ?').raw(true);
  const out: RecoveryModel[] = [];
  for (const pod of pods) {
    const vs = pod.versions;
    for (let i = 1; i < vs.length; i++) {
      const prev = vs[i - 1] as PodTrack['versions'][number];
      const v = vs[i] as PodTrack['versions'][number];
      if (prev[PV.stage] !== Stage.Ready || !alive(v[PV.stage]) || v[PV.stage] === Stage.Ready) continue;
      // It left Ready alive: find the restart and Ready again, before anything ends it.
      const hops: RecoveryHop[] = [['noticed', v[PV.seq]]];
      let j = i;
      for (; j < vs.length; j++) {
        const w = vs[j] as PodTrack['versions'][number];
        if (!alive(w[PV.stage])) break;
        if (hops.length === 1 && w[PV.restarts] > prev[PV.restarts]) hops.push(['restarted', w[PV.seq]]);
        if (hops.length === 2 && w[PV.stage] === Stage.Ready) {
          hops.push(['ready', w[PV.seq]]);
          break;
        }
      }
      const ended = j < vs.length && !alive((vs[j] as PodTrack['versions'][number])[PV.stage]);
      if (hops.length >= 2 && !(ended && hops.length === 2)) {
        const marker = beganBy(pod, v[PV.seq], markers, timeOf, strings);
        const [actor, reason, verb] = read.get(v[PV.seq]) as [string, string | null, string];
        out.push({ lostUid: pod.uid, podUid: pod.uid, startMs: marker?.timeMs ?? timeOf(v[PV.seq]), cause: marker?.title ?? `${actor} ${reason ?? verb}`, hops, inPlace: true });
      }
      i = Math.max(i, j - 1);
    }
  }
  return out;
}

/** Still a pod that can come back: not going (deletionTimestamp) and not finished. */
function alive(stage: Stage): boolean {
  return stage !== Stage.Terminating && stage !== Stage.Failed && stage !== Stage.Succeeded;
}
