import type { KObject } from '../types.js';
import type { ClusterClock } from '../../sim/time.js';
import type { Printer } from '../../printers/printer.js';
import { cellText, type SinceCell } from '../../printers/row-cells.js';
import { humanDurationChangesAt } from '../../printers/age.js';

/**
 * A Table row's JSON kept per frozen object as UTF-8 bytes, with the cells that read the
 * clock's now (AGE, a restarted pod's RESTARTS "(5m ago)": the printers' SinceCells,
 * row-cells.ts) left open and filled at each now.
 *
 * Why: a LIST of 10,000 pods as a Table is cached whole only until the next cluster
 * second (its AGE cells; list-cache.ts), and rebuilding it ran the printer for each pod
 * (printPod's container walk, the timestamps' parsing), JSON.stringify of its cells, a
 * 23 MB string join and its UTF-8 encoding (measured on 10,000 pods: 90-110 ms of
 * printing and joining, 110-160 ms of encoding): on this machine a whole Table LIST at
 * 10,000 pods was 1-2 req/s. A new second now costs the open cells' text (humanDuration
 * of a number, a few bytes each) and one copy of the kept bytes into the body.
 *
 * Only kinds whose printer gives its cells as Cells (`Printer.cells`: pods, nodes,
 * events) are kept; the others print as before.
 */
type Piece = Buffer | { cell: SinceCell; header: string };

interface Kept {
  clock: ClusterClock;
  /** UTF-8, encoded once: a new second encodes only the open cells (a few bytes each). */
  pieces: Piece[];
  /** The row's `,"object":...}` end, per includeObject. */
  ends: Partial<Record<string, Buffer>>;
}

const kept = new WeakMap<object, Kept>();

/** Is a Table row of this printer's kind made from kept pieces? */
export function keepsRows(p: Printer): boolean {
  return p.cells !== undefined;
}

/**
 * The virtual instant rows are printed at, and (filled in by rowParts) the first instant
 * after it at which one of their open cells' text may change: the rows' text holds on
 * [now, until). Starts at Infinity: rows without open cells never change with the clock.
 */
export interface RowsAt {
  now: number;
  until: number;
}

/**
 * A row at `at.now`, as kept bytes and open cells' text: `{"cells":[...]`, byte for
 * byte JSON.stringify of the cells `cellValue` types (`columns`: every column, -o wide
 * ones included), then `end(o)` (the row's object) and its closing brace, kept per
 * `include`. Pushed onto `out`; `joinParts` writes them into one buffer. Lowers
 * `at.until` to when one of this row's open cells next changes its text.
 */
export function rowParts(
  out: Array<Buffer | string>,
  p: Printer,
  o: Readonly<KObject>,
  clock: ClusterClock,
  at: RowsAt,
  columns: readonly string[],
  cellValue: (header: string, cell: string) => string | number | boolean,
  include: string,
  end: (o: Readonly<KObject>) => string,
): void {
  let k = kept.get(o);
  if (k === undefined || k.clock !== clock) {
    k = { clock, pieces: piecesOf(p, o, clock, columns, cellValue), ends: {} };
    kept.set(o, k);
  }
  const now = at.now;
  const last = k.pieces.length - 1;
  for (let i = 0; i < last; i++) {
    const piece = k.pieces[i] as Piece;
    if (Buffer.isBuffer(piece)) {
      out.push(piece);
      continue;
    }
    out.push(JSON.stringify(cellValue(piece.header, cellText(piece.cell, now))));
    const since = piece.cell[1];
    if (since !== null) at.until = Math.min(at.until, since + humanDurationChangesAt(now - since));
  }
  // The last piece (`]` after the cells) and the row's object, kept as one.
  let e = k.ends[include];
  if (e === undefined) k.ends[include] = e = Buffer.concat([k.pieces[last] as Buffer, Buffer.from(`${end(o)}}`)]);
  out.push(e);
}

/**
 * Parts into one buffer: measured first, then copied once (Buffer.concat of 40,000
 * buffers and 10,000 small ones made for the open cells was slower than the printing).
 * `alloc` gives the buffer (a LIST cache's reused memory, body-buffers.ts).
 */
export function joinParts(parts: ReadonlyArray<Buffer | string>, alloc: (size: number) => Buffer = Buffer.allocUnsafeSlow): Buffer {
  let size = 0;
  for (const x of parts) size += typeof x === 'string' ? Buffer.byteLength(x) : x.length;
  const out = alloc(size);
  let at = 0;
  for (const x of parts) {
    if (typeof x === 'string') at += out.write(x, at);
    else {
      out.set(x, at);
      at += x.length;
    }
  }
  return out;
}

function piecesOf(p: Printer, o: Readonly<KObject>, clock: ClusterClock, columns: readonly string[], cellValue: (header: string, cell: string) => string | number | boolean): Piece[] {
  const cells = [...(p.cells as NonNullable<Printer['cells']>)(o, clock), ...(p.wideRow?.(o) ?? [])];
  const pieces: Piece[] = [];
  let text = '{"cells":[';
  cells.forEach((cell, i) => {
    if (i > 0) text += ',';
    const header = columns[i] as string;
    if (typeof cell === 'string') {
      text += JSON.stringify(cellValue(header, cell));
      return;
    }
    pieces.push(Buffer.from(text));
    text = '';
    pieces.push({ cell, header });
  });
  pieces.push(Buffer.from(`${text}]`));
  return pieces;
}
