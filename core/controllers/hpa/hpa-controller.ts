/* eslint-disable @typescript-eslint/no-explicit-any -- HPA specs are open JSON */
import { jsonEqual } from '../../api/equal.js';
import { parseSelector } from '../../api/labels.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Client } from '../../client/client.js';
import type { Informer } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import type { MetricsServer } from '../../metrics/metrics-server.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { rateLimit, stabilize, type Recommended, type ScaleEvent } from './behavior.js';
import { Conditions } from './conditions.js';
import { resourceReplicas } from './replica-calculator.js';
import { scaleTarget } from './scale-target.js';

/** upstream --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_MS = 15_000;

/**
 * The HorizontalPodAutoscaler controller (autoscaling/v2, CPU utilization; upstream
 * pkg/controller/podautoscaler/horizontal.go): every 15 s the target's scale
 * subresource (scale-target.ts: Deployment, ReplicaSet, StatefulSet), the
 * recommendation from the metrics of the pods its selector picks, stabilized (300 s for
 * scaling down) and rate-limited by spec.behavior, clamped to [minReplicas,
 * maxReplicas], written back through /scale; SuccessfulRescale, the Warning events of a
 * target or metric it cannot read, conditions and status.currentMetrics as upstream
 * writes them.
 */
export class HorizontalPodAutoscalerController {
  readonly queue: WorkQueue;
  readonly hpas: Informer;
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
    const conditions = new Conditions(hpa.status?.conditions, stamp);
    const old: Record<string, unknown> = { ...(hpa.status ?? {}) };
    delete old.observedGeneration;
    const target = scaleTarget(this.ctx.client.api, ns, hpa.spec?.scaleTargetRef);
    if ('error' in target) {
      // Upstream: Event FailedGetScale with the error, AbleToScale False, the rest of the status as it was.
      this.events.record(client, hpa, 'Warning', 'FailedGetScale', target.error);
      conditions.set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${target.error}`);
      return this.writeStatus(hpa, { ...old, conditions: conditions.toJSON() }, cause);
    }
    conditions.set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const scale = target.scale;
    const current = scale.spec.replicas;
    // recordInitialRecommendation: the count the HPA found counts as a recommendation, so a
    // target whose first readable metric says "fewer" still waits out the scale-down window.
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ atMs: now, replicas: current }]);
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? current;
    const metricSpecs: any[] = hpa.spec?.metrics ?? [];
    const metric = metricSpecs.find((m: any) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization');
    const targetUtilization: number | undefined = metric?.resource?.target?.averageUtilization;
    let lastScaleTime = hpa.status?.lastScaleTime;
    const rescale = (desired: number, why: string): void => {
      // A refused scale is thrown to the work queue, which syncs again after its backoff.
      client.scale(target.info.kind, ns, scale.metadata.name, desired, { reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${why}` });
      conditions.set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      this.events.record(client, hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${why}`);
      lastScaleTime = stamp;
    };
    if (current === 0 && min !== 0) {
      conditions.set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      return this.writeStatus(hpa, { ...old, currentReplicas: 0, desiredReplicas: 0, conditions: conditions.toJSON() }, cause);
    }
    // Outside [min, max] upstream moves the target to the bound without reading any metric.
    if (current > max || current < min) {
      const desired = current > max ? max : min;
      rescale(desired, current > max ? 'Current number of replicas above Spec.MaxReplicas' : 'Current number of replicas below Spec.MinReplicas');
      return this.writeStatus(hpa, { ...old, ...(lastScaleTime !== undefined ? { lastScaleTime } : {}), currentReplicas: current, desiredReplicas: desired, conditions: conditions.toJSON() }, cause);
    }
    if (targetUtilization === undefined) {
      conditions.set('ScalingActive', 'False', 'InvalidMetricSourceType', 'only cpu utilization targets are simulated');
      return this.writeStatus(hpa, { ...old, currentReplicas: current, desiredReplicas: current, conditions: conditions.toJSON() }, cause);
    }
    const selectorText = scale.status.selector;
    if (selectorText === '') {
      // validateAndParseSelector: Event SelectorRequired, then the sync's FailedComputeMetricsReplicas.
      this.events.record(client, hpa, 'Warning', 'SelectorRequired', 'selector is required');
      conditions.set('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
      const { currentMetrics: _none, ...kept } = old;
      this.writeStatus(hpa, { ...kept, currentReplicas: current, conditions: conditions.toJSON() }, cause);
      this.events.record(client, hpa, 'Warning', 'FailedComputeMetricsReplicas', 'selector is required');
      return;
    }
    const pods = this.pods.list(ns, parseSelector(selectorText));
    const rec = resourceReplicas(pods, (p) => this.metrics.get(ns, p.metadata.name ?? ''), targetUtilization, current);
    if ('error' in rec) return this.metricFailed(hpa, old, conditions, current, rec.error, metricSpecs.length, client, cause);
    const history = (this.recommendations.get(key) ?? []).filter((r) => r.atMs > now - 600_000);
    const stabilized = stabilize(current, rec.replicas, history, hpa.spec?.behavior, now);
    history.push({ atMs: now, replicas: rec.replicas });
    this.recommendations.set(key, history);
    const events = (this.scaleEvents.get(key) ?? []).filter((e) => e.atMs > now - 600_000);
    const limited = rateLimit(current, stabilized, events, hpa.spec?.behavior, min, max, now);
    const desired = Math.min(max, Math.max(min, limited.replicas));
    // normalizeDesiredReplicasWithBehaviors: which way the stabilization window held the recommendation back.
    if (stabilized === rec.replicas) conditions.set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    else if (rec.replicas >= current) conditions.set('AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation');
    else conditions.set('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    conditions.set('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
    const limitedBy = desired === max && rec.replicas > max ? 'TooManyReplicas' : desired === min && rec.replicas < min ? 'TooFewReplicas' : limited.limited ? (desired > current ? 'ScaleUpLimit' : 'ScaleDownLimit') : undefined;
    if (limitedBy === undefined) conditions.set('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
    else conditions.set('ScalingLimited', 'True', limitedBy, LIMITED_MESSAGES[limitedBy] ?? '');
    if (desired !== current) {
      rescale(desired, desired > current ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target');
      events.push({ atMs: now, change: desired - current });
    }
    this.scaleEvents.set(key, events);
    this.writeStatus(hpa, {
      ...(lastScaleTime !== undefined ? { lastScaleTime } : {}),
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: `${rec.averageMilli}m`, averageUtilization: rec.utilization } } }],
      conditions: conditions.toJSON(),
    }, cause);
  }

  /**
   * The cpu metric could not be computed (replica-calculator.ts lists why). Upstream
   * (computeStatusForResourceMetricGeneric, computeStatusForResourceMetric,
   * computeReplicasForMetric(s), reconcileAutoscaler) wraps the error three times and says
   * so twice: a Warning FailedGetResourceMetric "failed to get cpu utilization: <why>",
   * ScalingActive False with "the HPA was unable to compute the replica count: " before
   * that, then a Warning FailedComputeMetricsReplicas "invalid metrics (1 invalid out of
   * 1), first error is: failed to get cpu resource metric value: failed to get cpu
   * utilization: <why>". Nothing is scaled; desiredReplicas stays what it was (0 for a new
   * HPA: kubectl's "2 current / 0 desired"), and currentMetrics holds one empty entry per
   * metric, as upstream's zero-valued MetricStatus (`type: ""`), so kubectl prints
   * `<unknown>/50%`.
   */
  private metricFailed(hpa: Readonly<KObject>, old: Record<string, unknown>, conditions: Conditions, current: number, why: string, metricCount: number, client: Client, cause: number | null): void {
    const err = `failed to get cpu utilization: ${why}`;
    this.events.record(client, hpa, 'Warning', 'FailedGetResourceMetric', err);
    conditions.set('ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${err}`);
    this.writeStatus(hpa, {
      ...old,
      currentReplicas: current,
      desiredReplicas: hpa.status?.desiredReplicas ?? 0,
      currentMetrics: Array.from({ length: Math.max(1, metricCount) }, () => ({ type: '' })),
      conditions: conditions.toJSON(),
    }, cause);
    this.events.record(client, hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of ${Math.max(1, metricCount)}), first error is: failed to get cpu resource metric value: ${err}`);
  }

  private writeStatus(hpa: Readonly<KObject>, status: Record<string, unknown>, cause: number | null = null): void {
    const next = { observedGeneration: hpa.metadata.generation ?? 1, ...status };
    if (jsonEqual(hpa.status ?? {}, next)) return;
    // Not swallowed: a refused status write goes back to the work queue like any sync error.
    const util = (next as any).currentMetrics?.[0]?.resource?.current?.averageUtilization;
    this.ctx.client.withCause(cause).updateStatus({ ...(hpa as KObject), status: next }, {
      reason: 'HPAStatus',
      message: util === undefined ? `${hpa.metadata.name}: ${notScaling(next)}, not scaled` : `${hpa.metadata.name}: cpu ${util}% of request (target ${(hpa.spec?.metrics ?? [])[0]?.resource?.target?.averageUtilization ?? '?'}%), ${(next as any).currentReplicas ?? '?'} -> ${(next as any).desiredReplicas ?? '?'} replicas`,
    });
  }
}

/** The recording's note for a sync that scaled nothing: the condition that says why ("FailedGetScale", "FailedGetResourceMetric"). */
function notScaling(status: any): string {
  const c = (status.conditions ?? []).find((x: any) => x.status === 'False' && x.type !== 'ScalingLimited');
  return c === undefined ? 'no metrics' : `${c.reason}`;
}

/** upstream convertDesiredReplicasWithBehaviorRate's messages for ScalingLimited True. */
const LIMITED_MESSAGES: Record<string, string> = {
  TooManyReplicas: 'the desired replica count is more than the maximum replica count',
  TooFewReplicas: 'the desired replica count is less than the minimum replica count',
  ScaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  ScaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
};
