import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';
import { cellText, type Cell } from './row-cells.js';
import { printerOf, type Table } from './tables.js';

/**
 * One object version as its kind's `kubectl get` row: the cells that do not depend on the
 * clock as text, AGE and RESTARTS' "(5m ago)" as the virtual ms they are measured from
 * (row-cells.ts), the -o wide cells, and what NAMESPACE, -o name and -l read. A Pod is
 * ~150 bytes of it instead of ~3.8 kB recorded (and ~740 B of masked JSON before this):
 * printing 100,000 Pods parses ~15 MB, not 74 MB.
 */
export interface RowSummary {
  namespace: string;
  name: string;
  cells: Cell[];
  wide: string[];
  /** The labels' JSON ('' for none), parsed only for -l. */
  labels: string;
}

/** The kinds whose tables print from summaries: every other kind reads whole objects. */
export const SUMMARISED_KINDS: ReadonlySet<string> = new Set(['Pod', 'Node', 'Event']);

/**
 * The line kept for a version: a JSON array `[namespace, name, ...cells, ...wide]`, a TAB
 * (JSON escapes every TAB inside a string, so the first one ends the array), and the
 * labels' JSON. `clock` places timestamps only (its now is never read).
 */
export function summarizeRow(o: Readonly<KObject>, clock: ClusterClock): string {
  const p = printerOf(o.kind);
  if (p.cells === undefined) throw new Error(`no row summary for kind ${o.kind}`);
  const wide = p.wideRow?.(o) ?? [];
  const labels = o.metadata.labels;
  return `${JSON.stringify([o.metadata.namespace ?? '', o.metadata.name ?? '', ...p.cells(o, clock), ...wide])}\t${labels === undefined ? '' : JSON.stringify(labels)}`;
}

/** A line of summarizeRow's for `kind`, or undefined when it is not one (a damaged cache line). */
export function parseRow(kind: string, line: string): RowSummary | undefined {
  const p = printerOf(kind);
  const tab = line.indexOf('\t');
  if (tab < 0) return undefined;
  let a: unknown;
  try {
    a = JSON.parse(line.slice(0, tab));
  } catch {
    return undefined;
  }
  if (!Array.isArray(a) || a.length !== 2 + p.columns.length + p.wide.length || typeof a[0] !== 'string' || typeof a[1] !== 'string') return undefined;
  return { namespace: a[0], name: a[1], cells: a.slice(2, 2 + p.columns.length) as Cell[], wide: a.slice(2 + p.columns.length) as string[], labels: line.slice(tab + 1) };
}

/** The labels of a summarised row (for -l). */
export function rowLabels(row: RowSummary): Record<string, string> | undefined {
  return row.labels === '' ? undefined : (JSON.parse(row.labels) as Record<string, string>);
}

/** toTable (tables.ts) from summaries: the same columns and cells, the same bytes once formatted. */
export function summaryTable(kind: string, rows: readonly RowSummary[], nowMs: number, wide = false, withNamespace = false): Table {
  const p = printerOf(kind);
  const out = new Array<string[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as RowSummary;
    const cells: string[] = withNamespace ? [row.namespace] : [];
    for (const c of row.cells) cells.push(cellText(c, nowMs));
    if (wide) for (const c of row.wide) cells.push(c);
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
