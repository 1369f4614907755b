/* eslint-disable @typescript-eslint/no-explicit-any -- HPA specs are open JSON */
import { jsonEqual } from '../../api/equal.js';
import { fromLabelSelector } from '../../api/labels.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import type { MetricsServer } from '../../metrics/metrics-server.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { rateLimit, stabilize, type Recommended, type ScaleEvent } from './behavior.js';
import { resourceReplicas } from './replica-calculator.js';

/** upstream --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_MS = 15_000;

/**
 * The HorizontalPodAutoscaler controller (autoscaling/v2, CPU utilization of a
 * Deployment): every 15 s, the recommendation from the pods' metrics, stabilized
 * (300 s for scaling down) and rate-limited by spec.behavior, clamped to
 * [minReplicas, maxReplicas], applied through the Deployment's scale subresource;
 * SuccessfulRescale events and status.currentMetrics as upstream writes them.
 */
export class HorizontalPodAutoscalerController {
  readonly queue: WorkQueue;
  readonly hpas: Informer;
  private readonly deployments: Informer;
  private readonly pods: Informer;
  private readonly events = new EventRecorder('horizontal-pod-autoscaler');
  private readonly recommendations = new Map<string, Recommended[]>();
  private readonly scaleEvents = new Map<string, ScaleEvent[]>();

  constructor(
    readonly ctx: ControllerContext,
    private readonly metrics: MetricsServer,
  ) {
    this.queue = queueFor(ctx, 'horizontal-pod-autoscaler', (key, cause) => this.sync(key, cause));
    this.hpas = ctx.informers.get('HorizontalPodAutoscaler');
    this.deployments = ctx.informers.get('Deployment');
    this.pods = ctx.informers.get('Pod');
    this.hpas.on((e) => {
      const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
      if (e.type === 'DELETED') {
        this.recommendations.delete(key);
        this.scaleEvents.delete(key);
      } else if (e.type === 'ADDED') this.queue.add(key, e.seq);
    });
    // Resync every period, like upstream's informer resync: each HPA is looked at every 15 s.
    ctx.scheduler.every(HPA_SYNC_PERIOD_MS, () => {
      for (const h of this.hpas.values()) this.queue.add(`${h.metadata.namespace}/${h.metadata.name}`, null);
    }, 'hpa resync');
  }

