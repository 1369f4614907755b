import type { PodTrack } from '../../shared/model.js';
import { ClusterView } from './cluster-view.js';
import { clusterPane, RIGHT_PANE, wireRightPane, type RightPaneContext } from './layout-panes.js';
import { LifecyclesView } from './lifecycles-view.js';
import { lifecyclesLegend } from './lifecycles-legend.js';
import type { ViewState } from './store.js';
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

/** What a single-recording layout is made from: the right pane's context (layout-panes.ts). */
export type SingleContext = RightPaneContext;

/**
 * One recording: cluster, workloads and lifecycles on the left; on the right the event log
 * over the selected event (together one screen, each its own scroll), then container logs
 * and notes further down. The two columns scroll apart (style.css, "layout").
 */
export function singleLayout(ctx: SingleContext): Layout {
  const { mi, store } = ctx;
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
  frame.push((s) => cluster.render(s.seq, s.timeMs, !s.scrubbing && !s.playing));
  frame.push((s) => revisions.render(s.seq));
  frame.push((s) => workloads.render(s.seq, s.timeMs, s.t0, s.t1));
  frame.push((s) => lifecycles?.render(s.timeMs, s.t0, s.t1, s.scrubbing));
  wireRightPane(ctx, frame, slow);
  return { frame, slow, drawn };
}
