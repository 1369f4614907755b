import { chainHash, GENESIS } from './hash.js';
import { logHash } from './logs-hash.js';
import type { Recording } from './recording.js';

export interface VerifyResult {
  ok: boolean;
  events: number;
  /** The hash of the last event (64 zeros for an empty recording). */
  head: string;
  /** The first seq that does not check out, and why. */
  firstBad?: { seq: number; problem: string };
  /**
   * What the recorder wrote into meta when it closed (schema_version 2), checked against
   * the rows: `sealed: false` when there is no seal (schema 1, or a killed run), so an
   * end cut off cannot be told from a real end; `problem` when the rows disagree with it.
   */
  seal?: { sealed: boolean; events?: number; head?: string; problem?: string };
  /**
   * The container log lines (schema_version 3): their chain recomputed and held to the
   * seal's `log_count` and `log_head`. Absent for a recording without a logs table.
   */
  logs?: { lines: number; head: string; sealed: boolean; problem?: string };
  /**
   * An import's own tables (schema_version 4): every inferred cause and provenance row
   * must name an event that exists, and an inferred cause an earlier one. Absent when
   * both tables are empty or missing (a simulated recording).
   */
  imported?: { inferred: number; provenance: number; problem?: string };
  /** `--expect <hash>`: the head hash the user kept, and whether it matches. */
  expected?: { hash: string; matches: boolean };
}

/**
 * Recomputes the hash chain from seq 1 and names the first row that breaks it, then
 * holds the result to the recording's seal and, when given, to a head hash kept outside.
 */
export function verifyRecording(rec: Recording, onProgress?: (seq: number) => void, expectHead?: string): VerifyResult {
  const steps = verifySteps(rec, 100_000);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return checkExpected(checkImported(rec, checkLogs(rec, checkSeal(rec.meta(), r.value))), expectHead);
    onProgress?.(r.value);
  }
}

/**
 * The seal written at close: `event_count` rows ending in `head_hash`. A chain that
 * verifies but is shorter was truncated (the rows after it are gone with their hashes,
 * which is exactly what the chain alone cannot notice); a longer one was appended to
 * after closing; the same length with another head was rewritten from some row on.
 */
export function checkSeal(meta: Record<string, string>, r: VerifyResult): VerifyResult {
  const count = meta.event_count;
  const head = meta.head_hash;
  if (count === undefined || head === undefined) return { ...r, seal: { sealed: false } };
  const n = Number(count);
  const seal: NonNullable<VerifyResult['seal']> = { sealed: true, events: n, head };
  if (!r.ok) return { ...r, seal };
  if (r.events < n) seal.problem = `truncated: sealed with ${n} events, ${n - r.events} missing (seq ${r.events + 1}${n - r.events > 1 ? `-${n}` : ''})`;
  else if (r.events > n) seal.problem = `${r.events - n === 1 ? '1 event' : `${r.events - n} events`} added after the recording was sealed with ${n} (seq ${n + 1}${r.events - n > 1 ? `-${r.events}` : ''})`;
  else if (r.head !== head) seal.problem = `head hash ${r.head.slice(0, 12)}… differs from the sealed ${head.slice(0, 12)}…`;
  return { ...r, ok: seal.problem === undefined, seal };
}

/**
 * The lines' chain against the seal: a line changed, removed or added after closing
 * shows as a count or head that differs from `log_count` / `log_head` (which line, the
 * seal cannot say: it keeps the head only; see logs-hash.ts). Lines are read in slices
 * of 10,000, so a long recording's lines never sit in memory at once.
 */
export function checkLogs(rec: Recording, r: VerifyResult): VerifyResult {
  if (!rec.hasLogs()) return r;
  const meta = rec.meta();
  let head = GENESIS;
  let lines = 0;
  let gap: string | undefined;
  for (let from = 1; ; ) {
    const rows = rec.logs({ fromId: from }).slice(0, 10_000);
    for (const row of rows) {
      if (gap === undefined && row.id !== lines + 1) gap = `log line ${lines + 1} missing (next stored id is ${row.id})`;
      head = logHash(head, row);
      lines++;
    }
    if (rows.length < 10_000) break;
    from = (rows[rows.length - 1]?.id ?? from) + 1;
  }
  const sealed = meta.log_count !== undefined && meta.log_head !== undefined;
  const logs: NonNullable<VerifyResult['logs']> = { lines, head, sealed };
  if (gap !== undefined) logs.problem = gap;
  else if (sealed) {
    const n = Number(meta.log_count);
    if (lines !== n) logs.problem = `logs: sealed with ${n} lines, ${lines} present`;
    else if (head !== meta.log_head) logs.problem = `logs: head hash ${head.slice(0, 12)}… differs from the sealed ${(meta.log_head ?? '').slice(0, 12)}…`;
  }
  return { ...r, ok: r.ok && logs.problem === undefined, logs };
}

