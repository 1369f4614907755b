import type { Subscription } from 'rxjs';
import { parseQuantity } from '../api/quantity.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { Informer } from '../client/informer.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/** metrics-server's --metric-resolution: one CPU sample per pod every 15 s. */
export const METRICS_RESOLUTION_MS = 15_000;
export const CPU_PER_REQUEST = 'kubelapse/cpu-per-request';

export interface PodMetric {
  /** Average CPU over the last window, in millicores. */
  cpuMilli: number;
  timestampMs: number;
}

/**
 * The resource metrics pipeline (kubelet -> metrics-server -> metrics.k8s.io): every
 * 15 s each running pod's CPU is the requests it answered in the window times its
 * `kubelapse/cpu-per-request` cost. 50 requests/s at 2m a request: 100m, 100% of a 100m
 * request. Metrics are read, never written: they are not in the recording; the HPA's
 * status (currentMetrics) is.
 */
export class MetricsServer {
  private readonly pods: Informer;
  private readonly metrics = new Map<string, PodMetric>(); // "ns/name" -> last sample
  private readonly lastServed = new Map<string, number>(); // uid -> served at last sample
  private tick: Subscription | undefined;

  constructor(
    client: Client,
    private readonly scheduler: VirtualScheduler,
    private readonly served: ReadonlyMap<string, number>,
  ) {
    this.pods = new Informer(client, 'Pod');
  }

  start(): this {
    this.pods.start();
    this.tick = this.scheduler.every(METRICS_RESOLUTION_MS, () => this.scrape(), 'metrics-server scrape');
    return this;
  }

  stop(): void {
    this.tick?.unsubscribe();
    this.pods.stop();
  }

  /** The last sample of a pod; undefined before its first full window. */
  get(namespace: string, name: string): PodMetric | undefined {
    return this.metrics.get(`${namespace}/${name}`);
  }

  private scrape(): void {
    const now = this.scheduler.now();
    const seen = new Set<string>();
    for (const pod of this.pods.values()) {
      if (pod.status?.phase !== 'Running') continue;
      const uid = pod.metadata.uid ?? '';
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      seen.add(key);
      const total = this.served.get(uid) ?? 0;
      const before = this.lastServed.get(uid);
      this.lastServed.set(uid, total);
      if (before === undefined) continue; // a pod needs one whole window before it has a sample
      const rps = (total - before) / (METRICS_RESOLUTION_MS / 1000);
      this.metrics.set(key, { cpuMilli: Math.round(rps * cpuPerRequest(pod) * 1000), timestampMs: now });
    }
    for (const key of this.metrics.keys()) if (!seen.has(key)) this.metrics.delete(key);
  }
}

/** CPU-seconds one request costs: "2m" is 0.002. */
export function cpuPerRequest(pod: Readonly<KObject>): number {
  return parseQuantity(pod.metadata.annotations?.[CPU_PER_REQUEST] ?? '0') ?? 0;
}
