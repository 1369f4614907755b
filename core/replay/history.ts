import type { KObject } from '../api/types.js';
import type { Recording } from '../record/recording.js';
import { parseRecorded } from './deep-json.js';

export interface Version {
  seq: number;
  timeMs: number;
  verb: string;
  subresource: string | null;
  actor: string;
  reason: string | null;
  object: KObject;
}

/**
 * Every recorded version of one object (all its lives, if the name was reused), oldest
 * first. Straight from the events_object index: no replay index needed, so
 * `kubelapse history` stays quick on a million-event recording.
 */
export function objectHistory(rec: Recording, kind: string, namespace: string | null, name: string): Version[] {
  const sql = 'SELECT seq, time_ms, verb, subresource, actor, reason, object FROM events WHERE kind = ? AND namespace IS ? AND name = ? ORDER BY seq';
  const rows = rec.db.prepare(sql).all(kind, namespace, name) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    seq: r.seq as number,
    timeMs: r.time_ms as number,
    verb: r.verb as string,
    subresource: r.subresource as string | null,
    actor: r.actor as string,
    reason: r.reason as string | null,
    object: parseRecorded<KObject>(r.object as string),
  }));
}

/** The version of the same object written before `seq`, if any. */
export function previousVersionSeq(rec: Recording, seq: number): number | undefined {
  const e = rec.event(seq);
  if (e === undefined) return undefined;
  const prev = rec.db
    .prepare('SELECT MAX(seq) FROM events WHERE kind = ? AND namespace IS ? AND name = ? AND seq < ?')
    .pluck(true)
    .get(e.kind, e.namespace, e.name, seq) as number | null;
  return prev ?? undefined;
}
