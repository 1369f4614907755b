import { FINALIZER_KUBERNETES, specFinalizers } from '../../api/namespace-strategy.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { deleteAllContent } from './delete-content.js';

/** What one Delete(namespace) pass came to; the controller requeues by it. */
export type DeleteOutcome =
  | { kind: 'done' }
  /** ResourcesRemainingError: look again after estimate/2 + 1 seconds. */
  | { kind: 'remaining'; estimate: number }
  /** Any other error: retried with the work queue's backoff. */
  | { kind: 'failed'; error: string };

/**
 * namespacedResourcesDeleter.Delete, step by step: read the namespace live; nothing to
 * do unless it is being deleted; make sure its phase is Terminating; unless finalized
 * already, delete all its content and keep the conditions; once nothing is left, remove
 * the `kubernetes` finalizer through the finalize subresource, which lets the API server
 * remove the namespace.
 */
export function deleteNamespace(client: Client, name: string): DeleteOutcome {
  let ns = client.api.tryGet('Namespace', null, name);
  if (ns === undefined || ns.metadata.deletionTimestamp === undefined) return { kind: 'done' };
  try {
    ns = retryOnConflict(client, ns, (cur) => ensureTerminating(client, cur));
    if (ns === undefined) return { kind: 'done' };
    if (specFinalizers(ns).length === 0) return { kind: 'done' };
    // The deletion on the virtual clock, to compare with now (core/sim/time.ts converts).
    const deletedAtMs = client.api.virtualOf(ns.metadata.deletionTimestamp);
    const content = deleteAllContent(client, ns, deletedAtMs);
    // The conditions are written whatever happened; a refused write is only logged upstream.
    const conditions = content.conditions.apply(ns.status?.conditions ?? []);
    if (conditions !== undefined) {
      try {
        ns = client.updateStatus({ ...(ns as KObject), status: { ...ns.status, conditions } }, {
          reason: 'NamespaceDeletionStatus',
          message: summary(name, conditions),
        });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }
    if (content.errors.length > 0) return { kind: 'failed', error: content.errors.join('; ') };
    if (content.estimate > 0) return { kind: 'remaining', estimate: content.estimate };
    retryOnConflict(client, ns, (cur) => finalize(client, cur));
    return { kind: 'done' };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // NotFound: someone else finished the job; anything else is retried.
    return e.code === 404 ? { kind: 'done' } : { kind: 'failed', error: e.message };
  }
}

/**
 * retryOnConflictError: on 409 read the namespace again and retry, unless it is a new
 * namespace of the same name (then the error stands). Returns undefined if it is gone.
 */
function retryOnConflict(client: Client, ns: Readonly<KObject>, fn: (cur: Readonly<KObject>) => Readonly<KObject>): Readonly<KObject> | undefined {
  let current = ns;
  for (;;) {
    try {
      return fn(current);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 409) throw e;
      const latest = client.api.tryGet('Namespace', null, current.metadata.name ?? '');
      if (latest === undefined) return undefined;
      if (latest.metadata.uid !== current.metadata.uid) throw new ApiError({ ...e.status, message: 'namespace uid has changed across retries' });
      current = latest;
    }
  }
}

/** updateNamespaceStatusFunc: the API server's DELETE set the phase already, unless an older object is in hand. */
function ensureTerminating(client: Client, ns: Readonly<KObject>): Readonly<KObject> {
  if (ns.status?.phase === 'Terminating') return ns;
  return client.updateStatus({ ...(ns as KObject), status: { ...ns.status, phase: 'Terminating' } }, {
    reason: 'NamespaceTerminating',
    message: `namespace ${ns.metadata.name} is being deleted: phase Terminating`,
  });
}

/** finalizeNamespace: every spec finalizer but ours, sorted (a sets.String list), through /finalize. */
function finalize(client: Client, ns: Readonly<KObject>): Readonly<KObject> {
  const rest = [...new Set(specFinalizers(ns).filter((f) => f !== FINALIZER_KUBERNETES))].sort();
  const name = ns.metadata.name ?? '';
  try {
    return client.finalize({ ...(ns as KObject), spec: { ...ns.spec, finalizers: rest } }, {
      reason: 'NamespaceFinalized',
      message: rest.length === 0 && (ns.metadata.finalizers ?? []).length === 0
        ? `namespace ${name} is empty: finalizer ${FINALIZER_KUBERNETES} removed, the namespace is deleted`
        : `namespace ${name} is empty: finalizer ${FINALIZER_KUBERNETES} removed`,
    });
  } catch (e) {
    // Removed already: life is good.
    if (e instanceof ApiError && e.code === 404) return ns;
    throw e;
  }
}

function summary(name: string, conditions: ReadonlyArray<{ type: string; status: string; message: string }>): string {
  const problems = conditions.filter((c) => c.status === 'True').map((c) => c.message);
  return problems.length === 0 ? `namespace ${name}: all content removed` : `namespace ${name}: ${problems.join('; ')}`;
}
