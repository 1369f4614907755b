import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';
import { humanDuration } from './age.js';
import type { Cell } from './row-cells.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

/**
 * One kind's `kubectl get` columns (upstream's TableColumnDefinitions in
 * pkg/printers/internalversion) and how an object fills them. `wide` are the priority-1
 * columns kubectl shows only with -o wide. The clock is the cluster's (AGE, a Job's
 * DURATION, a CronJob's LAST SCHEDULE are measured against it).
 */
export interface Printer {
  columns: string[];
  wide: string[];
  row: (o: Readonly<KObject>, age: string, clock: ClusterClock) => string[];
  wideRow?: (o: Readonly<KObject>) => string[];
  /**
   * The row with the cells that read the clock's now left as SinceCells (row-cells.ts),
   * for kinds whose rows are summarised once and printed at any now (row-summary.ts);
   * `row` is then these cells' text.
   */
  cells?: (o: Readonly<KObject>, clock: ClusterClock) => Cell[];
}

/** translateTimestampSince: how long ago `stamp` was, or <unknown> for none. */
export function since(stamp: string | undefined, clock: ClusterClock): string {
  if (stamp === undefined) return '<unknown>';
  const at = clock.virtualOf(stamp);
  return Number.isNaN(at) ? '<unknown>' : humanDuration(clock.now() - at);
}

/** labels.FormatLabels: `app=web,tier=db` sorted by key, <none> for no labels. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key, matchLabels
 * as `k=v`, expressions as `k in (a,b)`, `k notin (a)`, `k`, `!k`; "" for an empty one.
 */
export function selectorString(sel: any): string {
  if (sel === undefined || sel === null) return '';
  const reqs: Array<[string, string]> = Object.entries((sel.matchLabels ?? {}) as Record<string, string>).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of (sel.matchExpressions ?? []) as any[]) {
    const values = [...((e.values ?? []) as string[])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push([e.key, text]);
  }
  return reqs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, t]) => t)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, or <none> for a missing or empty one. */
export function formatLabelSelector(sel: any): string {
  return selectorString(sel) || '<none>';
}

/** layoutContainerCells: container names and images, comma-separated. */
export function containerCells(podSpec: any): [string, string] {
  const cs: any[] = podSpec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}

/** The wide columns of a pod template owner: CONTAINERS, IMAGES, SELECTOR (<none> for none). */
export function templateWide(o: Readonly<KObject>): string[] {
  return [...containerCells(o.spec?.template?.spec), formatLabelSelector(o.spec?.selector)];
}
