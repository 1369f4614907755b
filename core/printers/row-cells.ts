import type { ClusterClock } from '../sim/time.js';
import { humanDuration } from './age.js';

/**
 * A table cell whose text depends on the clock's now: `before + since(at) + after`, `at`
 * the virtual ms of a timestamp, or null for none (printed `<unknown>`, as `since` does).
 * AGE is `['', at, '']`; a Pod's RESTARTS after a restart is `['3 (', at, ' ago)']`.
 */
export type SinceCell = [before: string, at: number | null, after: string];

/** A cell as printed, or one that needs the clock (SinceCell). */
export type Cell = string | SinceCell;

/**
 * The SinceCell of a timestamp. Its virtual ms, not its text: the text needs a Date.parse
 * each time it is printed, the number does not (100,000 Pods: ~20 ms of parsing per `get`).
 */
export function sinceCell(stamp: string | undefined, clock: ClusterClock, before = '', after = ''): SinceCell {
  const at = stamp === undefined ? Number.NaN : clock.virtualOf(stamp);
  return [before, Number.isNaN(at) ? null : at, after];
}

/** A cell's text at virtual time `nowMs`, exactly as `since` (printer.ts) prints it. */
export function cellText(cell: Cell, nowMs: number): string {
  if (typeof cell === 'string') return cell;
  const [before, at, after] = cell;
  return `${before}${at === null ? '<unknown>' : humanDuration(nowMs - at)}${after}`;
}
