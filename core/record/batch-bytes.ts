import type { WriteEvent } from '../api/types.js';

/**
 * A batch of event rows as bytes, for the append worker (append-worker.ts): the row's
 * fields are written into one off-heap buffer the moment the write is accepted, so the
 * ~3.5 kB JSON string of each write dies young instead of living in the young
 * generation until its batch of 2,000 commits (~7 MB a batch, copied by each scavenge
 * it survives), and the buffer moves to the worker without a copy (transferred).
 *
 * Layout of one row, little-endian:
 *   f64 seq, f64 time_ms, f64 resource_version, f64 cause_seq (-1 for NULL),
 *   then 10 strings, each an i32 byte length (-1 for NULL) and its UTF-8 bytes:
 *   verb, subresource, api_version, kind, namespace, name, uid, actor, reason, message,
 *   then the object's JSON the same way.
 * UTF-8 is what SQLite stores and what the hash chain hashes (`update(text, 'utf8')`),
 * so the worker hashes the object's bytes as they are and binds them as they are (recording.ts
 * INSERT_SQL.eventBytes: `CAST(? AS TEXT)`); only the short fields are decoded.
 */
export const ROW_NUMBERS = 4;
export const ROW_STRINGS = 11;

/** Grows by doubling; starts at 8 MB (2,000 pod-sized rows of ~3.5 kB fit without a copy). */
const START_BYTES = 8 * 1024 * 1024;

/** Buffers made so far in this process (a test's check that committed ones are filled again). */
export let batchBuffersMade = 0;

export class BatchBytes {
  buf: Buffer;
  used = 0;
  rows = 0;

  /** `reuse`: a committed batch's buffer back from the worker (its old bytes are written over). */
  constructor(reuse?: Buffer) {
    // allocUnsafeSlow: a buffer of its own (not a slice of the pool), so it can be transferred.
    this.buf = reuse ?? made(START_BYTES);
  }

  add(e: WriteEvent): void {
    this.ensure(ROW_NUMBERS * 8);
    const b = this.buf;
    let at = this.used;
    at = b.writeDoubleLE(e.seq, at);
    at = b.writeDoubleLE(e.timeMs, at);
    at = b.writeDoubleLE(e.resourceVersion, at);
    at = b.writeDoubleLE(e.causeSeq ?? -1, at);
    this.used = at;
    this.str(e.verb);
    this.str(e.subresource ?? null);
    this.str(e.apiVersion);
    this.str(e.kind);
    this.str(e.namespace ?? null);
    this.str(e.name);
    this.str(e.uid);
    this.str(e.actor);
    this.str(e.reason ?? null);
    this.str(e.message ?? null);
    this.str(e.objectJson);
    this.rows++;
  }

  private str(s: string | null): void {
    if (s === null) {
      this.ensure(4);
      this.used = this.buf.writeInt32LE(-1, this.used);
      return;
    }
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4 bytes).
    this.ensure(4 + s.length * 3);
    const n = this.buf.write(s, this.used + 4, 'utf8');
    this.buf.writeInt32LE(n, this.used);
    this.used += 4 + n;
  }

  private ensure(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const bigger = made(Math.max(this.buf.length * 2, this.used + n));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }
}

function made(bytes: number): Buffer {
  batchBuffersMade++;
  return Buffer.allocUnsafeSlow(bytes);
}
