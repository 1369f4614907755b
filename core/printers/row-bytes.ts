import { cellText, type Cell } from './row-cells.js';
import { fieldCount, since, sinceOk } from './row-summary.js';
import { alignedLine, printerOf } from './tables.js';
import { DAMAGED, NOT_BYTES, TAKEN } from '../replay/take-line.js';


const TAB = 9;
const SINCE = 1;

/**
 * formatRows (row-summary.ts) from the summary lines' bytes: the same table, byte for
 * byte, with no string made for a row. Each line is taken where it lies (the summary
 * cache's buffer: Replay.summaryBytes), scanned once for its TABs (checked as parseRow
 * checks it: a damaged line is refused and made again from its row) and the widths;
 * the table is then written into one buffer, each cell's bytes copied and padded.
 *
 * Why: on the 20,000-pod KWOK recording, formatRows, parseRow and the cache's per-line
 * slices were ~45 % of a cached `get pods -A` (~5.5 us a Pod each for the lookup with its
 * check and for the table line: ~13 us a Pod with the live set and GC); at 100,000 Pods
 * that alone was ~1.1 s of CPU.
 *
 * Only ASCII lines are taken (a byte is then a character: widths are byte counts, as
 * padEnd's are UTF-16 lengths): a line with any other byte, or kept as JSON (a TAB in a
 * cell), answers NOT_BYTES and the caller prints from strings (formatRows).
 */
export class ByteTable {
  private readonly n: number;
  private readonly columns: string[];
  /** Which field each column shows. */
  private readonly shown: Int32Array;
  private readonly widths: number[];
  /** Each row's buffer (an index into sources) and its n + 1 field starts (the last: the line's end + 1). */
  private readonly source: Int32Array;
  private readonly sources: Uint8Array[] = [];
  private readonly starts: Int32Array;
  /** Per row and column: 0 a plain cell, else 1 + the index of its text in `texts` (a SinceCell's, at nowMs). */
  private readonly refs: Int32Array;
  private readonly texts: string[] = [];
  /** AGE cells (`\x01\x01ms\x01`) by ms: 100,000 Pods share a few hundred ages. */
  private readonly ages = new Map<number, number>();
  private readonly others = new Map<string, number>();

  constructor(
    kind: string,
    private readonly rows: number,
    private readonly nowMs: number,
    wide = false,
    withNamespace = false,
  ) {
    const p = printerOf(kind);
    this.columns = [...(withNamespace ? ['NAMESPACE'] : []), ...p.columns, ...(wide ? p.wide : [])];
    this.shown = Int32Array.from(this.columns, (_, c) => (withNamespace ? (c === 0 ? 0 : c + 1) : c + 2));
    this.widths = this.columns.map((c) => c.length);
    this.n = fieldCount(kind);
    this.source = new Int32Array(rows);
    this.starts = new Int32Array(rows * (this.n + 1));
    this.refs = new Int32Array(rows * this.columns.length);
  }

  /** Takes row `row` as the line bytes[start, end): TAKEN, DAMAGED (not a line of summarizeRow's) or NOT_BYTES. */
  take = (row: number, bytes: Uint8Array, start: number, end: number, ascii = false): 0 | 1 | 2 => {
    if (start < end && bytes[start] === 0x5b /* [ */) return NOT_BYTES; // a row kept as JSON
    const n = this.n;
    const base = row * (n + 1);
    const starts = this.starts;
    starts[base] = start;
    let f = 0;
    if (ascii) {
      // The summary cache checked its bytes when it wrote them: only the TABs are looked for.
      for (let i = start; i < end; i++) {
        if (bytes[i] !== TAB) continue;
        if (++f === n) return DAMAGED; // a field more
        starts[base + f] = i + 1;
      }
    } else {
      for (let i = start; i < end; i++) {
        const b = bytes[i] as number;
        if (b === TAB) {
          if (++f === n) return DAMAGED; // a field more
          starts[base + f] = i + 1;
        } else if (b > 0x7f) return NOT_BYTES;
      }
    }
    if (f !== n - 1) return DAMAGED; // a field short
    starts[base + n] = end + 1;
    // SinceCells: only cells (not namespace, name, labels), each well formed (parseRow's check).
    for (let i = 0; i < n; i++) {
      const s = starts[base + i] as number;
      const e = (starts[base + i + 1] as number) - 1;
      if (s < e && bytes[s] === SINCE && (i < 2 || i === n - 1 || this.sinceText(bytes, s, e, false) < 0)) return DAMAGED;
    }
    let src = this.sources.lastIndexOf(bytes);
    if (src < 0) src = this.sources.push(bytes) - 1;
    this.source[row] = src;
    const cols = this.shown.length;
    for (let c = 0; c < cols; c++) {
      const i = this.shown[c] as number;
      const s = starts[base + i] as number;
      const e = (starts[base + i + 1] as number) - 1;
      let len = e - s;
      let ref = 0;
      if (s < e && bytes[s] === SINCE) {
        ref = this.sinceText(bytes, s, e, true) + 1;
        len = (this.texts[ref - 1] as string).length;
      }
      this.refs[row * cols + c] = ref;
      if (len > (this.widths[c] as number)) this.widths[c] = len;
    }
    return TAKEN;
  };

