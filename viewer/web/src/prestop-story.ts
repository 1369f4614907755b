import type { ProxyModel } from '../../shared/model.js';
import { api } from './api.js';
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
 * repeat CoreDNS's endpoints under every story. The lane's model is not in the story
 * model: it is asked for here (GET .../proxy) and drawn when it arrives, a few ms after
 * the first frame; `loaded` settles then. Returns the frame's draw calls.
 */
export function mountPrestopStory(mi: ModelIndex, other: ModelIndex | undefined, onError: (message: string) => void): { frame: Layout['frame']; loaded: Promise<void> } {
  const frame: Layout['frame'] = [];
  const loads: Array<Promise<void>> = [];
  let last: ViewState | undefined;
  frame.push((s) => void (last = s));
  /** The lane of `m` below `cluster` once its model is in; the counter gets the split by node. */
  const lane = (m: ModelIndex, place: (el: HTMLElement) => HTMLElement, counter?: FailedCounter, named = true): void => {
    let drawn: ProxyLane | undefined;
    frame.push((s) => drawn?.render(s.timeMs, s.t0, s.t1));
    loads.push(api.proxy(m.m.name).then(({ proxy }: { proxy: ProxyModel | null }) => {
      if (proxy === null) return;
      if (counter !== undefined) counter.proxy = proxy;
      drawn = new ProxyLane(place(document.createElement('div')), m, proxy, named);
      if (last === undefined) return;
      drawn.render(last.timeMs, last.t0, last.t1);
      counter?.render(last.timeMs);
    }, (err: Error) => onError(`kube-proxy lane: ${err.message}`)));
  };
  if (other === undefined) {
    const heading = document.querySelector('#cluster')?.closest('section')?.querySelector('h2');
    let counter: FailedCounter | undefined;
    if (heading != null && mi.m.traffic !== null) {
      const made = new FailedCounter(heading.insertBefore(document.createElement('span'), heading.querySelector('.legend')), mi);
      counter = made;
      frame.push((s) => made.render(s.timeMs));
    }
    const clusterSection = document.querySelector('#cluster')?.closest('section');
    if (clusterSection != null && mi.m.traffic !== null) {
      lane(mi, (el) => {
        const section = document.createElement('section');
        section.className = 'proxy-lane-section';
        section.innerHTML = `<h2>kube-proxy per node ${LEGEND}</h2>`;
        el.id = 'proxy-lane';
        section.append(el);
        clusterSection.after(section);
        return el;
      }, counter);
    }
    return { frame, loaded: Promise.all(loads).then(() => undefined) };
  }
  const cols = [...document.querySelectorAll<HTMLElement>('.compare .col')];
  [mi, other].forEach((m, i) => {
    const cluster = cols[i]?.querySelector('.cluster');
    if (cluster == null || m.m.traffic === null) return;
    lane(m, (el) => {
      el.className = 'proxy-lane-box';
      cluster.after(el);
      return el;
    }, undefined, false);
  });
  return { frame, loaded: Promise.all(loads).then(() => undefined) };
}
