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
 * kube-proxy on one node: its own, lagging view of the EndpointSlices (the node's
 * forwarding rules), and the routing decision for a request sent from this node. Like
 * upstream it sends to ready endpoints and, only when a Service has none, to serving
 * terminating ones (ProxyTerminatingEndpoints). It never writes to the API server.
 *
 * It is the process of the node's kube-proxy pod (kube-system, `k8s-app=kube-proxy`,
 * made by the kube-proxy DaemonSet): it syncs only while that pod's container runs there.
 * When the container starts it lists the EndpointSlices and writes the node's rules
 * from them `lagMs` later (its first sync), then follows every slice change `lagMs`
 * behind. When the container stops (deleted, crashed, killed) the rules stay as last
 * written, as iptables rules outlive a kube-proxy that exits, and go stale until a
 * kube-proxy runs again. A node whose kube-proxy never ran has no rules: its requests
 * find no endpoints.
 */
export class KubeProxy {
  private informer: Informer | undefined;
  /** "ns/service" -> slice name -> its endpoints, as this node has applied them. */
  private readonly view = new Map<string, Map<string, Backend[][]>>();
  private readonly pending = new Set<Subscription>();
  /** the kube-proxy processes running on this node (pod uid/container) */
  private readonly processes = new Set<string>();
  private removed = false;

  constructor(
    readonly node: string,
    private readonly client: Client,
    private readonly scheduler: VirtualScheduler,
    readonly lagMs = KUBE_PROXY_LAG_MS,
  ) {}

  /** Whether a kube-proxy process runs on this node, keeping its rules in sync. */
  get syncing(): boolean {
    return this.processes.size > 0;
  }

  /** A kube-proxy container started on the node: the first one begins to sync. */
  processStarted(id: string): void {
    if (this.removed || this.processes.has(id)) return;
    this.processes.add(id);
    if (this.processes.size > 1) return;
    const informer = new Informer(this.client, 'EndpointSlice');
    informer.on((e) => this.onSlice(e.type === 'DELETED', e.object));
    this.informer = informer;
    informer.start();
    // The first sync writes every Service's rules from the list it started with,
    // dropping those of slices deleted while no kube-proxy ran.
    this.later(() => {
      this.view.clear();
      for (const slice of informer.values()) this.onSliceNow(false, slice);
    }, 'first sync');
  }

  /** A kube-proxy container stopped: the last one leaves the rules as they are. */
  processStopped(id: string): void {
    if (!this.processes.delete(id) || this.processes.size > 0) return;
    this.informer?.stop();
    this.informer = undefined;
    for (const s of this.pending) s.unsubscribe();
    this.pending.clear();
  }

  /** The machine is gone (remove-node): nothing runs there any more. */
  stop(): void {
    for (const id of [...this.processes]) this.processStopped(id);
    this.removed = true;
  }

  private onSlice(deleted: boolean, slice: any): void {
    this.later(() => this.onSliceNow(deleted, slice), 'sync');
  }

  private onSliceNow(deleted: boolean, slice: any): void {
    const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc === undefined) return;
    const key = `${slice.metadata.namespace}/${svc}`;
    const slices = this.view.get(key) ?? new Map<string, Backend[][]>();
    if (deleted) slices.delete(slice.metadata.name ?? '');
    else slices.set(slice.metadata.name ?? '', parse(slice));
    this.view.set(key, slices);
  }

  /** Runs `fn` after the watch-to-rules lag, unless the process stops first. */
  private later(fn: () => void, what: string): void {
    const sub = this.scheduler.after(this.lagMs, () => {
      this.pending.delete(sub);
      fn();
    }, `kube-proxy/${this.node} ${what}`);
    this.pending.add(sub);
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