  /**
   * The index in `texts` of the SinceCell at bytes[s, e) printed at nowMs (made when
   * `make`), 0 when only checked, or -1 when it is not one. The usual AGE `\x01\x01ms\x01`
   * is read from its digits; anything else goes through row-summary's string checks.
   */
  private sinceText(bytes: Uint8Array, s: number, e: number, make: boolean): number {
    if (e - s > 3 && bytes[s + 1] === SINCE && bytes[e - 1] === SINCE) {
      const negative = bytes[s + 2] === 0x2d;
      let ms = 0;
      let i = negative ? s + 3 : s + 2;
      const digitsFrom = i;
      for (; i < e - 1; i++) {
        const d = (bytes[i] as number) - 0x30;
        if (d < 0 || d > 9) break;
        ms = ms * 10 + d;
      }
      if (i === e - 1 && i > digitsFrom && ms <= Number.MAX_SAFE_INTEGER) {
        if (!make) return 0;
        if (negative) ms = -ms;
        let t = this.ages.get(ms);
        if (t === undefined) this.ages.set(ms, (t = this.texts.push(cellText(['', ms, ''], this.nowMs)) - 1));
        return t;
      }
    }
    let field = '';
    for (let i = s; i < e; i++) field += String.fromCharCode(bytes[i] as number);
    if (!sinceOk(field, 0, field.length)) return -1;
    if (!make) return 0;
    let t = this.others.get(field);
    if (t === undefined) this.others.set(field, (t = this.texts.push(cellText(since(field, 0, field.length) as Cell, this.nowMs)) - 1));
    return t;
  }

  /** The table, as formatRows prints it (every row must have been taken). */
  text(): string {
    const parts: string[] = [];
    this.write((chunk) => {
      parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'));
      return true;
    });
    return parts.join('');
  }

  /**
   * The table's bytes (text()'s, no newline after the last line), handed to `emit` a chunk
   * at a time. A chunk's buffer is filled again for the next one when `emit` answers true
   * (its bytes are written: a file, or a pipe that took them all), so a table of 100,000
   * Pods (7.5 MB) touches 256 kB of memory, not 7.5 MB for the bytes, a string of them and
   * the bytes again that stdout makes of a string (~3.5 ms of page faults a MB on a VM).
   */
  write(emit: (chunk: Uint8Array) => boolean, chunkBytes = 256 * 1024): void {
    const cols = this.shown.length;
    const widths = this.widths;
    const header = alignedLine(cols, (c) => this.columns[c] as string, widths);
    let lineMax = 1;
    for (let c = 0; c < cols; c++) lineMax += (widths[c] as number) + 3;
    const size = Math.max(chunkBytes, header.length, lineMax);
    let out = Buffer.allocUnsafeSlow(size);
    let o = out.write(header, 0, 'latin1');
    const n1 = this.n + 1;
    const texts = this.texts;
    const starts = this.starts;
    const refs = this.refs;
    const shown = this.shown;
    for (let r = 0; r < this.rows; r++) {
      if (o + lineMax > size) {
        if (!emit(out.subarray(0, o))) out = Buffer.allocUnsafeSlow(size);
        o = 0;
      }
      out[o++] = 0x0a;
      const bytes = this.sources[this.source[r] as number] as Uint8Array;
      const base = r * n1;
      const line = o;
      for (let c = 0; c < cols; c++) {
        const ref = refs[r * cols + c] as number;
        const from = o;
        if (ref !== 0) {
          const t = texts[ref - 1] as string;
          for (let k = 0; k < t.length; k++) out[o++] = t.charCodeAt(k);
        } else {
          const i = shown[c] as number;
          const e = (starts[base + i + 1] as number) - 1;
          for (let k = starts[base + i] as number; k < e; k++) out[o++] = bytes[k] as number;
        }
        if (c === cols - 1) break;
        const pad = from + (widths[c] as number) + 3;
        while (o < pad) out[o++] = 0x20;
      }
      // trimEnd: ASCII's white space (TAB, LF, VT, FF, CR, space), back into the cells before if blank.
      while (o > line) {
        const b = out[o - 1] as number;
        if (b !== 0x20 && (b < 0x09 || b > 0x0d)) break;
        o--;
      }
    }
    if (o > 0) emit(out.subarray(0, o));
  }
}
