import type { Recording } from '../../../core/record/recording.js';
import { inRuns, noiseRuns, type NoiseRow } from '../../shared/noise.js';
import { cacheFileOf, readKeyed, writeKeyed } from '../model/cache-file.js';

/**
 * The story lens's noise (viewer/shared/noise.ts) of one recording, from one sequential
 * pass over its light columns. The pass still reads every row's page (the objects share
 * them): ~1.4 s for the 113,907-event viewer bench recording and ~1.7 s for 62,000 events
 * of 3,000-pod scale-ups on this machine. Reading only Leases, Events and their
 * milliseconds' writes through the indexes was tried and is slower (random reads: ~5 s).
 * So it is not part of the story model (it would delay every first open by that much):
 * the page asks for it (GET .../noise) after its first frame, and the event log's and
 * search's lens=story filter use it here. Kept per open Recording and its last seq (a
 * live recording's new rows are judged again), and in a cache file beside the model's
 * (`kubelapse run` writes it), so a fresh server answers from that in ~10 ms.
 */
const cache = new WeakMap<Recording, { last: number; runs: Array<[number, number]> }>();
const NOISE_VERSION = 1;

export function noiseRunsOf(rec: Recording): Array<[number, number]> {
  const last = rec.lastSeq();
  const hit = cache.get(rec);
  if (hit !== undefined && hit.last === last) return hit.runs;
  const head = rec.db.prepare('SELECT hash FROM events WHERE seq = ?').pluck(true).get(last) as string | undefined;
  const key = `kubelapse-noise v${NOISE_VERSION} ${last} ${head ?? '-'}`;
  const file = cacheFileOf(rec.path, '.noise.json');
  const stored = readKeyed(file, key);
  let runs: Array<[number, number]>;
  if (stored !== undefined) runs = JSON.parse(stored.toString('utf8')) as Array<[number, number]>;
  else {
    runs = scan(rec);
    writeKeyed(file, key, Buffer.from(JSON.stringify(runs)));
  }
  cache.set(rec, { last, runs });
  return runs;
}

function scan(rec: Recording): Array<[number, number]> {
  const stmt = rec.db.prepare('SELECT seq, time_ms, kind, verb, actor, cause_seq FROM events ORDER BY seq').raw(true);
  function* rows(): Generator<NoiseRow> {
    for (const r of stmt.iterate()) {
      const [seq, timeMs, kind, verb, actor, causeSeq] = r as [number, number, string, string, string, number | null];
      yield { seq, timeMs, kind, verb, actor, causeSeq };
    }
  }
  return noiseRuns(rows());
}

export function isNoiseSeq(rec: Recording, seq: number): boolean {
  return inRuns(noiseRunsOf(rec), seq);
}
