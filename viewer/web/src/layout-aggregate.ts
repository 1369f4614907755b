import type { PodAggregates, PodTrack } from '../../shared/model.js';
import { AggregateClusterView } from './aggregate-cluster.js';
import { AggregateOwners } from './aggregate-owners.js';
import { AggregatePods } from './aggregate-pods.js';
import { clusterPane, RIGHT_PANE, wireRightPane } from './layout-panes.js';
import { $ } from './dom.js';
import { foldLegend } from './legend-fold.js';
import type { Layout, SingleContext } from './layout-single.js';

/**
 * One recording with more pods than the server's aggregate line (its model counts pods
 * per node and per owner instead of holding them: shared/aggregate-model.ts). The cluster
 * as counts per node, the owners as counts, and the pods of the node or owner clicked as
 * lifecycle rows, asked for from the server; the event log and the selected event as in
 * the single layout (layout-single.ts). The Workloads charts and the whole-recording
 * lifecycles are drawn from every pod's track, which this model does not have.
 */
export function aggregateLayout(ctx: SingleContext, a: PodAggregates): Layout {
  const { mi, rec, store, toast } = ctx;
  const frame: Layout['frame'] = [];
  const slow: Layout['slow'] = [];
  const selectPod = (_pod: PodTrack, seq: number): void => store.set({ sel: seq });
  $('#main').innerHTML = `
    <div class="left">
      ${clusterPane(mi)}
      <section><h2>Pods of the node or owner clicked</h2><div id="agg-pods"></div></section>
      <section><h2>Owners</h2><div id="agg-owners" class="scroll"></div></section>
    </div>${RIGHT_PANE}`;
  foldLegend($('.cluster-section'));
  const pods = new AggregatePods($('#agg-pods'), mi, rec, () => store.state, selectPod, toast);
  const cluster = new AggregateClusterView($('#cluster'), mi, a, (node) => {
    cluster.setFocus(node);
    void pods.show({ node }, `node ${node}`);
  });
  const owners = new AggregateOwners($('#agg-owners'), cluster.counts, (uid) => {
    const o = a.owners.find((x) => x.uid === uid);
    cluster.setFocus(null);
    void pods.show({ owner: uid }, o === undefined ? uid : `${o.kind} ${o.namespace}/${o.name}`);
  });
  // The cluster first: it moves the counts the owners' rows read.
  frame.push((s) => cluster.render(s.seq));
  frame.push(() => owners.render());
  frame.push((s) => pods.render(s));
  wireRightPane(ctx, frame, slow);
  return { frame, slow, drawn: Promise.resolve() };
}
