import { jsonEqual } from '../../api/equal.js';
import { isNamespaceTerminating } from '../../api/namespace-strategy.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { Informer } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../controller.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher,
 * actor `root-ca-cert-publisher`): every namespace has a ConfigMap kube-root-ca.crt with
 * the cluster's CA bundle under `ca.crt`, which the kube-api-access volume of every pod
 * projects beside its token. A deleted or edited copy is put back.
 */
export class RootCACertPublisher {
  readonly queue: WorkQueue;
  private readonly namespaces: Informer;
  private readonly configMaps: Informer;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly rootCA: string,
  ) {
    this.queue = queueFor(ctx, 'root-ca-cert-publisher', (key, cause) => this.sync(key, cause));
    this.namespaces = ctx.informers.get('Namespace');
    this.configMaps = ctx.informers.get('ConfigMap');
    this.namespaces.on((e) => {
      if (e.type !== 'DELETED') this.queue.add(e.object.metadata.name ?? '', e.seq);
    });
    // configMapDeleted and configMapUpdated, for this one name only.
    this.configMaps.on((e) => {
      if (e.type !== 'ADDED' && e.object.metadata.name === ROOT_CA_CONFIGMAP) this.queue.add(e.object.metadata.namespace ?? '', e.seq);
    });
  }

  private sync(namespace: string, cause: number | null): void {
    publishRootCA(this.ctx.client.withCause(cause), namespace, this.rootCA, this.configMaps.get(namespace, ROOT_CA_CONFIGMAP));
  }
}

/**
 * syncNamespace: creates the ConfigMap, or puts its data and description back. A create
 * into a namespace that is gone or terminating is not retried; other refusals are
 * thrown for the work queue to retry. The cluster's bootstrap runs it too.
 */
export function publishRootCA(client: Client, namespace: string, rootCA: string, current: Readonly<KObject> | undefined): void {
  const data = { 'ca.crt': rootCA };
  if (current === undefined) {
    try {
      client.create(
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data },
        { reason: 'RootCAPublished', message: `namespace ${namespace} gets the cluster's CA bundle in ConfigMap ${ROOT_CA_CONFIGMAP}` },
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason === 'NotFound' || isNamespaceTerminating(e)) return;
      throw e;
    }
    return;
  }
  if (jsonEqual(current.data, data) && (current.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? '') !== '') return;
  client.update(
    { ...current, metadata: { ...current.metadata, annotations: { ...(current.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data } as KObject,
    { reason: 'RootCAPublished', message: `ConfigMap ${namespace}/${ROOT_CA_CONFIGMAP} changed: the cluster's CA bundle is put back` },
  );
}
