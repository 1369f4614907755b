import type { Recording } from '../record/recording.js';

/**
 * How long a recording runs, in cluster ms: meta.end_time_ms, or the last event's time
 * when that is later. A run or live session that was killed never wrote its end (a live
 * session keeps end_time_ms roughly current, a `run` writes it only when it stops), so
 * its last event is the best word on how far it got; a finished one ends at or after it.
 */
export function recordingEndMs(rec: Recording, meta: Record<string, string> = rec.meta()): number {
  const end = Number(meta.end_time_ms);
  const last = rec.db.prepare('SELECT time_ms FROM events ORDER BY seq DESC LIMIT 1').pluck(true).get() as number | undefined;
  return Math.max(Number.isFinite(end) ? end : 0, last ?? 0);
}
