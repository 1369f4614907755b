import { jsonEqual } from '../../api/equal.js';
import { fromLabelSelector } from '../../api/labels.js';
import type { KObject } from '../../api/types.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, selectsEither, type ControllerContext } from '../controller.js';
import { isPodReady } from '../pod-util.js';
import { budgetOf, scaleFrom } from './expected-pods.js';

/** upstream DeletionTimeout: a pod the eviction API let go but that is still not being deleted counts again after 2 minutes. */
export const DISRUPTED_POD_TIMEOUT_MS = 120_000;

/**
 * The disruption controller (pkg/controller/disruption): keeps each
 * PodDisruptionBudget's status, currentHealthy (Ready pods not being deleted nor just
 * evicted), desiredHealthy, expectedPods and disruptionsAllowed = currentHealthy -
 * desiredHealthy (never below 0), which the eviction API reads: 6 pods, minAvailable 5,
 * all Ready: one eviction allowed; after it, none until a replacement is Ready.
 */
export class DisruptionController {
  readonly queue: WorkQueue;
  readonly pdbs: Informer;
  readonly pods: Informer;
  private readonly replicaSets: Informer;
  private readonly deployments: Informer;

  constructor(readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'disruption-controller', (key, cause) => this.sync(key, cause));
    this.pdbs = ctx.informers.get('PodDisruptionBudget');
    this.pods = ctx.informers.get('Pod');
    this.replicaSets = ctx.informers.get('ReplicaSet');
    this.deployments = ctx.informers.get('Deployment');
    this.pdbs.on((e) => this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`, e.seq));
    this.pods.on((e) => this.onPod(e));
  }

  private onPod(e: InformerEvent): void {
    for (const pdb of this.pdbs.list(e.object.metadata.namespace)) {
      const sel = fromLabelSelector(pdb.spec?.selector);
      if (sel === null) continue;
      if (selectsEither(sel, e)) this.queue.add(`${pdb.metadata.namespace}/${pdb.metadata.name}`, e.seq);
    }
  }

  sync(key: string, cause: number | null): void {
    const [ns = '', name = ''] = key.split('/');
    const pdb = this.pdbs.get(ns, name);
    if (pdb === undefined || pdb.metadata.deletionTimestamp !== undefined) return;
    const sel = fromLabelSelector(pdb.spec?.selector);
    const pods = sel === null ? [] : this.pods.list(ns, sel);
    const api = this.ctx.client.api;
    const now = api.now();
    const get = (kind: string, namespace: string | undefined, n: string): Readonly<KObject> | undefined => (kind === 'ReplicaSet' ? this.replicaSets : this.deployments).get(namespace, n);
    const { expectedPods, desiredHealthy } = budgetOf(pdb, pods, scaleFrom(get));
    // Evicted pods stay in disruptedPods until their deletion is seen, or until 2 minutes
    // after the eviction's timestamp have passed (evicted at 30.7 s, stamped ...:30Z: kept
    // through 150 s, dropped by the recheck 1 ms later).
    const disrupted: Record<string, string> = {};
    let nextExpiry = Infinity;
    for (const [pod, at] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
      const p = pods.find((x) => x.metadata.name === pod);
      if (p === undefined || p.metadata.deletionTimestamp !== undefined) continue;
      const expires = api.virtualOf(at) + DISRUPTED_POD_TIMEOUT_MS;
      if (Number.isNaN(expires) || expires < now) continue; // no time: Go's zero Time, long past
      disrupted[pod] = at;
      nextExpiry = Math.min(nextExpiry, expires);
    }
    const currentHealthy = pods.filter((p) => p.metadata.deletionTimestamp === undefined && disrupted[p.metadata.name ?? ''] === undefined && isPodReady(p)).length;
    const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
    const allowed = disruptionsAllowed > 0;
    const old = pdb.status?.conditions?.find((c: { type: string }) => c.type === 'DisruptionAllowed');
    const status = {
      observedGeneration: pdb.metadata.generation ?? 1,
      ...(Object.keys(disrupted).length > 0 ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy,
      expectedPods,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: allowed ? 'True' : 'False',
          reason: allowed ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: pdb.metadata.generation ?? 1,
          lastTransitionTime: old !== undefined && old.status === (allowed ? 'True' : 'False') ? old.lastTransitionTime : api.timestamp(now),
        },
      ],
    };
    // Upstream drops an entry once its expiry is strictly before now, so look 1 ms after it.
    if (Number.isFinite(nextExpiry)) this.queue.addAfter(key, nextExpiry - now + 1, cause);
    if (jsonEqual(pdb.status ?? {}, status)) return;
    // A conflict (an eviction charged the budget meanwhile) goes back to the work queue, which syncs again.
    this.ctx.client.withCause(cause).updateStatus(
      { ...(pdb as KObject), status },
      { reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: `${name}: ${currentHealthy} healthy, ${desiredHealthy} needed, ${disruptionsAllowed} disruption${disruptionsAllowed === 1 ? '' : 's'} allowed` },
    );
  }
}
