import type { AnnotationModel } from '../../shared/model.js';
import { EventDetailPanel } from './event-detail.js';
import { EventLog } from './event-log.js';
import { stageLegend } from './legend.js';
import { LogPanel } from './log-panel.js';
import type { ModelIndex } from './model-index.js';
import { Narration } from './narration.js';
import type { Navigator } from './navigator.js';
import { NotesPanel } from './notes-panel.js';
import type { Store, ViewState } from './store.js';
import type { Timeline } from './timeline.js';
import { $ } from './dom.js';

/**
 * The panes every single-recording layout has (layout-single.ts, and layout-aggregate.ts
 * for a recording too big to draw pod by pod): the cluster with its colour key on the
 * left's top, and on the right the event log, the selected event, container logs and notes.
 */
export function clusterPane(mi: ModelIndex): string {
  return `<section class="cluster-section"><h2>Cluster <button class="legend-toggle" aria-expanded="false" title="The colour key">key</button><span class="legend">${stageLegend(mi.m.daemonSets.length > 0)}</span></h2><div id="cluster"></div></section>`;
}

export const RIGHT_PANE = `
    <div class="right">
      <div class="pane">
        <section class="log-section"><h2>Event log</h2><div id="log"></div></section>
        <section class="detail-section"><h2>Selected event</h2><div id="detail"></div></section>
      </div>
      <section><h2>Container logs</h2><div id="pod-logs"></div></section>
      <section><h2>Notes</h2><div id="notes"></div></section>
    </div>`;

/** What the right pane's panels read and drive. */
export interface RightPaneContext {
  mi: ModelIndex;
  rec: string;
  store: Store;
  nav: Navigator;
  timeline: Timeline;
  toast: (msg: string, error?: boolean) => void;
}

/**
 * Makes RIGHT_PANE's panels (event log, narration, selected event, container logs, notes)
 * and adds them to a layout's lists: the narration, notes and logs to each frame, after
 * what the caller pushed before (the left pane's views draw first), and the event log and
 * the selected event to the slow list, as they fetch.
 */
export function wireRightPane(
  { mi, rec, store, nav, timeline, toast }: RightPaneContext,
  frame: Array<(s: ViewState) => void>,
  slow: Array<(s: ViewState, changed: ReadonlySet<keyof ViewState>) => void>,
): void {
  const log = new EventLog($('#log'), rec, mi, (seq) => store.set({ sel: seq }), () => undefined, (e) => toast(e.message, true), { filters: store.state.logFilters, onFilters: (f) => store.set({ logFilters: f }) });
  const narration = new Narration($('#narration'), mi, rec, log.cache);
  const detail = new EventDetailPanel($('#detail'), rec, (seq) => store.set({ sel: seq }), (seq) => nav.toSeq(seq));
  const logs = new LogPanel($('#pod-logs'), rec, () => store.state);
  const notes = new NotesPanel($('#notes'), rec, () => store.state, (n: AnnotationModel) => nav.toMarker(n), (ns) => timeline.setNotes(ns), toast);
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
}
