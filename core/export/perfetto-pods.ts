import type { Recording } from '../record/recording.js';
import { Interner } from '../../viewer/server/model/interner.js';
import { podTracks } from '../../viewer/server/model/pods.js';
import { PV, Stage, STAGE_NAMES, type PodTrack } from '../../viewer/shared/model.js';
import { PODS_PID, type TraceTracks } from './perfetto-tracks.js';

/**
 * Each pod's life as nested async slices ('b'/'e' with the pod's uid as id) in the "pods"
 * process: the pod's whole life, and inside it one slice per phase the viewer's model
 * shows (Pending, ContainerCreating, Running, Ready, Terminating), with preStop inside
 * Terminating for a pod that has a preStop hook (prestop-on: 5 s). Phases are cut from the
 * viewer's own pod model (viewer/server/model/pods.ts), so the trace and the lifecycle
 * rows agree. Neighbouring begin/end events are kept 2 ns apart: Perfetto sorts by
 * timestamp, and a tie between one phase's end and the next one's begin could pair them
 * the wrong way round.
 * `times` maps each exported Pod write's seq to its µs; versions outside it are outside --from/--to.
 */
export function podPhaseSlices(recording: Recording, times: ReadonlyMap<number, number>, endTs: number, tracks: TraceTracks, emit: (e: Record<string, unknown>) => void): number {
  if (times.size === 0) return 0;
  tracks.process(PODS_PID, 'pods');
  let count = 0;
  for (const pod of podTracks(recording, new Interner())) {
    const phases = phasesOf(pod, times, endTs);
    if (phases.length === 0) continue;
    const id = pod.uid;
    const base = { cat: 'pod', id, pid: PODS_PID, tid: PODS_PID };
    const lifeEnd = (phases.at(-1) as Phase).end;
    emit({ ...base, ph: 'b', name: `${pod.namespace}/${pod.name}`, ts: (phases[0] as Phase).start, args: { owner: pod.owner ?? '' } });
    for (const p of phases) {
      emit({ ...base, ph: 'b', name: p.name, ts: p.start + 0.002 });
      if (p.name === 'Terminating' && pod.preStopMs > 0) {
        const stop = Math.min(p.start + pod.preStopMs * 1000, p.end - 0.006);
        if (stop > p.start + 0.004) {
          emit({ ...base, ph: 'b', name: 'preStop', ts: p.start + 0.004 });
          emit({ ...base, ph: 'e', name: 'preStop', ts: stop });
          count++;
        }
      }
      emit({ ...base, ph: 'e', name: p.name, ts: p.end - 0.004 });
      count++;
    }
    emit({ ...base, ph: 'e', name: `${pod.namespace}/${pod.name}`, ts: lifeEnd - 0.002 });
  }
  return count;
}

interface Phase {
  name: string;
  start: number;
  end: number;
}

function phasesOf(pod: PodTrack, times: ReadonlyMap<number, number>, endTs: number): Phase[] {
  const out: Phase[] = [];
  for (const v of pod.versions) {
    const ts = times.get(v[PV.seq]);
    if (ts === undefined) continue;
    const name = v[PV.stage] === Stage.Running ? 'Running' : STAGE_NAMES[v[PV.stage]];
    const last = out.at(-1);
    if (last?.name === name) continue;
    if (last !== undefined) last.end = ts;
    out.push({ name, start: ts, end: Number.NaN });
  }
  const last = out.at(-1);
  if (last !== undefined) {
    const gone = pod.deletedSeq === null ? undefined : times.get(pod.deletedSeq);
    // A pod still there at the end runs to the last write exported (plus 1 µs, so a phase begun by it has a length).
    last.end = gone ?? endTs + 1;
  }
  return out.filter((p) => p.end > p.start);
}
