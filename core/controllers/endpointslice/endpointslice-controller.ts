import { jsonEqual } from '../../api/equal.js';
import type { KObject } from '../../api/types.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { serviceSelector, servicesOfPodEvent } from '../service-pods.js';
import { endpointOf, portsOf } from './endpoints.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';

/**
 * Delay between a pod or Service change reaching the controller and its sync: the work
 * queue's pick-up plus the sync itself. Upstream's default batch period is 0, so what
 * users see is mostly this and the watch; with kube-proxy's ~1 s it is what keeps a
 * terminating pod in the iptables rules for a while.
 */
export const ENDPOINTSLICE_SYNC_DELAY_MS = 100;

/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for every Service with a
 * selector, one EndpointSlice listing the matching pods that have an IP, with ready /
 * serving / terminating conditions. Simplified: one slice per Service, however many
 * endpoints (upstream splits at 100).
 */
export class EndpointSliceController {
  readonly queue: WorkQueue;
  readonly services: Informer;
  readonly pods: Informer;
  readonly slices: Informer;

  constructor(readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'endpointslice-controller', (key, cause) => this.sync(key, cause), ENDPOINTSLICE_SYNC_DELAY_MS);
    this.services = ctx.informers.get('Service');
    this.pods = ctx.informers.get('Pod');
    this.slices = ctx.informers.get('EndpointSlice').addIndex(SERVICE_NAME_LABEL, (s) => [`${s.metadata.namespace}/${s.metadata.labels?.[SERVICE_NAME_LABEL] ?? ''}`]);
    this.services.on((e) => this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`, e.seq));
    this.pods.on((e) => this.onPod(e));
    this.slices.on((e) => {
      const svc = e.object.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc !== undefined && e.object.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) this.queue.add(`${e.object.metadata.namespace}/${svc}`, e.seq);
    });
  }

  /** A pod change matters to every Service whose selector matched it before or matches it now. */
  private onPod(e: InformerEvent): void {
    for (const svc of servicesOfPodEvent(this.services, e)) this.queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`, e.seq);
  }

  sync(key: string, cause: number | null): void {
    const [ns = '', name = ''] = key.split('/');
    const svc = this.services.get(ns, name);
    const existing = this.slices.byIndex(SERVICE_NAME_LABEL, key).filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
    // A deleted Service's slices go with it: they carry it as owner, and the garbage collector removes them.
    if (svc === undefined || svc.metadata.deletionTimestamp !== undefined) return;
    const sel = serviceSelector(svc);
    if (sel === null) return; // no selector: endpoints are managed by hand
    const pods = this.pods.list(ns, sel).slice().sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    const endpoints = pods.map(endpointOf).filter((x) => x !== undefined);
    const ports = portsOf(svc, pods);
    const ready = endpoints.filter((ep) => ep.conditions.ready).length;
    const terminating = endpoints.filter((ep) => ep.conditions.terminating).length;
    const note = { reason: 'EndpointsChanged', message: `service ${name}: ${endpoints.length} endpoints, ${ready} ready${terminating > 0 ? `, ${terminating} terminating` : ''}` };
    const client = this.ctx.client.withCause(cause);
    const [slice, ...extra] = existing;
    // A conflict (a newer slice than the cache has) or a slice gone meanwhile is thrown to
    // the work queue, which syncs the key again after its rate-limited backoff.
    for (const x of extra) client.delete('EndpointSlice', ns, x.metadata.name ?? '', {}, { reason: 'EndpointSliceDeleted', message: `service ${name} needs one slice` });
    if (slice === undefined) {
      client.create(
        {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            generateName: `${name}-`,
            namespace: ns,
            labels: { [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY },
            ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
          },
          addressType: 'IPv4',
          endpoints,
          ports,
        },
        note,
      );
    } else if (!jsonEqual(slice.endpoints ?? [], endpoints) || !jsonEqual(slice.ports ?? [], ports)) {
      client.update({ ...(slice as KObject), endpoints, ports }, note);
    }
  }
}
