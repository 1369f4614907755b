import type { Informer } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { deleteNamespace } from './namespaced-resources-deleter.js';

/**
 * namespaceDeletionGracePeriod: a deleted namespace is looked at 5 s after the event,
 * so that API servers in an HA set all refuse new content before the sweep begins.
 */
export const NAMESPACE_DELETION_GRACE_MS = 5_000;
/** nsControllerRateLimiter: failures back off from 5 ms, and never wait more than a minute. */
export const NAMESPACE_MAX_BACKOFF_MS = 60_000;

/**
 * The namespace controller (pkg/controller/namespace), actor `namespace-controller`:
 * for a namespace with a deletionTimestamp it deletes everything inside, writes the
 * NamespaceDeletion* / NamespaceContentRemaining / NamespaceFinalizersRemaining
 * conditions, looks again while content remains (pods terminating with their grace
 * periods: after estimate/2 + 1 s), and finally removes its `kubernetes` finalizer,
 * upon which the API server removes the namespace. Every write carries as its cause the
 * namespace event that queued the sync, so `kubelapse why` on a pod's termination walks
 * back to `kubectl delete namespace`.
 */
export class NamespaceController {
  readonly queue: WorkQueue;
  private readonly namespaces: Informer;
  /** When each queued key is due: client-go's delaying queue keeps the earliest of two AddAfters. */
  private readonly due = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'namespace-controller', (key, cause) => this.sync(key, cause), 0, NAMESPACE_MAX_BACKOFF_MS);
    this.namespaces = ctx.informers.get('Namespace');
    this.namespaces.on((e) => {
      // Add and Update only: a namespace that is gone needs nothing more.
      if (e.type === 'DELETED' || e.object.metadata.deletionTimestamp === undefined) return;
      this.enqueueAfter(e.object.metadata.name ?? '', NAMESPACE_DELETION_GRACE_MS, e.seq);
    });
  }

  private enqueueAfter(key: string, delayMs: number, cause: number | null): void {
    const at = this.ctx.scheduler.now() + delayMs;
    const pending = this.due.get(key);
    if (pending !== undefined && pending <= at) return;
    this.due.set(key, at);
    this.queue.addAfter(key, delayMs, cause);
  }

  private sync(name: string, cause: number | null): void {
    this.due.delete(name);
    const outcome = deleteNamespace(this.ctx.client.withCause(cause), name);
    switch (outcome.kind) {
      case 'done':
        return;
      case 'remaining':
        // ResourcesRemainingError: 30 s of pod grace left -> look again in 16 s.
        this.enqueueAfter(name, (Math.floor(outcome.estimate / 2) + 1) * 1000, cause);
        return;
      case 'failed':
        this.queue.addRateLimited(name, cause);
        return;
    }
  }
}