  sync(key: string, cause: number | null): void {
    const [ns = '', name = ''] = key.split('/');
    const hpa = this.hpas.get(ns, name);
    if (hpa === undefined || hpa.metadata.deletionTimestamp !== undefined) return;
    const now = this.ctx.scheduler.now();
    const stamp = this.ctx.client.api.timestamp(now);
    const client = this.ctx.client.withCause(cause);
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const target = ref.kind === 'Deployment' ? this.deployments.get(ns, ref.name) : undefined;
    if (target === undefined) return this.writeStatus(hpa, { conditions: [cond('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: deployments.apps "${ref.name}" not found`, hpa, stamp)] });
    const metric = (hpa.spec?.metrics ?? []).find((m: any) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization');
    const targetUtilization: number | undefined = metric?.resource?.target?.averageUtilization;
    const current: number = target.spec?.replicas ?? 1;
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? current;
    if (targetUtilization === undefined) return this.writeStatus(hpa, { currentReplicas: current, desiredReplicas: current, conditions: [cond('ScalingActive', 'False', 'InvalidMetricSourceType', 'only cpu utilization targets are simulated', hpa, stamp)] });
    if (current === 0 && min !== 0) return this.writeStatus(hpa, { currentReplicas: 0, desiredReplicas: 0, conditions: [cond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', hpa, stamp)] });
    const sel = fromLabelSelector(target.spec?.selector);
    const pods = sel === null ? [] : this.pods.list(ns, sel);
    const rec = resourceReplicas(pods, (p) => this.metrics.get(ns, p.metadata.name ?? ''), targetUtilization, current);
    const history = (this.recommendations.get(key) ?? []).filter((r) => r.atMs > now - 600_000);
    const stabilized = stabilize(current, rec.replicas, history, hpa.spec?.behavior, now);
    history.push({ atMs: now, replicas: rec.replicas });
    this.recommendations.set(key, history);
    const events = (this.scaleEvents.get(key) ?? []).filter((e) => e.atMs > now - 600_000);
    const limited = rateLimit(current, stabilized, events, hpa.spec?.behavior, min, max, now);
    const desired = Math.min(max, Math.max(min, limited.replicas));
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== current) {
      const why = desired > current ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target';
      // A refused scale is thrown to the work queue, which syncs again after its backoff.
      client.scale('Deployment', ns, target.metadata.name ?? '', desired, { reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${why}` });
      this.events.record(client, hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${why}`);
      events.push({ atMs: now, change: desired - current });
      lastScaleTime = stamp;
    }
    this.scaleEvents.set(key, events);
    const limitedBy = desired === max && rec.replicas > max ? 'TooManyReplicas' : desired === min && rec.replicas < min ? 'TooFewReplicas' : limited.limited ? (desired > current ? 'ScaleUpLimit' : 'ScaleDownLimit') : undefined;
    this.writeStatus(hpa, {
      ...(lastScaleTime !== undefined ? { lastScaleTime } : {}),
      currentReplicas: current,
      desiredReplicas: desired,
      ...(rec.utilization === undefined
        ? {}
        : { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: `${Math.round(rec.averageMilli ?? 0)}m`, averageUtilization: Math.round(rec.utilization) } } }] }),
      conditions: [
        cond('AbleToScale', 'True', stabilized !== rec.replicas && rec.replicas < current ? 'ScaleDownStabilized' : 'ReadyForNewScale', stabilized !== rec.replicas && rec.replicas < current ? 'recent recommendations were higher than current one, applying the highest recent recommendation' : 'recommended size matches current size', hpa, stamp),
        rec.utilization === undefined
          ? cond('ScalingActive', 'False', 'FailedGetResourceMetric', 'the HPA was unable to compute the replica count: no metrics returned from resource metrics API', hpa, stamp)
          : cond('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', hpa, stamp),
        limitedBy === undefined ? cond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range', hpa, stamp) : cond('ScalingLimited', 'True', limitedBy, `the desired replica count is ${limitedBy === 'TooManyReplicas' ? 'more than the maximum replica count' : limitedBy === 'TooFewReplicas' ? 'less than the minimum replica count' : 'limited by the scaling policies'}`, hpa, stamp),
      ],
    }, cause);
  }

  private writeStatus(hpa: Readonly<KObject>, status: Record<string, unknown>, cause: number | null = null): void {
    const next = { observedGeneration: hpa.metadata.generation ?? 1, ...status };
    if (jsonEqual(hpa.status ?? {}, next)) return;
    // Not swallowed: a refused status write goes back to the work queue like any sync error.
    const util = (next as any).currentMetrics?.[0]?.resource?.current?.averageUtilization;
    this.ctx.client.withCause(cause).updateStatus({ ...(hpa as KObject), status: next }, {
      reason: 'HPAStatus',
      message: `${hpa.metadata.name}: ${util === undefined ? 'no metrics' : `cpu ${util}% of request (target ${(hpa.spec?.metrics ?? [])[0]?.resource?.target?.averageUtilization ?? '?'}%)`}, ${(next as any).currentReplicas ?? '?'} -> ${(next as any).desiredReplicas ?? '?'} replicas`,
    });
  }
}

/** A condition that keeps its lastTransitionTime while its status stays the same. */
function cond(type: string, status: string, reason: string, message: string, hpa: Readonly<KObject>, stamp: string): Record<string, unknown> {
  const old = (hpa.status?.conditions ?? []).find((c: any) => c.type === type);
  return { type, status, reason, message, lastTransitionTime: old !== undefined && old.status === status ? old.lastTransitionTime : stamp };
}