/**
 * The import tables against the events: neither table is in the chain (an inferred
 * cause is a guess added beside the rows, not part of what was recorded), so what can
 * be checked is that each row points where it may: `inferred_causes.cause_seq` at an
 * existing earlier event, `seq` of both at an existing event. A hand-edited row that
 * points at seq 9 from seq 5 shows as `inferred cause of seq 5 names seq 9, not an
 * earlier event`.
 */
export function checkImported(rec: Recording, r: VerifyResult): VerifyResult {
  if (!rec.hasImportTables()) return r;
  const n = (sql: string): number => rec.db.prepare(sql).pluck().get() as number;
  const inferred = n('SELECT COUNT(*) FROM inferred_causes');
  const provenance = n('SELECT COUNT(*) FROM provenance');
  if (inferred === 0 && provenance === 0) return r;
  const imported: NonNullable<VerifyResult['imported']> = { inferred, provenance };
  const badCause = rec.db
    .prepare('SELECT c.seq, c.cause_seq FROM inferred_causes c WHERE c.cause_seq >= c.seq OR NOT EXISTS (SELECT 1 FROM events e WHERE e.seq = c.cause_seq) OR NOT EXISTS (SELECT 1 FROM events e WHERE e.seq = c.seq) ORDER BY c.seq LIMIT 1')
    .raw(true)
    .get() as [number, number] | undefined;
  const badProvenance = rec.db.prepare('SELECT p.seq FROM provenance p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.seq = p.seq) ORDER BY p.seq LIMIT 1').pluck().get() as number | undefined;
  if (badCause !== undefined) imported.problem = `inferred cause of seq ${badCause[0]} names seq ${badCause[1]}, not an earlier event`;
  else if (badProvenance !== undefined) imported.problem = `provenance row for seq ${badProvenance}, which is not an event`;
  return { ...r, ok: r.ok && imported.problem === undefined, imported };
}

/** Accepts the whole 64-digit head hash, or a prefix of at least 12 digits, as people copy them. */
export function checkExpected(r: VerifyResult, hash: string | undefined): VerifyResult {
  if (hash === undefined) return r;
  const want = hash.toLowerCase();
  const matches = r.head.startsWith(want);
  return { ...r, ok: r.ok && matches, expected: { hash: want, matches } };
}

/**
 * The same check in slices: yields the last seq checked after every `chunk` rows and
 * returns the result. A server runs it a slice per tick (the viewer checks a
 * 100,000-event recording without keeping other requests waiting for ~0.7 s).
 */
export function* verifySteps(rec: Recording, chunk: number): Generator<number, VerifyResult, void> {
  let prev = GENESIS;
  let expected = 1;
  const stmt = rec.db
    .prepare('SELECT seq, time_ms, verb, subresource, kind, namespace, name, resource_version, actor, cause_seq, object, hash FROM events WHERE seq >= ? ORDER BY seq LIMIT ?')
    .raw(true);
  for (;;) {
    const rows = stmt.all(expected, chunk) as Array<[number, number, string, string | null, string, string | null, string, number, string, number | null, string, string]>;
    for (const r of rows) {
      const seq = r[0];
      if (seq !== expected) {
        return { ok: false, events: expected - 1, head: prev, firstBad: { seq: expected, problem: `missing (next stored seq is ${seq})` } };
      }
      const h = chainHash(prev, {
        seq, timeMs: r[1], verb: r[2], subresource: r[3], kind: r[4], namespace: r[5], name: r[6],
        resourceVersion: r[7], actor: r[8], causeSeq: r[9], object: r[10],
      });
      if (h !== r[11]) {
        return { ok: false, events: expected - 1, head: prev, firstBad: { seq, problem: `hash mismatch (stored ${r[11].slice(0, 12)}…, computed ${h.slice(0, 12)}…)` } };
      }
      prev = h;
      expected++;
    }
    if (rows.length < chunk) return { ok: true, events: expected - 1, head: prev };
    yield expected - 1;
  }
}
