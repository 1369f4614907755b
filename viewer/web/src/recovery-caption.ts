import type { PodTrack, RecoveryModel, RecoveryStep } from '../../shared/model.js';
import { shortPod } from './format.js';
import type { ModelIndex } from './model-index.js';

/** A recovery in times: when it began, and each hop's end. */
export interface RecoveryTimes {
  r: RecoveryModel;
  lost: PodTrack;
  pod: PodTrack;
  startMs: number;
  hops: Array<[RecoveryStep, number]>;
}

export function recoveryTimes(mi: ModelIndex): RecoveryTimes[] {
  const byUid = new Map(mi.m.pods.map((p) => [p.uid, p]));
  const out: RecoveryTimes[] = [];
  for (const r of mi.m.recoveries ?? []) {
    const lost = byUid.get(r.lostUid);
    const pod = byUid.get(r.podUid);
    if (lost !== undefined && pod !== undefined) out.push({ r, lost, pod, startMs: r.startMs, hops: r.hops.map(([s, seq]) => [s, mi.timeOf(seq)]) });
  }
  return out;
}

/** 1 ms, 401 ms, 1.0 s, 2.0 s, 5 min 45 s: a hop's length as the caption says it. */
export function span(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
}

/**
 * The caption for the recovery at the playhead: "recovered in 2.4 s: noticed 0 ms,
 * created 1 ms, scheduled 1 ms, started 401 ms, ready 2.0 s (web-x → hnkzb)", or while
 * it is under way only the hops done so far ("recovering: 1.2 s so far: noticed 0 ms, …").
 * A restart in place names the one pod: "restarted in place, Ready again in 3.4 s:
 * noticed 1.0 s, restarted 400 ms, ready 2.0 s (web-x)" ("restarting in place: 1.2 s so
 * far: …" while under way).
 */
export function recoveryCaption(rt: RecoveryTimes, timeMs: number): string {
  let prev = rt.startMs;
  const parts: string[] = [];
  for (const [step, t] of rt.hops) {
    if (t > timeMs) break;
    parts.push(`${step} ${span(t - prev)}`);
    prev = t;
  }
  const last = rt.hops[rt.hops.length - 1];
  const done = last !== undefined && last[0] === 'ready' && last[1] <= timeMs;
  const inPlace = rt.r.inPlace === true;
  const who = inPlace ? `(${rt.pod.name})` : `(${rt.lost.name} → ${shortPod(rt.pod.name)})`;
  const head = done ? doneLabel(rt, last[1]) : `${inPlace ? 'restarting in place' : 'recovering'}: ${span(Math.max(0, timeMs - rt.startMs))} so far`;
  return `${head}${parts.length === 0 ? '' : `: ${parts.join(', ')}`} ${who}`;
}

/** "recovered in 3.4 s", or for the same pod restarted "restarted in place, Ready again in 3.4 s". */
export function doneLabel(rt: RecoveryTimes, readyMs: number): string {
  const took = span(readyMs - rt.startMs);
  return rt.r.inPlace === true ? `restarted in place, Ready again in ${took}` : `recovered in ${took}`;
}

/** The labels after a recovery's last dot, longest first: a restart in place has a short one ("restarted in place, 3.4 s") for a narrow plot. */
export function rowLabels(rt: RecoveryTimes, readyMs: number): string[] {
  const whole = doneLabel(rt, readyMs);
  return rt.r.inPlace === true ? [whole, `restarted in place, ${span(readyMs - rt.startMs)}`] : [whole];
}

/** The recovery the caption is about at `timeMs`: the latest one begun by then, or none. */
export function recoveryAt(list: readonly RecoveryTimes[], timeMs: number): RecoveryTimes | undefined {
  let best: RecoveryTimes | undefined;
  for (const rt of list) if (rt.startMs <= timeMs && (best === undefined || rt.startMs >= best.startMs)) best = rt;
  return best;
}
