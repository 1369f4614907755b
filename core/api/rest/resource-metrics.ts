/* metrics.k8s.io/v1beta1: NodeMetrics and PodMetrics, what `kubectl top` reads. */
import type { ApiServer } from '../api-server.js';
import { parseQuantity } from '../quantity.js';
import { notFoundIn } from '../status.js';
import type { KObject } from '../types.js';
import { METRICS_RESOLUTION_MS, type MetricsServer } from '../../metrics/metrics-server.js';

/**
 * CPU is requests served x `kubelapse/cpu-per-request` (the number the HPA scales on),
 * capped at the CPU limit. Memory is the container's `kubelapse/memory` working set;
 * a container without that annotation is reported at its memory request, or 32Mi
 * without one (an idle nginx is about that).
 * A node's usage is the sum of its pods' (no system daemons are simulated). A pod has
 * metrics once it has run a whole 15 s window, as with metrics-server.
 */
export const DEFAULT_CONTAINER_MEMORY_BYTES = 32 * 1024 * 1024;

const API_VERSION = 'metrics.k8s.io/v1beta1';
const WINDOW = `${METRICS_RESOLUTION_MS / 1000}s`;

interface Usage {
  cpuNano: number;
  memoryBytes: number;
}

function usage(cpuNano: number, memoryBytes: number): { cpu: string; memory: string } {
  // metrics-server's units: nanocores and KiB.
  return { cpu: `${Math.round(cpuNano)}n`, memory: `${Math.round(memoryBytes / 1024)}Ki` };
}

/** Each container's share: the pod's CPU split in proportion to CPU requests (evenly without). */
function containerUsage(pod: Readonly<KObject>, podCpuMilli: number, memory: ReadonlyMap<string, number> = new Map()): Array<{ name: string } & Usage> {
  const containers: any[] = pod.spec?.containers ?? []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const requests = containers.map((c) => parseQuantity(c.resources?.requests?.cpu ?? '0') ?? 0);
  const total = requests.reduce((a, b) => a + b, 0);
  return containers.map((c, i) => ({
    name: String(c.name),
    cpuNano: (podCpuMilli * 1e6 * (total > 0 ? (requests[i] as number) / total : 1 / containers.length)),
    memoryBytes: memory.get(String(c.name)) ?? parseQuantity(c.resources?.requests?.memory ?? '') ?? DEFAULT_CONTAINER_MEMORY_BYTES,
  }));
}

function podMetrics(api: ApiServer, metrics: MetricsServer, pod: Readonly<KObject>): object | undefined {
  const m = metrics.get(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
  if (m === undefined) return undefined;
  const timestamp = api.timestamp(m.timestampMs);
  return {
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: timestamp, labels: pod.metadata.labels ?? {} },
    timestamp,
    window: WINDOW,
    containers: containerUsage(pod, m.cpuMilli, m.memory).map((c) => ({ name: c.name, usage: usage(c.cpuNano, c.memoryBytes) })),
  };
}

export function listPodMetrics(api: ApiServer, metrics: MetricsServer, namespace: string | undefined, name?: string): object {
  const pods = api.list('Pod', namespace === undefined ? {} : { namespace }).items.filter((p) => name === undefined || p.metadata.name === name);
  const items = pods.map((p) => podMetrics(api, metrics, p)).filter((x) => x !== undefined);
  if (name !== undefined) {
    if (items.length === 0) throw notFoundIn('metrics.k8s.io', 'podmetrics', name);
    return { kind: 'PodMetrics', apiVersion: API_VERSION, ...(items[0] as object) };
  }
  return { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items };
}

export function listNodeMetrics(api: ApiServer, metrics: MetricsServer, name?: string): object {
  const nodes = api.list('Node', {}).items.filter((n) => name === undefined || n.metadata.name === name);
  const pods = api.list('Pod', {}).items;
  const items = nodes.map((node) => {
    let cpuNano = 0;
    let memoryBytes = 0;
    let latest = 0;
    for (const pod of pods) {
      if (pod.spec?.nodeName !== node.metadata.name) continue;
      const m = metrics.get(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
      if (m === undefined) continue;
      latest = Math.max(latest, m.timestampMs);
      for (const c of containerUsage(pod, m.cpuMilli, m.memory)) {
        cpuNano += c.cpuNano;
        memoryBytes += c.memoryBytes;
      }
    }
    const timestamp = api.timestamp(latest > 0 ? latest : api.now());
    return {
      metadata: { name: node.metadata.name, creationTimestamp: timestamp, labels: node.metadata.labels ?? {} },
      timestamp,
      window: WINDOW,
      usage: usage(cpuNano, memoryBytes),
    };
  });
  if (name !== undefined) {
    if (items.length === 0) throw notFoundIn('metrics.k8s.io', 'nodemetrics', name);
    return { kind: 'NodeMetrics', apiVersion: API_VERSION, ...(items[0] as object) };
  }
  return { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items };
}
