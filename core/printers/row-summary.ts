import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';
import { cellText, type Cell } from './row-cells.js';
import { alignedLine, printerOf } from './tables.js';

/**
 * One object version as its kind's `kubectl get` row, fields `[namespace, name, ...cells,
 * ...wide, labels]`: the cells that do not depend on the clock as text, AGE and RESTARTS'
 * "(5m ago)" as the virtual ms they are measured from (SinceCell, row-cells.ts), the -o
 * wide cells, what NAMESPACE, -o name and -l read (the labels' JSON, '' for none, parsed
 * only for -l). A Pod is ~170 bytes of it instead of ~3.8 kB recorded (and ~740 B of
 * masked JSON before this): printing 100,000 Pods reads ~17 MB, not 74 MB.
 *
 * Kept as its line (summarizeRow), checked but not split: the table is made from the
 * lines (formatRows), one string a row, not a dozen cells and an array a row kept
 * until the table is done (20,202 Pods: ~240,000 strings). A row kept as JSON (a TAB
 * in a cell) is read as its array of fields.
 */
export type RowSummary = string | Cell[];

/** The kinds whose tables print from summaries: every other kind reads whole objects. */
export const SUMMARISED_KINDS: ReadonlySet<string> = new Set(['Pod', 'Node', 'Event']);

const TAB = '\t';
const SINCE = '\u0001';

/**
 * The line kept for a version: its fields joined by TABs, a SinceCell as `\x01before\x01ms\x01after`
 * (ms '' for none), the labels as JSON last (JSON escapes every control character, TAB
 * and \x01 too). A row with a TAB or \x01 in a cell (an Event's message could) is kept
 * as a JSON array instead, told by its first character, `[`, which a namespace (a DNS
 * label, or '' for a cluster-scoped kind) never starts with. `clock` places timestamps
 * only (its now is never read).
 */
export function summarizeRow(o: Readonly<KObject>, clock: ClusterClock): string {
  const p = printerOf(o.kind);
  if (p.cells === undefined) throw new Error(`no row summary for kind ${o.kind}`);
  const labels = o.metadata.labels;
  const fields: Cell[] = [o.metadata.namespace ?? '', o.metadata.name ?? '', ...p.cells(o, clock), ...(p.wideRow?.(o) ?? []), labels === undefined ? '' : JSON.stringify(labels)];
  const plain = (t: string): boolean => !t.includes(TAB) && !t.includes(SINCE);
  if (fields.every((f) => (typeof f === 'string' ? plain(f) : plain(f[0]) && plain(f[2])))) {
    return fields.map((f) => (typeof f === 'string' ? f : `${SINCE}${f[0]}${SINCE}${f[1] ?? ''}${SINCE}${f[2]}`)).join(TAB);
  }
  return JSON.stringify(fields);
}

export const fieldCount = (kind: string): number => {
  const p = printerOf(kind);
  return 3 + p.columns.length + p.wide.length;
};

/** A line of summarizeRow's for `kind`, or undefined when it is not one (a damaged cache line). */
export function parseRow(kind: string, line: string): RowSummary | undefined {
  const n = fieldCount(kind);
  if (line.charCodeAt(0) === 0x5b /* [ */) {
    try {
      const a = JSON.parse(line) as unknown;
      return Array.isArray(a) && a.length === n && a.every((f) => typeof f === 'string' || isSince(f)) ? (a as RowSummary) : undefined;
    } catch {
      return undefined;
    }
  }
  // n fields, and every SinceCell well formed: checked by scanning, nothing split.
  let start = 0;
  for (let i = 0; i < n; i++) {
    const tab = line.indexOf(TAB, start);
    if ((tab < 0) !== (i === n - 1)) return undefined; // exactly n - 1 TABs
    const end = tab < 0 ? line.length : tab;
    if (line.charCodeAt(start) === 1 && (i < 2 || i === n - 1 || !sinceOk(line, start, end))) return undefined;
    start = end + 1;
  }
  return line;
}

const isSince = (f: unknown): boolean => Array.isArray(f) && f.length === 3 && typeof f[0] === 'string' && (f[1] === null || typeof f[1] === 'number') && typeof f[2] === 'string';

/** Where the second and third \x01 of the SinceCell at line[start, end) are, or undefined when it has not exactly three. */
function sinceMarks(line: string, start: number, end: number): [number, number] | undefined {
  const a = line.indexOf(SINCE, start + 1);
  const b = a < 0 || a >= end ? -1 : line.indexOf(SINCE, a + 1);
  if (b < 0 || b >= end) return undefined;
  const extra = line.indexOf(SINCE, b + 1);
  return extra >= 0 && extra < end ? undefined : [a, b];
}

/** Whether line[start, end) is a SinceCell (`since` would read one), checked without making strings for the usual '' or digits. */
export function sinceOk(line: string, start: number, end: number): boolean {
  const marks = sinceMarks(line, start, end);
  if (marks === undefined) return false;
  const [a, b] = marks;
  return b === a + 1 || digits(line, a + 1, b) !== undefined || since(line, start, end) !== undefined;
}

