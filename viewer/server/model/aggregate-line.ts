import type { Recording } from '../../../core/record/recording.js';

/**
 * Past this many pods a recording's story model counts pods per node and per owner
 * (aggregate-model.ts in shared) instead of holding every pod's track. Measured
 * (docs/performance.md, "Scale: the viewer"): 8,042 pods' tracks open in ~1.3 s cached
 * and 10,102 in ~3 s, the page's CPU ~1 s per 10,000 pods and the model 0.7 kB per pod;
 * 20,202 pods are a 14 MB model built in 51 s. Every shipped story has under 300 pods, so
 * none comes near it. KUBELAPSE_AGGREGATE_PODS sets another line (tests use a few hundred).
 */
export const AGGREGATE_FROM_PODS = 10_000;

export function aggregateFromPods(): number {
  const v = process.env.KUBELAPSE_AGGREGATE_PODS;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : AGGREGATE_FROM_PODS;
}

/**
 * How many pods a recording has, by distinct namespace/name in the events_object index
 * (no row read): 111,106 on the 100,000-pod recording in 60-190 ms, where counting the
 * creates reads every pod row (2.3 s warm, 27 s cold). A name used again by a later pod
 * counts once: close enough for a line drawn at thousands.
 */
export function countPods(rec: Recording): number {
  return rec.db.prepare("SELECT COUNT(*) FROM (SELECT DISTINCT namespace, name FROM events WHERE kind = 'Pod')").pluck(true).get() as number;
}
