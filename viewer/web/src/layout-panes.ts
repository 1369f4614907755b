import type { ModelIndex } from './model-index.js';
import { stageLegend } from './legend.js';

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
