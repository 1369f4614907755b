import { ApiError } from '../../api/status.js';
import { isNamespaceTerminating } from '../../api/namespace-strategy.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { Informer } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../controller.js';

/** serviceAccountsToEnsure: kube-controller-manager ensures only `default`. */
export const SERVICE_ACCOUNTS_TO_ENSURE: readonly string[] = ['default'];

/**
 * The ServiceAccounts controller (pkg/controller/serviceaccount, actor
 * `serviceaccount-controller`): every Active namespace has a `default` ServiceAccount,
 * the one pods run as when they name none. A new namespace gets it ~1 ms after it
 * appears (one watch delivery), a deleted one comes back the same way, and a namespace
 * being deleted gets nothing new. The ServiceAccount admission plugin refuses pods in a
 * namespace that has none, which is why this controller must keep up.
 */
export class ServiceAccountsController {
  readonly queue: WorkQueue;
  private readonly namespaces: Informer;
  private readonly accounts: Informer;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'serviceaccount-controller', (key, cause) => this.sync(key, cause));
    this.namespaces = ctx.informers.get('Namespace');
    this.accounts = ctx.informers.get('ServiceAccount');
    // namespaceAdded, namespaceUpdated; serviceAccountDeleted enqueues its namespace.
    this.namespaces.on((e) => {
      if (e.type !== 'DELETED') this.queue.add(e.object.metadata.name ?? '', e.seq);
    });
    this.accounts.on((e) => {
      if (e.type === 'DELETED' && SERVICE_ACCOUNTS_TO_ENSURE.includes(e.object.metadata.name ?? '')) this.queue.add(e.object.metadata.namespace ?? '', e.seq);
    });
  }

  private sync(namespace: string, cause: number | null): void {
    const ns = this.namespaces.get(null, namespace);
    if (ns === undefined) return;
    ensureServiceAccounts(this.ctx.client.withCause(cause), ns, (name) => this.accounts.get(namespace, name) !== undefined);
  }
}

/**
 * syncNamespace: creates the missing accounts of an Active namespace. AlreadyExists (a
 * cache behind the store) and a namespace that began terminating are not failures; any
 * other refusal is thrown, and the work queue retries it with backoff. Also what the
 * cluster's bootstrap runs for the namespaces the API server creates, the controller's
 * first sync.
 */
export function ensureServiceAccounts(client: Client, ns: Readonly<KObject>, exists: (name: string) => boolean): void {
  if ((ns.status?.phase ?? 'Active') !== 'Active') return;
  const namespace = ns.metadata.name ?? '';
  for (const name of SERVICE_ACCOUNTS_TO_ENSURE) {
    if (exists(name)) continue;
    try {
      client.create(
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
        { reason: 'ServiceAccountCreated', message: `namespace ${namespace} has no ${name} ServiceAccount: created it` },
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason === 'AlreadyExists' || isNamespaceTerminating(e)) continue;
      throw e;
    }
  }
}
