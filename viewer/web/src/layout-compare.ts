import { ClusterView } from './cluster-view.js';
import { escapeHtml } from './format.js';
import type { Layout } from './layout-single.js';
import { LifecyclesView } from './lifecycles-view.js';
import type { ModelIndex } from './model-index.js';
import { Narration } from './narration.js';
import type { ViewState } from './store.js';
import { $ } from './dom.js';

/**
 * Two recordings side by side on one time axis (prestop-off against prestop-on): each
 * with its narration, failed requests so far, cluster and pod lifecycles. The playhead is
 * a cluster time; the first recording's seq follows the arrow keys, the second's is the
 * last write at or before that time.
 */
export function compareLayout(mi: ModelIndex, other: ModelIndex): Layout {
  const frame: Layout['frame'] = [];
  $('#narration').innerHTML = `<div class="chapter"><span class="chapter-title">Comparing ${escapeHtml(mi.m.title)} with ${escapeHtml(other.m.title)}</span><span class="chapter-body">One time axis: the playhead is the same cluster time in both.</span></div>`;
  $('#main').innerHTML = `<div class="compare">${[mi, other].map((m, i) => `
    <div class="col" data-rec="${escapeHtml(m.m.name)}">
      <h2>${i === 0 ? 'A' : 'B'}: ${escapeHtml(m.m.name)} <span class="muted">${escapeHtml(m.m.title)}</span></h2>
      <div class="narr narration-small"></div>
      <div class="traffic-sum"></div>
      <div class="cluster"></div>
      <div class="lifecycles scroll"></div>
    </div>`).join('')}</div>`;
  const cols = [...document.querySelectorAll<HTMLElement>('.compare .col')];
  [mi, other].forEach((m, i) => {
    const col = cols[i] as HTMLElement;
    const cluster = new ClusterView(col.querySelector('.cluster') as HTMLElement, m, () => undefined);
    const lifecycles = new LifecyclesView(col.querySelector('.lifecycles') as HTMLElement, m, () => undefined);
    const narration = new Narration(col.querySelector('.narr') as HTMLElement, m, m.m.name, undefined);
    const sum = col.querySelector('.traffic-sum') as HTMLElement;
    const seqOf = (s: ViewState): number => (i === 0 ? s.seq : m.seqAtTime(s.timeMs));
    frame.push((s) => cluster.render(seqOf(s), s.timeMs, !s.scrubbing && !s.playing));
    frame.push((s) => lifecycles.render(s.timeMs, s.t0, s.t1, s.scrubbing));
    frame.push((s) => narration.update(seqOf(s), s.timeMs));
    frame.push((s) => {
      const failed = m.failedUpTo(s.timeMs);
      sum.textContent = failed === null ? 'no traffic in this recording' : `failed requests so far: ${failed}`;
      sum.classList.toggle('bad', (failed ?? 0) > 0);
    });
  });
  return { frame, slow: [] };
}
