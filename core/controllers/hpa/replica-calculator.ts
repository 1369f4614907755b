import { isRestartableInitContainer } from '../../api/pod-containers.js';
import { parseQuantity } from '../../api/quantity.js';
import type { KObject } from '../../api/types.js';
import type { PodMetric } from '../../metrics/metrics-server.js';
import { isPodReady } from '../pod-util.js';

/** upstream --horizontal-pod-autoscaler-tolerance: within 10% of the target, nothing changes. */
export const TOLERANCE = 0.1;

export interface Recommendation {
  replicas: number;
  /** Average utilization of the pods with metrics, whole percent of their requests (upstream truncates). */
  utilization: number;
  /** Average usage of those pods in millicores (upstream's rawUtilization, truncated). */
  averageMilli: number;
}

/** Why no recommendation: upstream's error text from GetResourceReplicas, before the controller's wrapping. */
export interface MetricError {
  error: string;
}

/**
 * The pod's CPU request in millicores, as upstream's calculatePodRequests sums it
 * (replica_calculator.go): its containers and its restartable init containers
 * (sidecars), which run beside them. A container with no `cpu` key in its requests is
 * named in the error: upstream stops there, so one container without a request stops
 * the HPA for the whole target.
 */
export function cpuRequestMilli(pod: Readonly<KObject>): number | MetricError {
  let sum = 0;
  const sidecars = (pod.spec?.initContainers ?? []).filter(isRestartableInitContainer);
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    const cpu = c.resources?.requests?.cpu;
    if (cpu === undefined) return { error: `missing request for cpu in container ${c.name} of Pod ${pod.metadata.name}` };
    sum += (parseQuantity(String(cpu)) ?? 0) * 1000;
  }
  return sum;
}

/**
 * GetResourceReplicas (pkg/controller/podautoscaler/replica_calculator.go): the usage
 * ratio of Ready pods with metrics; within the 10% tolerance the current count stays;
 * otherwise ceil(ratio x pods with metrics). Pods without a metric count as 100% when
 * scaling down and 0% when scaling up, and pods not Ready count as 0% when scaling up, so
 * neither can push the scale further than the evidence. 4 pods at 90% against a 50%
 * target: ratio 1.8, ceil(7.2) = 8.
 *
 * It fails as upstream does, in upstream's order, each with upstream's text:
 * 1. no pod of the selector has a metric yet (metrics-server's first 15 s window is not
 *    over): "unable to get metrics for resource cpu: no metrics returned from resource
 *    metrics API";
 * 2. metrics, but none of a Ready pod: "did not receive metrics for targeted pods (pods
 *    might be unready)";
 * 3. a container of any selected pod without a CPU request: "missing request for cpu in
 *    container web of Pod web-7d4b9c-x2k8p" (upstream checks every listed pod, even those
 *    it then leaves out);
 * 4. requests that add up to 0 (`cpu: 0`): "no metrics returned matched known pods".
 * The utilization is whole percent, truncated as upstream's GetResourceUtilizationRatio
 * (metrics/utilization.go) does: 199m used of 200m requested is 99%, and the ratio
 * against a 50% target 1.98.
 */
export function resourceReplicas(pods: ReadonlyArray<Readonly<KObject>>, metric: (pod: Readonly<KObject>) => PodMetric | undefined, targetUtilization: number, currentReplicas: number): Recommendation | MetricError {
  if (!pods.some((p) => metric(p) !== undefined)) return { error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' };
  const live = pods.filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
  let usage = 0;
  let withMetrics = 0;
  const counted: Array<Readonly<KObject>> = [];
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
    counted.push(p);
    withMetrics++;
  }
  if (withMetrics === 0) return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const requestOf = new Map<Readonly<KObject>, number>();
  for (const p of pods) {
    const r = cpuRequestMilli(p);
    if (typeof r !== 'number') return r;
    requestOf.set(p, r);
  }
  const sum = (list: ReadonlyArray<Readonly<KObject>>): number => list.reduce((n, p) => n + (requestOf.get(p) ?? 0), 0);
  const requests = sum(counted);
  if (requests === 0) return { error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((usage * 100) / requests);
  const ratio = utilization / targetUtilization;
  const averageMilli = Math.trunc(usage / withMetrics);
  const scaleUpWithUnready = unready.length > 0 && ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (Math.abs(1 - ratio) <= TOLERANCE) return { replicas: currentReplicas, utilization, averageMilli };
    return { replicas: Math.ceil(ratio * withMetrics), utilization, averageMilli };
  }
  // Fill the gaps in the direction that moves the least.
  let u = usage;
  let r = requests + sum(missing);
  if (ratio < 1) u += sum(missing) * (Math.max(100, targetUtilization) / 100);
  if (scaleUpWithUnready) r += sum(unready);
  const newRatio = Math.trunc((u * 100) / r) / targetUtilization;
  if (Math.abs(1 - newRatio) <= TOLERANCE || (ratio > 1 && newRatio < 1) || (ratio < 1 && newRatio > 1)) return { replicas: currentReplicas, utilization, averageMilli };
  const considered = withMetrics + missing.length + (scaleUpWithUnready ? unready.length : 0);
  const replicas = Math.ceil(newRatio * considered);
  // A change of the pod count that would turn the direction round keeps the current count (upstream's last check).
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return { replicas: currentReplicas, utilization, averageMilli };
  return { replicas, utilization, averageMilli };
}
