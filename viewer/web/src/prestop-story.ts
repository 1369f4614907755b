import { FailedCounter } from './failed-counter.js';
import type { Layout } from './layout-single.js';
import type { ModelIndex } from './model-index.js';
import { ProxyLane } from './proxy-lane.js';
import type { ViewState } from './store.js';

const LEGEND = '<span class="legend"><span class="key"><i class="route-key"></i>routes to (swatch: its ReplicaSet)</span>'
  + '<span class="key"><i class="route-key stale"></i>left the EndpointSlice, still routed</span>'
  + '<span class="key"><i class="route-key dead"></i>routed to a process that stopped listening</span>'
  + '<span class="key"><i class="quiet-key"></i>process stopped listening</span>'
  + '<span class="key"><i class="fail-key"></i>failed request sent from this node</span></span>';

/**
 * The preStop story's "why", added to whichever layout is up: the failed-request
 * counter (single view: in the cluster's heading) and the kube-proxy lane below the
 * cluster (both sides of a comparison). Only for recordings with traffic and
 * EndpointSlices: without requests there is nothing to lose, and the lane would only
 * repeat CoreDNS's endpoints under every story. Returns the frame's draw calls.
 */
export function mountPrestopStory(mi: ModelIndex, other: ModelIndex | undefined): Layout['frame'] {
  const frame: Layout['frame'] = [];
  const cols = [...document.querySelectorAll<HTMLElement>('.compare .col')];
  if (other === undefined) {
    const heading = document.querySelector('#cluster')?.closest('section')?.querySelector('h2');
    if (heading != null && mi.m.traffic !== null) {
      const counter = new FailedCounter(heading.insertBefore(document.createElement('span'), heading.querySelector('.legend')), mi);
      frame.push((s) => counter.render(s.timeMs));
    }
    const clusterSection = document.querySelector('#cluster')?.closest('section');
    if (clusterSection != null && mi.m.proxy !== null && mi.m.traffic !== null) {
      const section = document.createElement('section');
      section.className = 'proxy-lane-section';
      section.innerHTML = `<h2>kube-proxy per node ${LEGEND}</h2><div id="proxy-lane"></div>`;
      clusterSection.after(section);
      const lane = new ProxyLane(section.querySelector('#proxy-lane') as HTMLElement, mi, mi.m.proxy);
      frame.push((s: ViewState) => lane.render(s.timeMs, s.t0, s.t1));
    }
    return frame;
  }
  [mi, other].forEach((m, i) => {
    const col = cols[i];
    const cluster = col?.querySelector('.cluster');
    if (cluster == null || m.m.proxy === null || m.m.traffic === null) return;
    const el = document.createElement('div');
    el.className = 'proxy-lane-box';
    cluster.after(el);
    const lane = new ProxyLane(el, m, m.m.proxy);
    frame.push((s: ViewState) => lane.render(s.timeMs, s.t0, s.t1));
  });
  return frame;
}
