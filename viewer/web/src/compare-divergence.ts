import type { CompareModel, DivergentWrite } from '../../shared/compare-model.js';
import type { MarkerModel } from '../../shared/model.js';
import type { CompareClock } from './compare-clock.js';
import { clock, escapeHtml, objectName, verbPhrase } from './format.js';

function side(label: string, w: DivergentWrite | null): string {
  if (w === null) return `<li><b>${label}</b> <span class="muted">had no more writes</span></li>`;
  const e = w.event;
  return `<li><b>${label}</b> ${clock(e.timeMs)} · seq ${e.seq} <span class="actor">${escapeHtml(e.actor)}</span> ${escapeHtml(verbPhrase(e))} ${escapeHtml(objectName(e))}${e.reason ? ` <span class="reason">${escapeHtml(e.reason)}</span>` : ''}${e.message ? ` <span class="muted">${escapeHtml(e.message)}</span>` : ''}</li>`;
}

/** The paragraph over the deltas table: the definition, and the two writes where the stories part. */
export function divergenceHtml(c: CompareModel): string {
  const def = 'Compared write by write as kind, verb, namespace/name and reason, without Leases and Events, generated name parts numbered by first appearance, each millisecond\'s writes in one order.';
  if (c.divergence === null) return `<p class="divergence none"><b>No divergence:</b> all ${c.compared[0]} compared writes agree. <span class="muted">${def}</span></p>`;
  const d = c.divergence;
  return `<div class="divergence"><b>First divergence</b> after ${d.agreed} writes in common: <ul>${side('A', d.a)}${side('B', d.b)}</ul><p class="muted">${def}</p></div>`;
}

/**
 * Where the playhead goes for the divergence: right after A's first differing write (B
 * is then mapped to the same moment of its chapter); when A had no more writes, the
 * moment that shows B's.
 */
export function divergenceTarget(c: CompareModel, cc: CompareClock): MarkerModel | null {
  const d = c.divergence;
  if (d === null) return null;
  const title = `first divergence: ${[d.a && `A ${verbPhrase(d.a.event)} ${objectName(d.a.event)} ${d.a.event.reason ?? ''}`, d.b && `B ${verbPhrase(d.b.event)} ${objectName(d.b.event)} ${d.b.event.reason ?? ''}`].filter(Boolean).join(' / ')}`;
  if (d.a !== null) return { id: -1, timeMs: d.a.event.timeMs, seq: d.a.event.seq, kind: 'note', title, body: null };
  if (d.b === null) return null;
  const m = cc.aAt(d.b.event.seq, d.b.event.timeMs);
  return { id: -1, timeMs: m.timeMs, seq: m.seq, kind: 'note', title, body: null };
}
