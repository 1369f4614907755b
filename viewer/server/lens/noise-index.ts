import type { Recording } from '../../../core/record/recording.js';
import { inRuns, noiseRuns, type NoiseRow } from '../../shared/noise.js';

/**
 * The story lens's noise (viewer/shared/noise.ts) of one recording, from one sequential
 * pass over its light columns. The pass still reads every row's page (the objects share
 * them): ~1.7 s for 62,000 events of 3,000-pod scale-ups on this machine, paid once per
 * recording when its story model is built (`run` and `start` build it right after
 * recording). Reading only Leases, Events and their milliseconds' writes through the
 * indexes was tried and is slower (random reads: ~5 s). Kept per open Recording and its
 * last seq, so a live recording's new rows are judged again.
 */
const cache = new WeakMap<Recording, { last: number; runs: Array<[number, number]> }>();

export function noiseRunsOf(rec: Recording): Array<[number, number]> {
  const last = rec.lastSeq();
  const hit = cache.get(rec);
  if (hit !== undefined && hit.last === last) return hit.runs;
  const stmt = rec.db.prepare('SELECT seq, time_ms, kind, verb, actor, cause_seq FROM events ORDER BY seq').raw(true);
  function* rows(): Generator<NoiseRow> {
    for (const r of stmt.iterate()) {
      const [seq, timeMs, kind, verb, actor, causeSeq] = r as [number, number, string, string, string, number | null];
      yield { seq, timeMs, kind, verb, actor, causeSeq };
    }
  }
  const runs = noiseRuns(rows());
  cache.set(rec, { last, runs });
  return runs;
}

export function isNoiseSeq(rec: Recording, seq: number): boolean {
  return inRuns(noiseRunsOf(rec), seq);
}
