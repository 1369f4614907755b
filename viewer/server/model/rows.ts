/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */
import type { Recording } from '../../../core/record/recording.js';

/** [seq, verb, uid, namespace, name, object JSON] of every write of one kind, in seq order. */
export type KindRow = [number, string, string, string | null, string, string];

export function rowsOf(rec: Recording, kind: string): Iterable<KindRow> {
  const sql = 'SELECT seq, verb, uid, namespace, name, object FROM events WHERE kind = ? ORDER BY seq';
  return rec.db.prepare(sql).raw(true).iterate(kind) as Iterable<KindRow>;
}

/** The controlling owner's kind and name (only of `kind`, when given), or null. */
export function controllerOf(obj: any, kind?: string): { kind: string; name: string } | null {
  for (const r of obj?.metadata?.ownerReferences ?? []) {
    if (r?.controller === true && typeof r.name === 'string' && (kind === undefined || r.kind === kind)) return { kind: String(r.kind), name: r.name };
  }
  return null;
}

/** A count from a status field: a recording from elsewhere may lack it or hold junk, which reads as `fallback`. */
export function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** A bool as 0|1. */
export function bit(v: unknown): number {
  return v === true ? 1 : 0;
}
