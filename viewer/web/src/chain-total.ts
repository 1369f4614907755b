import { hopPhrase, formatDelay, type ChainTiming } from './chain-timing.js';
import { clock, escapeHtml } from './format.js';

/**
 * The chain's time-to-effect in one line above the diagram: the total from its first
 * write to the selected one and the slowest hop (each hop's own delay is in the diagram's gutter).
 * pod-loss-recovery's replacement, selected at its Deployment status (seq 171):
 *   2.4 s from seq 149 (kubectl Delete, 0:30.0) to seq 171 (0:32.4) over 7 hops;
 *   slowest: kubelet/node-1 (ContainerReady) 2.0 s
 */
export function chainTotal(t: ChainTiming): string {
  const slow = t.hops[t.slowest];
  const n = t.hops.length;
  const from = `${t.start.actor}${t.start.reason === null ? '' : ` ${t.start.reason}`}`;
  return `<div class="chain-total" data-total-ms="${t.totalMs}">Total <b class="total">${formatDelay(t.totalMs)}</b> from seq ${t.start.seq} (${escapeHtml(from)}, ${clock(t.start.timeMs)}) to seq ${t.end.seq} (${clock(t.end.timeMs)}) over ${n} hop${n === 1 ? '' : 's'}${
    slow === undefined ? '' : `; slowest: <b class="slowest">${escapeHtml(hopPhrase(slow))}</b>`
  }</div>`;
}
