import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { indexCacheFile } from './index-cache.js';
import { readAligned } from './read-aligned.js';

/** Bump when the file's layout changes: older files are then rebuilt, never misread. */
const SUMMARY_CACHE_VERSION = 2;

/**
 * Summaries of object versions (each a line of text its caller makes and reads back: a
 * table row, row-summary.ts), by version seq, for one recording and one kind, kept in the
 * cache folder beside the index cache (index-cache.ts: never in or beside the recording).
 * The file holds the versions asked for so far: `get pods -A --at 30s` on the 20,000-pod
 * KWOK recording reads 20,202 rows of 3.8 kB and summarises them the first time, and
 * ~3 MB of summaries the next; `--at 31s` reads only the versions written in between.
 *
 * Layout (v2): a key line naming what the file was made from (layout version, the
 * summariser's id, the kind, the recording's last seq and hash: append-only and
 * hash-chained, those two name every row), a line of JSON {n, textBytes, ascii}, spaces
 * to a multiple of 4, the n seqs ascending (int32), the n end offsets of their texts in
 * the text (int32), the texts. A lookup is a binary search and one string made from the
 * bytes: no Map of 100,000 entries and no 100,000 strings made up front (v1 was one
 * `seq<TAB>json` line each, split into a Map: ~0.1 s and most of the GC of a cached `get`
 * on the KWOK recording). A recording that grew, an older build's file, a cut or foreign
 * one: not read, and rewritten whole by the next `save`. A folder that cannot be written
 * costs only the rows.
 */
export class SummaryCache {
  private readonly added = new Map<number, string>();
  private asciiText: string | undefined;

  private constructor(
    private readonly file: string,
    private readonly head: string,
    private readonly stored: Stored,
  ) {}

  static open(recordingPath: string, kind: string, summarizerId: string, lastSeq: number, lastHash: string): SummaryCache {
    const file = summaryCacheFile(recordingPath, kind);
    const head = `kubelapse-summary v${SUMMARY_CACHE_VERSION} ${summarizerId} ${kind} ${lastSeq} ${lastHash}`;
    return new SummaryCache(file, head, readStored(file, head));
  }

  get size(): number {
    return this.stored.seqs.length + this.added.size;
  }

  /** The summary of the version written at `seq`, if this file has it. */
  get(seq: number): string | undefined {
    const { ends, bytes, text, encoding } = this.stored;
    const mid = this.find(seq);
    if (mid >= 0) {
      const from = mid === 0 ? 0 : (ends[mid - 1] as number);
      if (encoding === 'utf8') return bytes.toString('utf8', text + from, text + (ends[mid] as number));
      // ASCII: the whole text decoded once (~3 MB on the KWOK recording: a few ms), each
      // entry a slice of it (no copy), not 20,202 strings decoded one by one (~15-80 ms).
      const all = (this.asciiText ??= bytes.toString('latin1', text));
      return all.slice(from, ends[mid] as number);
    }
    return this.added.get(seq);
  }

