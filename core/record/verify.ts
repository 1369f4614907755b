import { chainHash, GENESIS } from './hash.js';
import type { Recording } from './recording.js';

export interface VerifyResult {
  ok: boolean;
  events: number;
  /** The hash of the last event (64 zeros for an empty recording). */
  head: string;
  /** The first seq that does not check out, and why. */
  firstBad?: { seq: number; problem: string };
}

/** Recomputes the hash chain from seq 1 and names the first row that breaks it. */
export function verifyRecording(rec: Recording, onProgress?: (seq: number) => void): VerifyResult {
  let prev = GENESIS;
  let expected = 1;
  const stmt = rec.db
    .prepare('SELECT seq, time_ms, verb, subresource, kind, namespace, name, resource_version, actor, cause_seq, object, hash FROM events ORDER BY seq')
    .raw(true);
  for (const raw of stmt.iterate()) {
    const r = raw as [number, number, string, string | null, string, string | null, string, number, string, number | null, string, string];
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
    if (onProgress !== undefined && seq % 100_000 === 0) onProgress(seq);
  }
  return { ok: true, events: expected - 1, head: prev };
}
