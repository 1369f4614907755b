import type { Mapped } from '../../shared/chapter-align.js';
import type { CompareModel } from '../../shared/compare-model.js';
import type { MarkerModel, PodTrack } from '../../shared/model.js';
import { api } from './api.js';
import { ClusterView } from './cluster-view.js';
import type { CompareClock } from './compare-clock.js';
import { DeltasView } from './compare-deltas-view.js';
import { divergenceHtml, divergenceTarget } from './compare-divergence.js';
import { CompareDrawer, type DrawerTab } from './compare-drawer.js';
import { clock as fmt, escapeHtml } from './format.js';
import type { Layout } from './layout-single.js';
import { LifecyclesView } from './lifecycles-view.js';
import type { ModelIndex } from './model-index.js';
import { Narration } from './narration.js';
import type { Navigator } from './navigator.js';
import type { Store, ViewState } from './store.js';
import type { Timeline } from './timeline.js';
import { $ } from './dom.js';

export interface CompareContext {
  mi: ModelIndex;
  other: ModelIndex;
  clock: CompareClock;
  store: Store;
  nav: Navigator;
  timeline: Timeline;
  toast: (msg: string, error?: boolean) => void;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Two recordings side by side, aligned on their chapters (compare-clock.ts): A's playhead
 * is the store's, B's is mapped so "chapter 3 + 2.1 s" is the same moment of both stories.
 * A bar says how they are aligned, what the current chapter's numbers are on each side and
 * where the two first diverge; each side has its narration, failed requests, cluster and
 * pod lifecycles; a drawer below holds the per-chapter deltas and either side's event log,
 * chain and diff.
 */
export function compareLayout({ mi, other, clock, store, nav, timeline, toast }: CompareContext): Layout {
  const frame: Layout['frame'] = [];
  const slow: Layout['slow'] = [];
  document.body.classList.add('comparing');
  const matched = clock.pairs.length;
  $('#narration').innerHTML = '<div class="cmp-narr"><span class="chapter-title"></span><span class="cmp-where"></span></div>';
  $('#main').innerHTML = `<div class="compare-wrap">
    <div class="compare-bar">
      <span class="cmp-align">${matched === 0 ? 'No chapter in common: one cluster time for both' : `Aligned on ${matched} of ${mi.chapters.length} chapters (${clock.pairs[0]?.by === 'order' ? 'by order' : 'by title'})`}</span>
      <span class="cmp-now"></span>
      <span class="spacer"></span>
      <button class="cmp-div" data-act="divergence" disabled title="The first write where the two stories differ (kind, verb, name, reason)">≠ first divergence…</button>
      <button data-tab="chapters">chapters</button><button data-tab="a">A events</button><button data-tab="b">B events</button>
    </div>
    <div class="compare">${[mi, other].map((m, i) => `
      <div class="col" data-rec="${escapeHtml(m.m.name)}" data-side="${i === 0 ? 'a' : 'b'}">
        <h2><span class="side-tag">${i === 0 ? 'A' : 'B'}</span> ${escapeHtml(m.m.name)} <span class="traffic-sum"></span> <span class="muted col-title">${escapeHtml(m.m.title)}</span></h2>
        <div class="narr narration-small"></div>
        <div class="cluster"></div>
        <div class="lifecycles"></div>
      </div>`).join('')}</div>
    <div class="compare-drawer"></div>
  </div>`;
  const bar = $('.compare-bar');
  const cols = [...document.querySelectorAll<HTMLElement>('.compare .col')];
  let bNow: Mapped = clock.bAt(store.state.seq, store.state.timeMs);
  let selB = 0;

  // B's seq to the playhead: A placed so that B's mapped position is that write.
  const goToB = (seqB: number): void => {
    const m = clock.aAt(seqB, other.timeOf(seqB));
    nav.toMarker({ id: -1, timeMs: m.timeMs, seq: m.seq, kind: 'note', title: '', body: null });
  };
  const selectA = (seq: number): void => {
    store.set({ sel: seq });
    if (drawer.open !== 'a') drawer.show('a');
  };
  const selectB = (seq: number): void => {
    selB = seq;
    drawer.update('b', bNow.seq, selB);
    if (drawer.open !== 'b') drawer.show('b');
  };
  const drawer = new CompareDrawer($('.compare-drawer'), { a: { mi, select: selectA, goTo: (seq) => nav.toSeq(seq) }, b: { mi: other, select: selectB, goTo: goToB } }, toast, (tab: DrawerTab | null) => {
    for (const b of bar.querySelectorAll<HTMLElement>('button[data-tab]')) b.classList.toggle('on', b.dataset.tab === tab);
  });
  const goToChapter = (k: number): void => {
    const c = mi.chapters.find((x) => x.timeMs === clock.pairs[k]?.a.timeMs && x.title === clock.pairs[k]?.a.title);
    if (c !== undefined) nav.toMarker(c);
  };
  const deltas = new DeltasView(drawer.deltasHost, clock, goToChapter);
  bar.addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (b?.dataset.tab !== undefined) drawer.show(drawer.open === b.dataset.tab ? null : (b.dataset.tab as DrawerTab));
  });

  // The first divergence: asked once, then a button, a flag on the timeline's B row and a paragraph in the chapters tab.
  api.compare(mi.m.name, other.m.name).then((c: CompareModel) => {
    const btn = bar.querySelector('button.cmp-div') as HTMLButtonElement;
    drawer.divergenceHost.innerHTML = divergenceHtml(c);
    const target: MarkerModel | null = divergenceTarget(c, clock);
    if (target === null) {
      btn.textContent = '= no divergence';
      btn.title = `All ${c.compared[0]} compared writes agree (kind, verb, name, reason).`;
      return;
    }
    btn.disabled = false;
    btn.textContent = `≠ first divergence ${fmt(target.timeMs)}`;
    btn.title = target.title;
    btn.addEventListener('click', () => nav.toMarker(target));
    clock.marks.push({ timeMs: target.timeMs, title: target.title, cls: 'divergence', target });
    timeline.redraw();
  }, (err: Error) => toast(`first divergence: ${err.message}`, true));

  [mi, other].forEach((m, i) => {
    const col = cols[i] as HTMLElement;
    const onPod = (_pod: PodTrack, seq: number): void => (i === 0 ? selectA(seq) : selectB(seq));
    const cluster = new ClusterView(col.querySelector('.cluster') as HTMLElement, m, onPod);
    const lifecycles = new LifecyclesView(col.querySelector('.lifecycles') as HTMLElement, m, onPod);
    const narration = new Narration(col.querySelector('.narr') as HTMLElement, m, m.m.name, undefined);
    const sum = col.querySelector('.traffic-sum') as HTMLElement;
    const seqOf = (s: ViewState): number => (i === 0 ? s.seq : bNow.seq);
    const timeOf = (s: ViewState): number => (i === 0 ? s.timeMs : bNow.timeMs);
    if (i === 0) frame.push((s) => void (bNow = clock.bAt(s.seq, s.timeMs)));
    frame.push((s) => cluster.render(seqOf(s), timeOf(s), !s.scrubbing && !s.playing));
    frame.push((s) => (i === 0 ? lifecycles.render(s.timeMs, s.t0, s.t1, s.scrubbing) : lifecycles.render(bNow.timeMs, clock.toB(s.t0), clock.toB(s.t1), s.scrubbing)));
    frame.push((s) => narration.update(seqOf(s), timeOf(s)));
    frame.push((s) => {
      const failed = m.failedUpTo(timeOf(s));
      sum.textContent = failed === null ? 'no traffic in this recording' : `failed requests so far: ${failed}`;
      sum.classList.toggle('bad', (failed ?? 0) > 0);
    });
  });

  // The shared narration: the chapter, and where each side is in it.
  const title = $('#narration .chapter-title');
  const where = $('#narration .cmp-where');
  const now = bar.querySelector('.cmp-now') as HTMLElement;
  frame.push((s) => {
    const pair = clock.pairs[bNow.pair];
    const ch = mi.chapterAt(s.timeMs);
    title.textContent = pair !== undefined ? `${bNow.pair + 1}. ${pair.a.title}` : (ch?.title ?? 'Before the first chapter');
    if (matched === 0) where.textContent = `A and B at ${fmt(s.timeMs)}: no chapter in common, one cluster time.`;
    else if (pair === undefined) where.textContent = `A ${fmt(s.timeMs)} · B ${fmt(bNow.timeMs)}`;
    else where.textContent = `A and B ${secs(bNow.offsetMs)} into it${bNow.clamped ? ` · B's chapter ended sooner: B waits at its end (${fmt(bNow.timeMs)})` : pair.a.timeMs !== pair.b.timeMs ? ` (A at ${fmt(s.timeMs)}, B at ${fmt(bNow.timeMs)})` : ''}`;
    now.innerHTML = deltas.update(bNow.pair);
  });

  slow.push((s) => {
    drawer.update('a', s.seq, s.sel);
    drawer.update('b', bNow.seq, selB);
  });
  return { frame, slow };
}