/** The SinceCell `\x01before\x01ms\x01after` at line[start, end), or undefined if it is not one. */
export function since(line: string, start: number, end: number): Cell | undefined {
  const marks = sinceMarks(line, start, end);
  if (marks === undefined) return undefined;
  const [a, b] = marks;
  const at = line.slice(a + 1, b);
  const ms = at === '' ? null : Number(at);
  if (ms !== null && !Number.isFinite(ms)) return undefined;
  return [line.slice(start + 1, a), ms, line.slice(b + 1, end)];
}

/** The integer written in line[from, to) (an optional '-' and digits), or undefined. */
export function digits(line: string, from: number, to: number): number | undefined {
  const negative = line.charCodeAt(from) === 0x2d;
  let n = 0;
  for (let i = negative ? from + 1 : from; i < to; i++) {
    const d = line.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return to > (negative ? from + 1 : from) && n <= Number.MAX_SAFE_INTEGER ? (negative ? -n : n) : undefined;
}

/** Field `i` of a row (not a SinceCell: namespace, name, labels). */
function field(row: RowSummary, i: number): string {
  if (typeof row !== 'string') return row[i < 0 ? row.length + i : i] as string;
  const fields = row.split(TAB);
  return fields[i < 0 ? fields.length + i : i] as string;
}

export const rowName = (r: RowSummary): string => field(r, 1);

/** The labels of a summarised row (for -l). */
export function rowLabels(r: RowSummary): Record<string, string> | undefined {
  const json = field(r, -1);
  return json === '' ? undefined : (JSON.parse(json) as Record<string, string>);
}

/**
 * toTable (tables.ts) and formatTable from summaries: the same columns, cells and bytes.
 * Two passes over the lines: the columns' widths (a plain cell's length without making
 * it), then each line; each cell is made, padded and dropped as its line is built.
 */
export function formatRows(kind: string, rows: readonly RowSummary[], nowMs: number, wide = false, withNamespace = false): string {
  const p = printerOf(kind);
  const columns = [...(withNamespace ? ['NAMESPACE'] : []), ...p.columns, ...(wide ? p.wide : [])];
  // Which field each column shows: the namespace (0), then the cells from 2.
  const shown = Int32Array.from(columns, (_, c) => (withNamespace ? (c === 0 ? 0 : c + 1) : c + 2));
  const n = fieldCount(kind);
  const starts = new Int32Array(n + 1);
  const bounds = (line: string): void => {
    let at = 0;
    for (let i = 0; i < n; i++) {
      starts[i] = at;
      const tab = line.indexOf(TAB, at);
      at = tab < 0 ? line.length + 1 : tab + 1;
    }
    starts[n] = line.length + 1;
  };
  // AGE cells (`\x01\x01ms\x01`) by their ms: most rows of a table share a few hundred ages,
  // read from the digits without slicing them (20,202 Pods: two passes, 40,404 cells).
  const ages = new Map<number, string>();
  const text = (row: RowSummary, i: number): string => {
    if (typeof row !== 'string') return cellText(row[i] as Cell, nowMs);
    const s = starts[i] as number;
    const e = (starts[i + 1] as number) - 1;
    if (row.charCodeAt(s) !== 1) return row.slice(s, e);
    if (row.charCodeAt(s + 1) === 1 && row.charCodeAt(e - 1) === 1 && e - s > 3) {
      const ms = digits(row, s + 2, e - 1);
      if (ms !== undefined) {
        let t = ages.get(ms);
        if (t === undefined) ages.set(ms, (t = cellText(['', ms, ''], nowMs)));
        return t;
      }
    }
    return cellText(since(row, s, e) as Cell, nowMs);
  };
  const widths = columns.map((c) => c.length);
  for (const row of rows) {
    if (typeof row === 'string') bounds(row);
    for (let c = 0; c < shown.length; c++) {
      const i = shown[c] as number;
      const len = typeof row === 'string' && row.charCodeAt(starts[i] as number) !== 1 ? (starts[i + 1] as number) - 1 - (starts[i] as number) : text(row, i).length;
      if (len > (widths[c] as number)) widths[c] = len;
    }
  }
  const lines = new Array<string>(rows.length + 1);
  lines[0] = alignedLine(columns.length, (c) => columns[c] as string, widths);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as RowSummary;
    if (typeof row === 'string') bounds(row);
    lines[r + 1] = alignedLine(columns.length, (c) => text(row, shown[c] as number), widths);
  }
  return lines.join('\n');
}

let printersHash: string | undefined;

/**
 * Names the way rows are summarised: a hash of the compiled printer modules that make the
 * cells, and of the clock module whose virtualOf gives the stored ms (a build whose printers print otherwise writes and reads another cache), and the
 * recording's epoch (the virtual ms of a timestamp depend on it).
 */
export function rowSummaryId(epoch: string | undefined): string {
  if (printersHash === undefined) {
    const h = createHash('sha256');
    for (const m of ['./row-summary.js', './row-cells.js', './tables.js', './pod-printer.js', './printer.js', './age.js', '../sim/time.js']) {
      try {
        h.update(fs.readFileSync(new URL(m, import.meta.url)));
      } catch {
        try {
          h.update(fs.readFileSync(new URL(m.replace(/\.js$/, '.ts'), import.meta.url))); // run from sources (vitest)
        } catch {
          h.update(`missing ${m}`);
        }
      }
    }
    printersHash = h.digest('hex').slice(0, 12);
  }
  return `${printersHash}-${createHash('sha256').update(epoch ?? '').digest('hex').slice(0, 8)}`;
}
