import { objectKey } from '../../api/object-store.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { countsForQuota } from '../../quota/evaluator/pods.js';
import { EVALUATORS } from '../../quota/registry.js';
import { equals, fromJson, mask, toJson } from '../../quota/resources.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { calculateUsage } from './calculate-usage.js';

/** --resource-quota-sync-period: every quota is recalculated this often (5 min). */
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

/**
 * The resource quota controller (pkg/controller/resourcequota, actor
 * `resourcequota-controller`). It keeps a quota's status.hard equal to spec.hard and
 * status.used equal to what the namespace really holds. The admission plugin charges
 * usage as objects are created; this controller gives it back (replenishment) when an
 * object that counted goes away: a pod deleted, or one that turns Succeeded/Failed, a
 * Service or claim deleted. It syncs a quota when it is created or its spec.hard
 * changes, on replenishment, and in a full resync every 5 minutes; a sync writes only
 * when something differs.
 */
export class ResourceQuotaController {
  readonly queue: WorkQueue;
  private readonly quotas: Informer;
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'resourcequota-controller', (key, cause) => this.sync(key, cause));
    this.quotas = ctx.informers.get('ResourceQuota');
    this.quotas.on((e) => {
      if (e.type === 'ADDED') this.addQuota(e.object, e.seq);
      // Only spec.hard changes drive a sync; status writes are this controller's own.
      else if (e.type === 'MODIFIED' && !equals(fromJson(e.old?.spec?.hard), fromJson(e.object.spec?.hard))) this.addQuota(e.object, e.seq);
    });
    for (const ev of EVALUATORS) {
      const inf = ctx.informers.get(ev.kind);
      this.informers.set(ev.kind, inf);
      inf.on((e) => this.replenish(ev.kind, e));
    }
  }

  /** The periodic full resync (enqueueAll). */
  start(): this {
    this.ctx.scheduler.every(RESOURCE_QUOTA_SYNC_PERIOD_MS, () => {
      for (const q of this.quotas.list()) this.queue.add(keyOf(q), null);
    }, 'resourcequota resync');
    return this;
  }

  private addQuota(quota: Readonly<KObject>, seq: number): void {
    this.queue.add(keyOf(quota), seq);
  }

  /**
   * The quota monitor's replenishment: a delete, or a pod leaving what quota charges
   * (QuotaV1Pod true before, false now), re-syncs every quota of the namespace that
   * limits a resource of that kind.
   */
  private replenish(kind: string, e: InformerEvent): void {
    if (e.type === 'ADDED') return;
    if (e.type === 'MODIFIED') {
      if (kind !== 'Pod' || e.old === undefined) return;
      const api = this.ctx.client.api;
      const virtualOf = (ts: unknown): number => api.virtualOf(ts);
      if (!(countsForQuota(e.old, api.now(), virtualOf) && !countsForQuota(e.object, api.now(), virtualOf))) return;
    }
    const namespace = e.object.metadata.namespace ?? 'default';
    const evaluator = EVALUATORS.find((x) => x.kind === kind);
    for (const q of this.quotas.list(namespace)) {
      if (evaluator !== undefined && evaluator.matchingResources(Object.keys(q.status?.hard ?? {})).length > 0) this.queue.add(keyOf(q), e.seq);
    }
  }

  /** syncResourceQuota: status.hard := spec.hard; status.used := the usage counted now, masked to hard. */
  private sync(key: string, cause: number | null): void {
    const i = key.indexOf('/');
    const quota = this.quotas.get(key.slice(0, i), key.slice(i + 1));
    if (quota === undefined) return;
    const api = this.ctx.client.api;
    const hard = fromJson(quota.spec?.hard);
    const oldUsed = fromJson(quota.status?.used);
    const counted = calculateUsage(quota, (kind, ns) => this.informers.get(kind)?.list(ns) ?? [], api.now(), (ts) => api.virtualOf(ts));
    const used = mask({ ...oldUsed, ...counted }, Object.keys(hard));
    const dirty = quota.status?.hard === undefined || quota.status?.used === undefined || !equals(hard, fromJson(quota.status?.hard)) || !equals(used, oldUsed);
    if (!dirty) return;
    const status = { hard: toJson(hard), used: toJson(used) };
    const changed = Object.keys(status.used).filter((k) => quota.status?.used?.[k] !== status.used[k]);
    const what = changed.length === 0 ? 'hard limits recorded' : changed.map((k) => `${k} ${quota.status?.used?.[k] ?? 'unknown'} -> ${status.used[k]} of ${status.hard[k]}`).join(', ');
    try {
      this.ctx.client.withCause(cause).updateStatus({ ...(quota as KObject), status }, { reason: 'QuotaSynced', message: `quota ${quota.metadata.name}: ${what}` });
    } catch (e) {
      if (e instanceof ApiError && e.status.code === 404) return;
      throw e;
    }
  }
}

function keyOf(q: Readonly<KObject>): string {
  return objectKey(q.metadata.namespace, q.metadata.name ?? '');
}
