/* eslint-disable @typescript-eslint/no-explicit-any -- EndpointSlices are open JSON */
import type { Subscription } from 'rxjs';
import type { Client } from '../client/client.js';
import { Informer } from '../client/informer.js';
import { SERVICE_NAME_LABEL } from '../controllers/endpointslice/endpointslice-controller.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/**
 * How long an EndpointSlice change takes to reach a node's forwarding rules: the watch
 * propagating to kube-proxy plus its sync (iptables-restore; minSyncPeriod 1 s
 * upstream). A terminating pod keeps receiving that node's requests for this long.
 */
export const KUBE_PROXY_LAG_MS = 1000;

export interface Backend {
  namespace: string;
  pod: string;
  uid: string;
  node: string;
}

/**
 * kube-proxy on one node: its own, lagging view of the EndpointSlices, and the routing
 * decision for a request sent from this node. Like upstream it sends to ready endpoints
 * and, only when a Service has none, to serving terminating ones
 * (ProxyTerminatingEndpoints). It never writes to the API server.
 */
export class KubeProxy {
  private readonly informer: Informer;
  /** "ns/service" -> slice name -> its endpoints, as this node has applied them. */
  private readonly view = new Map<string, Map<string, Backend[][]>>();
  private readonly pending = new Set<Subscription>();
  private stopped = false;

  constructor(
    readonly node: string,
    client: Client,
    private readonly scheduler: VirtualScheduler,
    readonly lagMs = KUBE_PROXY_LAG_MS,
  ) {
    this.informer = new Informer(client, 'EndpointSlice');
    this.informer.on((e) => {
      const slice = e.object;
      const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc === undefined) return;
      const key = `${slice.metadata.namespace}/${svc}`;
      const name = slice.metadata.name ?? '';
      const parsed = e.type === 'DELETED' ? undefined : parse(slice);
      const sub = this.scheduler.after(this.lagMs, () => {
        this.pending.delete(sub);
        if (this.stopped) return;
        const slices = this.view.get(key) ?? new Map<string, Backend[][]>();
        if (parsed === undefined) slices.delete(name);
        else slices.set(name, parsed);
        this.view.set(key, slices);
      }, `kube-proxy/${node} sync`);
      this.pending.add(sub);
    });
  }

  start(): this {
    this.informer.start();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.informer.stop();
    for (const s of this.pending) s.unsubscribe();
  }

  /** The endpoints this node would send a request for `ns/service` to: ready ones, else serving terminating ones. */
  backends(service: string): Backend[] {
    const slices = this.view.get(service);
    if (slices === undefined) return [];
    const ready: Backend[] = [];
    const terminating: Backend[] = [];
    for (const [r, t] of slices.values()) {
      ready.push(...(r as Backend[]));
      terminating.push(...(t as Backend[]));
    }
    return ready.length > 0 ? ready : terminating;
  }

  /** Whether this node still routes to the pod (for any Service). */
  routesTo(podUid: string): boolean {
    for (const slices of this.view.values()) for (const [r, t] of slices.values()) if ((r as Backend[]).some((b) => b.uid === podUid) || (t as Backend[]).some((b) => b.uid === podUid)) return true;
    return false;
  }
}

/** [ready, serving-terminating] backends of one slice. */
function parse(slice: any): Backend[][] {
  const ready: Backend[] = [];
  const terminating: Backend[] = [];
  for (const ep of slice.endpoints ?? []) {
    const ref = ep.targetRef;
    if (ref?.kind !== 'Pod') continue;
    const b: Backend = { namespace: ref.namespace ?? slice.metadata.namespace, pod: ref.name, uid: ref.uid ?? '', node: ep.nodeName ?? '' };
    const c = ep.conditions ?? {};
    if (c.ready !== false) ready.push(b);
    else if (c.serving === true && c.terminating === true) terminating.push(b);
  }
  return [ready, terminating];
}
