import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';
import { cellText, type Cell } from './row-cells.js';
import { printerOf, type Table } from './tables.js';

/**
 * One object version as its kind's `kubectl get` row: `[namespace, name, ...cells, ...wide,
 * labels]`, the cells that do not depend on the clock as text, AGE and RESTARTS' "(5m
 * ago)" as the virtual ms they are measured from (SinceCell, row-cells.ts), the -o wide
 * cells, what NAMESPACE, -o name and -l read (the labels' JSON, '' for none, parsed only
 * for -l). A Pod is ~200 bytes of it instead of ~3.8 kB recorded (and ~740 B of masked
 * JSON before this): printing 100,000 Pods reads ~20 MB, not 74 MB.
 */
export type RowSummary = Cell[];

export const rowNamespace = (r: RowSummary): string => r[0] as string;
export const rowName = (r: RowSummary): string => r[1] as string;

/** The labels of a summarised row (for -l). */
export function rowLabels(r: RowSummary): Record<string, string> | undefined {
  const json = r[r.length - 1] as string;
  return json === '' ? undefined : (JSON.parse(json) as Record<string, string>);
}

/** The kinds whose tables print from summaries: every other kind reads whole objects. */
export const SUMMARISED_KINDS: ReadonlySet<string> = new Set(['Pod', 'Node', 'Event']);

const TAB = '\t';
const SINCE = '\u0001';

/**
 * The line kept for a version: its fields joined by TABs, a SinceCell as `\x01before\x01ms\x01after`
 * (ms '' for none), the labels as JSON last (JSON escapes every control character, TAB
 * and \x01 too). Read back with one `split` (~4 ms for 20,202 Pods, against ~20-40 ms of
 * JSON.parse for the same rows as arrays). A row with a TAB or \x01 in a cell (an Event's
 * message could) is kept as a JSON array instead, told by its first character: `[`,
 * which a namespace (a DNS label, or '' for a cluster-scoped kind) never starts with.
 * `clock` places timestamps only (its now is never read).
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

/** A line of summarizeRow's for `kind`, or undefined when it is not one (a damaged cache line). */
export function parseRow(kind: string, line: string): RowSummary | undefined {
  const p = printerOf(kind);
  const n = 3 + p.columns.length + p.wide.length;
  if (line.charCodeAt(0) === 0x5b /* [ */) {
    try {
      const a = JSON.parse(line) as unknown;
      return Array.isArray(a) && a.length === n && a.every((f) => typeof f === 'string' || isSince(f)) ? (a as RowSummary) : undefined;
    } catch {
      return undefined;
    }
  }
  const fields: Cell[] = line.split(TAB);
  if (fields.length !== n) return undefined;
  for (let i = 2; i < n - 1; i++) {
    const f = fields[i] as string;
    if (f.charCodeAt(0) !== 1) continue;
    const [, before = '', at = '', after = '', extra] = f.split(SINCE);
    const ms = at === '' ? null : Number(at);
    if (extra !== undefined || (ms !== null && !Number.isFinite(ms))) return undefined;
    fields[i] = [before, ms, after];
  }
  return fields;
}

const isSince = (f: unknown): boolean => Array.isArray(f) && f.length === 3 && typeof f[0] === 'string' && (f[1] === null || typeof f[1] === 'number') && typeof f[2] === 'string';

/** toTable (tables.ts) from summaries: the same columns and cells, the same bytes once formatted. */
export function summaryTable(kind: string, rows: readonly RowSummary[], nowMs: number, wide = false, withNamespace = false): Table {
  const p = printerOf(kind);
  const from = withNamespace ? 0 : 2;
  const to = 2 + p.columns.length + (wide ? p.wide.length : 0);
  const out = new Array<string[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as RowSummary;
    const cells = new Array<string>(to - from - (withNamespace ? 1 : 0));
    let j = 0;
    if (withNamespace) cells[j++] = row[0] as string;
    for (let i = 2; i < to; i++) cells[j++] = cellText(row[i] as Cell, nowMs);
    out[r] = cells;
  }
  const columns = [...(withNamespace ? ['NAMESPACE'] : []), ...p.columns, ...(wide ? p.wide : [])];
  return { columns, wide: p.wide, rows: out };
}

let printersHash: string | undefined;

/**
 * Names the way rows are summarised: a hash of the compiled printer modules that make the
 * cells (a build whose printers print otherwise writes and reads another cache), and the
 * recording's epoch (the virtual ms of a timestamp depend on it).
 */
export function rowSummaryId(epoch: string | undefined): string {
  if (printersHash === undefined) {
    const h = createHash('sha256');
    for (const m of ['./row-summary.js', './row-cells.js', './tables.js', './pod-printer.js', './printer.js', './age.js']) {
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