  /**
   * Where the stored summary of `seq` sits in `bytes`: `seq`'s entry is
   * bytes[startOf(i), endOf(i)), i = find(seq), or -1 when the file does not hold it (an
   * entry `set` since is not there). A table printed from these bytes (row-bytes.ts)
   * makes no string a row: 100,000 Pods' lines are ~17 MB of one buffer.
   */
  find(seq: number): number {
    const seqs = this.stored.seqs;
    let lo = 0;
    let hi = seqs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = seqs[mid] as number;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** How many entries the file holds; entry i is the summary of seqAt(i), ascending. */
  get count(): number {
    return this.stored.seqs.length;
  }

  seqAt(i: number): number {
    return this.stored.seqs[i] as number;
  }

  /** Whether every entry's bytes are ASCII (checked when the file was written). */
  get ascii(): boolean {
    return this.stored.encoding === 'latin1';
  }

  /** The file's bytes (see find). */
  get bytes(): Buffer {
    return this.stored.bytes;
  }

  startOf(i: number): number {
    return this.stored.text + (i === 0 ? 0 : (this.stored.ends[i - 1] as number));
  }

  endOf(i: number): number {
    return this.stored.text + (this.stored.ends[i] as number);
  }

  /** Keeps (or replaces: a damaged entry read again) the summary of `seq`, written by `save`. */
  set(seq: number, summary: string): void {
    this.added.set(seq, summary);
  }

  /**
   * Writes the file again if anything was added: whole or not at all (a temporary file,
   * renamed). The stored entries are copied as bytes, a run of them at a time, merged
   * by seq with the added ones: the first `get pods -A --at 30s` after `kubelapse run` on
   * the 100,000-pod recording adds the ~100 Pods written after 30 s to the 101,106 the
   * run kept, and made 101,106 strings and a Map of them to do it before (~0.5 s of CPU).
   */
  save(): void {
    if (this.added.size === 0) return;
    const addedSeqs = Int32Array.from(this.added.keys()).sort();
    const addedBytes = Array.from(addedSeqs, (q) => Buffer.from(this.added.get(q) as string, 'utf8'));
    const { seqs: old, ends: oldEnds, bytes: oldBytes, text } = this.stored;
    let replaced = 0;
    for (let i = 0, j = 0; i < old.length && j < addedSeqs.length; ) {
      if ((old[i] as number) < (addedSeqs[j] as number)) i++;
      else if ((old[i] as number) > (addedSeqs[j] as number)) j++;
      else {
        replaced++;
        i++;
        j++;
      }
    }
    const n = old.length + addedSeqs.length - replaced;
    const seqs = new Int32Array(n);
    const ends = new Int32Array(n);
    const size = (old.length > 0 ? (oldEnds[old.length - 1] as number) : 0) + addedBytes.reduce((t, b) => t + b.length, 0);
    const body = Buffer.allocUnsafe(size); // replaced entries leave it longer than needed: cut below
    let at = 0;
    let k = 0;
    let i = 0;
    const startOf = (x: number): number => (x === 0 ? 0 : (oldEnds[x - 1] as number));
    for (let j = 0; j <= addedSeqs.length; j++) {
      // The stored entries before the next added one (all the rest after the last), one copy.
      const until = j < addedSeqs.length ? (addedSeqs[j] as number) : Infinity;
      const from = i;
      while (i < old.length && (old[i] as number) < until) i++;
      if (i > from) {
        const shift = at - startOf(from);
        oldBytes.copy(body, at, text + startOf(from), text + startOf(i));
        for (let x = from; x < i; x++) {
          seqs[k] = old[x] as number;
          ends[k++] = (oldEnds[x] as number) + shift;
        }
        at += startOf(i) - startOf(from);
      }
      if (j === addedSeqs.length) break;
      if (i < old.length && old[i] === until) i++; // replaced: the added entry wins
      const b = addedBytes[j] as Buffer;
      b.copy(body, at);
      at += b.length;
      seqs[k] = until;
      ends[k++] = at;
    }
    const texts = body.subarray(0, at);
    const head = Buffer.from(`${this.head}\n${JSON.stringify({ n, textBytes: texts.length, ascii: isAscii(texts) })}\n`);
    const pad = Buffer.alloc((4 - (head.length % 4)) % 4, 0x20);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.concat([head, pad, Buffer.from(seqs.buffer), Buffer.from(ends.buffer), texts]));
      fs.renameSync(tmp, this.file);
      this.added.clear();
    } catch {
      // a read-only cache folder: the next run reads the rows again
    }
  }
}

/** The summary cache file of one kind of a recording, beside its index cache file. */
export function summaryCacheFile(recordingPath: string, kind: string): string {
  return indexCacheFile(recordingPath).replace(/\.index\.bin$/, `.summary-${kind}.bin`);
}

interface Stored {
  seqs: Int32Array;
  ends: Int32Array;
  bytes: Buffer;
  /** Where the texts start in `bytes`. */
  text: number;
  encoding: 'latin1' | 'utf8';
}

const NONE: Stored = { seqs: new Int32Array(0), ends: new Int32Array(0), bytes: Buffer.alloc(0), text: 0, encoding: 'latin1' };

/** The entries of a file whose first line is `head`; none for anything else. */
function readStored(file: string, head: string): Stored {
  let bytes: Buffer;
  try {
    bytes = readAligned(file);
  } catch {
    return NONE; // none yet
  }
  try {
    const nl1 = bytes.indexOf(0x0a);
    if (nl1 <= 0 || bytes.toString('latin1', 0, nl1) !== head) return NONE;
    const nl2 = bytes.indexOf(0x0a, nl1 + 1);
    if (nl2 < 0) return NONE;
    const { n, textBytes, ascii } = JSON.parse(bytes.toString('latin1', nl1 + 1, nl2)) as { n: number; textBytes: number; ascii: boolean };
    let at = nl2 + 1;
    at += (4 - (at % 4)) % 4;
    const text = at + 8 * n;
    // Exactly this long: a file cut short (or with anything after it) is not ours to read.
    if (!Number.isInteger(n) || n < 0 || text + textBytes !== bytes.length) return NONE;
    const seqs = new Int32Array(bytes.buffer, bytes.byteOffset + at, n);
    const ends = new Int32Array(bytes.buffer, bytes.byteOffset + at + 4 * n, n);
    if (n > 0 && ends[n - 1] !== textBytes) return NONE;
    // ASCII text (names and cells of Pods and Nodes always are; an Event's message may not
    // be) is decoded as latin1: ~3x faster than utf8 for the same bytes.
    return { seqs, ends, bytes, text, encoding: ascii === true ? 'latin1' : 'utf8' };
  } catch {
    return NONE;
  }
}
