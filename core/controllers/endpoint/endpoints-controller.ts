/* eslint-disable @typescript-eslint/no-explicit-any -- Endpoints and Services are open JSON */
import { jsonEqual } from '../../api/equal.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { serviceSelector, servicesOfPodEvent } from '../service-pods.js';
import { addressCount, MAX_CAPACITY, OVER_CAPACITY_ANNOTATION, TRUNCATED, truncateSubsets } from './capacity.js';
import { entriesOf, repackSubsets } from './subsets.js';
import { LAST_CHANGE_TRIGGER_TIME, TriggerTimeTracker } from './trigger-time.js';

/**
 * The actor: kube-controller-manager starts this controller with
 * ClientOrDie("endpoint-controller") (cmd/kube-controller-manager/app/core.go,
 * startEndpointsController), and its events come from component "endpoint-controller".
 */
export const ENDPOINT_CONTROLLER = 'endpoint-controller';

/** v1.IsHeadlessService: set on the Endpoints of a Service without a cluster IP. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/**
 * Delay between a pod or Service change and the sync: the same pick-up as the
 * EndpointSlice controller's (ENDPOINTSLICE_SYNC_DELAY_MS), as upstream's
 * EndpointUpdatesBatchPeriod defaults to 0 for both.
 */
export const ENDPOINTS_SYNC_DELAY_MS = 100;

/**
 * kube-controller-manager's endpoints controller (pkg/controller/endpoint/
 * endpoints_controller.go): for every Service with a selector (not ExternalName), one
 * core/v1 Endpoints of the Service's name and labels, listing the matching pods' IPs as
 * ready addresses or notReadyAddresses behind the Service's resolved ports, repacked
 * into subsets, cut at 1,000 addresses. A Service without a selector is left alone: its
 * Endpoints are written by hand. When the Service is gone, its Endpoints are deleted (no
 * owner reference: the controller deletes them itself, so hand-written ones go too).
 */
export class EndpointsController {
  readonly queue: WorkQueue;
  readonly services: Informer;
  readonly pods: Informer;
  readonly endpoints: Informer;
  private readonly triggers = new TriggerTimeTracker();

  constructor(readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, ENDPOINT_CONTROLLER, (key, cause) => this.sync(key, cause), ENDPOINTS_SYNC_DELAY_MS);
    this.services = ctx.informers.get('Service');
    this.pods = ctx.informers.get('Pod');
    this.endpoints = ctx.informers.get('Endpoints');
    this.services.on((e) => this.queue.add(keyOf(e.object), e.seq));
    this.pods.on((e) => this.onPod(e));
    // Only deletes (onEndpointsDelete): an Endpoints deleted by hand is written again.
    this.endpoints.on((e) => {
      if (e.type === 'DELETED') this.queue.add(keyOf(e.object), e.seq);
    });
  }

  /** GetServicesToUpdateOnPodChange: every Service whose selector matched the pod before or matches it now. */
  private onPod(e: InformerEvent): void {
    for (const svc of servicesOfPodEvent(this.services, e)) this.queue.add(keyOf(svc), e.seq);
  }

  sync(key: string, cause: number | null): void {
    const [ns = '', name = ''] = key.split('/');
    const svc = this.services.get(ns, name);
    const current = this.endpoints.get(ns, name);
    const client = this.ctx.client.withCause(cause);
    if (svc === undefined) {
      // syncService: the Service is gone, so is its Endpoints. Upstream sends the DELETE
      // whether or not one exists and ignores a 404; here only when the cache has one.
      this.triggers.delete(key);
      if (current === undefined) return;
      try {
        client.delete('Endpoints', ns, name, {}, { reason: 'EndpointsDeleted', message: `service ${name} deleted` });
      } catch (e) {
        // Gone meanwhile (the namespace controller deleting the namespace's content): as upstream, not an error.
        if (!(e instanceof ApiError && e.status.code === 404)) throw e;
      }
      return;
    }
    if (svc.spec?.type === 'ExternalName') return;
    const sel = serviceSelector(svc);
    if (sel === null) return; // user-managed Endpoints
    const pods = this.pods.list(ns, sel);
    const trigger = this.triggers.compute(key, svc, pods);
    const subsets = repackSubsets(pods.flatMap((p) => entriesOf(p, svc)));
    const labels = { ...(svc.metadata.labels ?? {}) };
    const currentLabels = { ...(current?.metadata.labels ?? {}) };
    delete currentLabels[HEADLESS_LABEL];
    if (
      current !== undefined &&
      jsonEqual(current.subsets ?? [], subsets) &&
      jsonEqual(currentLabels, labels) &&
      (addressCount(subsets) > MAX_CAPACITY ? false : current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] === undefined)
    ) {
      return; // endpoints are equal, skipping update
    }
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (trigger !== undefined && trigger !== '') annotations[LAST_CHANGE_TRIGGER_TIME] = trigger;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    const cut = truncateSubsets(subsets);
    if (cut.truncated) annotations[OVER_CAPACITY_ANNOTATION] = TRUNCATED;
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const clusterIP = svc.spec?.clusterIP;
    if (clusterIP === undefined || clusterIP === '' || clusterIP === 'None') labels[HEADLESS_LABEL] = '';
    const ready = cut.subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
    const notReady = cut.subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
    const note = { reason: 'EndpointsChanged', message: `service ${name}: ${ready} ready, ${notReady} not ready${cut.truncated ? ', truncated at 1000' : ''}` };
    // A conflict (the cache behind the API) is thrown to the work queue, which syncs again after its backoff.
    if (current === undefined) {
      client.create(
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { name, namespace: ns, labels, annotations },
          ...(cut.subsets.length > 0 ? { subsets: cut.subsets } : {}),
        },
        note,
      );
    } else {
      const next: KObject = { ...(current as KObject), metadata: { ...current.metadata, labels, annotations } };
      if (cut.subsets.length > 0) next.subsets = cut.subsets;
      else delete next.subsets;
      // Over capacity, every sync rebuilds the same truncated object: the API server
      // would not write an unchanged one, so it is not sent.
      if (jsonEqual(next, current)) return;
      client.update(next, note);
    }
  }
}

const keyOf = (o: Readonly<KObject>): string => `${o.metadata.namespace}/${o.metadata.name}`;

/** A nil or empty selector (stored as nil: an empty map does not survive protobuf) selects nothing. */
