import { parseQuantity } from '../../api/quantity.js';
import type { KObject } from '../../api/types.js';
import type { PodMetric } from '../../metrics/metrics-server.js';
import { isPodReady } from '../pod-util.js';

/** upstream --horizontal-pod-autoscaler-tolerance: within 10% of the target, nothing changes. */
export const TOLERANCE = 0.1;

export interface Recommendation {
  replicas: number;
  /** Average utilization of the pods with metrics, percent of their requests; undefined without any metric. */
  utilization: number | undefined;
  averageMilli: number | undefined;
}

/** The pod's CPU request in millicores, summed over its containers. */
export function cpuRequestMilli(pod: Readonly<KObject>): number {
  let sum = 0;
  for (const c of pod.spec?.containers ?? []) sum += (parseQuantity(c.resources?.requests?.cpu ?? '0') ?? 0) * 1000;
  return sum;
}

/**
 * GetResourceReplicas (pkg/controller/podautoscaler/replica_calculator.go): the usage
 * ratio of Ready pods with metrics; within the 10% tolerance the current count stays;
 * otherwise ceil(ratio x pods with metrics). Pods without a metric count as 100% when
 * scaling down and 0% when scaling up, and pods not Ready count as 0% when scaling up, so
 * neither can push the scale further than the evidence. 4 pods at 90% against a 50%
 * target: ratio 1.8, ceil(7.2) = 8.
 */
export function resourceReplicas(pods: ReadonlyArray<Readonly<KObject>>, metric: (pod: Readonly<KObject>) => PodMetric | undefined, targetUtilization: number, currentReplicas: number): Recommendation {
  const live = pods.filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
  let usage = 0;
  let requests = 0;
  let withMetrics = 0;
  const missing: Array<Readonly<KObject>> = [];
  const unready: Array<Readonly<KObject>> = [];
  for (const p of live) {
    const m = metric(p);
    if (!isPodReady(p)) {
      unready.push(p);
      continue;
    }
    if (m === undefined) {
      missing.push(p);
      continue;
    }
    usage += m.cpuMilli;
    requests += cpuRequestMilli(p);
    withMetrics++;
  }
  if (withMetrics === 0 || requests === 0) return { replicas: currentReplicas, utilization: undefined, averageMilli: undefined };
  const utilization = (usage * 100) / requests;
  const ratio = utilization / targetUtilization;
  const averageMilli = usage / withMetrics;
  const scaleUpWithUnready = unready.length > 0 && ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - ratio) <= TOLERANCE) return { replicas: currentReplicas, utilization, averageMilli };
    return { replicas: Math.ceil(ratio * withMetrics), utilization, averageMilli };
  }
  // Fill the gaps in the direction that moves the least.
  let u = usage;
  let r = requests;
  for (const p of missing) {
    r += cpuRequestMilli(p);
    if (ratio < 1) u += cpuRequestMilli(p) * (targetUtilization / 100);
  }
  if (scaleUpWithUnready) for (const p of unready) r += cpuRequestMilli(p);
  const newRatio = (u * 100) / r / targetUtilization;
  if (Math.abs(1 - newRatio) <= TOLERANCE || (ratio > 1 && newRatio < 1) || (ratio < 1 && newRatio > 1)) return { replicas: currentReplicas, utilization, averageMilli };
  const counted = withMetrics + missing.length + (scaleUpWithUnready ? unready.length : 0);
  return { replicas: Math.ceil(newRatio * counted), utilization, averageMilli };
}
