import type { AnnotationModel, PodTrack } from '../../shared/model.js';
import { ClusterView } from './cluster-view.js';
import { EventDetailPanel } from './event-detail.js';
import { EventLog } from './event-log.js';
import { clusterPane, RIGHT_PANE } from './layout-panes.js';
import { LifecyclesView } from './lifecycles-view.js';
import { lifecyclesLegend } from './lifecycles-legend.js';
import { LogPanel } from './log-panel.js';
import type { ModelIndex } from './model-index.js';
import { Narration } from './narration.js';
import type { Navigator } from './navigator.js';
import { NotesPanel } from './notes-panel.js';
import type { Store, ViewState } from './store.js';
import type { Timeline } from './timeline.js';
import { WorkloadsView } from './workloads-view.js';
import { RevisionLegend } from './revision-legend.js';
import { $ } from './dom.js';
import { foldLegend } from './legend-fold.js';
import { afterPaint } from './after-paint.js';
import { BANDS_FROM } from './lifecycles-band-model.js';

export interface Layout {
  /** Drawn synchronously on every change: what a frame is made of (and what the frame time measures). */
  frame: Array<(s: ViewState) => void>;
  /** Started on a change but answered later (they fetch): the event log and the selected event. */
  slow: Array<(s: ViewState, changed: ReadonlySet<keyof ViewState>) => void>;
  /** Settles once the views drawn after the first frame (below the fold) are drawn too. */
  drawn?: Promise<void>;
}

export interface SingleContext {
  mi: ModelIndex;
  rec: string;
  store: Store;
  nav: Navigator;
  timeline: Timeline;
  toast: (msg: string, error?: boolean) => void;
}

/**
 * One recording: cluster, workloads and lifecycles on the left; on the right the event log
 * over the selected event (together one screen, each its own scroll), then container logs
 * and notes further down. The two columns scroll apart (style.css, "layout").
 */
export function singleLayout({ mi, rec, store, nav, timeline, toast }: SingleContext): Layout {
  const frame: Layout['frame'] = [];
  const slow: Layout['slow'] = [];
  const selectPod = (_pod: PodTrack, seq: number): void => store.set({ sel: seq });
  $('#main').innerHTML = `
    <div class="left">
      ${clusterPane(mi)}
      <section><h2>Workloads</h2><div id="workloads"></div></section>
      <section><h2>Pod lifecycles <span class="legend">${lifecyclesLegend(mi)}</span></h2><div id="lifecycles" class="scroll"></div></section>
    </div>${RIGHT_PANE}`;
  foldLegend($('.cluster-section'));
  const cluster = new ClusterView($('#cluster'), mi, selectPod);
  const revisions = new RevisionLegend($('#cluster'), mi);
  const workloads = new WorkloadsView($('#workloads'), mi, (t0, t1) => store.set({ t0, t1 }));
  // A large recording's pod lifecycles (more pods than BANDS_FROM: drawn as bands per owner)
  // sit below its Workloads charts, under the fold at 1280x720 and 1600x1000: they are built
  // and drawn right after the first frame is painted, not before it (for 8,042 pods rolled 7
  // times their rows and bands were ~1 s of a loaded machine's ~4 s cached open). A story's
  // few rows cost a few ms and may be in view, so they are drawn with the first frame as before.
  let lifecycles: LifecyclesView | undefined;
  const lifecyclesEl = $('#lifecycles');
  const later = mi.m.pods.length > BANDS_FROM;
  if (!later) lifecycles = new LifecyclesView(lifecyclesEl, mi, selectPod); // drawn by the first frame, in the order of the frame list below
  const drawn = !later ? Promise.resolve() : afterPaint().then(() => {
    // A live recording that grew meanwhile has replaced these views (and this element).
    if (!lifecyclesEl.isConnected) return;
    lifecycles = new LifecyclesView(lifecyclesEl, mi, selectPod);
    const s = store.state;
    lifecycles.render(s.timeMs, s.t0, s.t1, s.scrubbing);
  });
  const log = new EventLog($('#log'), rec, mi, (seq) => store.set({ sel: seq }), () => undefined, (e) => toast(e.message, true), { filters: store.state.logFilters, onFilters: (f) => store.set({ logFilters: f }) });
  const narration = new Narration($('#narration'), mi, rec, log.cache);
  const detail = new EventDetailPanel($('#detail'), rec, (seq) => store.set({ sel: seq }), (seq) => nav.toSeq(seq));
  const logs = new LogPanel($('#pod-logs'), rec, () => store.state);
  const notes = new NotesPanel($('#notes'), rec, () => store.state, (n: AnnotationModel) => nav.toMarker(n), (ns) => timeline.setNotes(ns), toast);
  frame.push((s) => cluster.render(s.seq, s.timeMs, !s.scrubbing && !s.playing));
  frame.push((s) => revisions.render(s.seq));
  frame.push((s) => workloads.render(s.seq, s.timeMs, s.t0, s.t1));
  frame.push((s) => lifecycles?.render(s.timeMs, s.t0, s.t1, s.scrubbing));
  frame.push((s) => narration.update(s.seq, s.timeMs));
  frame.push(() => notes.update());
  frame.push(() => logs.update());
  log.setLens(store.state.lens);
  slow.push((s, changed) => {
    if (changed.has('lens')) log.setLens(s.lens);
    if (changed.has('seq') || changed.has('sel')) log.update(s.seq, s.sel);
    if (changed.has('sel')) {
      detail.show(s.sel);
      logs.select(s.sel);
    }
  });
  return { frame, slow, drawn };
}
