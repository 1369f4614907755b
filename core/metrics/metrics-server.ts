import type { Subscription } from 'rxjs';
import { parseQuantity } from '../api/quantity.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { Informer } from '../client/informer.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/** metrics-server's --metric-resolution as its release manifest (components.yaml) sets it: one CPU sample per pod every 15 s (the flag's own default is 60 s). */
export const METRICS_RESOLUTION_MS = 15_000;
export const CPU_PER_REQUEST = 'kubelapse/cpu-per-request';

export interface PodMetric {
  /** Average CPU over the last window, in millicores (at most the pod's CPU limit). */
  cpuMilli: number;
  timestampMs: number;
  /** What the traffic asked for: above the CPU limit, the CFS quota throttled the rest. */
  demandMilli?: number;
  /** demandMilli > the pod's CPU limit: the container ran throttled (slowed, never killed). */
  throttled?: boolean;
  /** The kubelet's working set per container, for those with a `kubelapse/memory` curve. */
  memory?: ReadonlyMap<string, number>;
}

/** Each container's working set now, from its kubelet (undefined: the pod is on no running kubelet). */
export type WorkingSets = (pod: Readonly<KObject>) => ReadonlyMap<string, number> | undefined;

/**
 * The resource metrics pipeline (kubelet -> metrics-server -> metrics.k8s.io): every
 * 15 s each running pod's CPU is the requests it answered in the window times its
 * `kubelapse/cpu-per-request` cost. 50 requests/s at 2m a request: 100m, 100% of a 100m
 * request. A pod whose every container has a CPU limit uses at most that and is marked
 * throttled beyond it (cpuLimitMilli). Metrics are read, never written: they are not in the recording; the HPA's
 * status (currentMetrics) is.
 */
export class MetricsServer {
  private readonly pods: Informer;
  private readonly metrics = new Map<string, PodMetric>(); // "ns/name" -> last sample
  /** uid -> served at the last scrape that saw it running, for pods no longer running (a running pod's is in `running`) */
  private readonly lastServed = new Map<string, number>();
  /** uid -> what the last scrape read of a running pod (dropped once it no longer runs) */
  private readonly running = new Map<string, Running>();
  /** "ns/name" -> how many of `running` have it: a metric whose name no running pod has goes. */
  private readonly named = new Map<string, number>();
  private scrapes = 0;
  private tick: Subscription | undefined;

  constructor(
    client: Client,
    private readonly scheduler: VirtualScheduler,
    private readonly served: ReadonlyMap<string, number>,
    private readonly workingSets: WorkingSets = () => undefined,
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

  /**
   * One sample of every running pod. Runs every 15 s over every pod, so it builds nothing
   * it does not keep: what it reads of a running pod (its "ns/name", its CPU cost and
   * limit, its served count) is kept per uid and read again only from new annotations or
   * containers, and the names of the running pods are counted as pods start and stop
   * running instead of going into a new set of names each time. The same samples as
   * before, at the same times, kept and dropped by the same names.
   */
  private scrape(): void {
    const now = this.scheduler.now();
    const scrape = ++this.scrapes;
    let seen = 0;
    for (const pod of this.pods.values()) {
      if (pod.status?.phase !== 'Running') continue;
      const uid = pod.metadata.uid ?? '';
      let r = this.running.get(uid);
      if (r === undefined) {
        // A uid's namespace and name never change.
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        r = { key, seen: 0, served: this.lastServed.get(uid), annotations: undefined, containers: undefined, cpuPerRequest: 0, cpuLimitMilli: 0 };
        this.running.set(uid, r);
        this.named.set(key, (this.named.get(key) ?? 0) + 1);
      }
      // The API server's versions of a pod share its unchanged annotations and containers
      // by identity (a status write changes neither): read again only what is new. Not the
      // pod object itself: holding the version last scraped kept 10,000 superseded pods
      // alive after the 10,000-pod rollout (+22 MB of live heap).
      const annotations = pod.metadata.annotations;
      const containers = pod.spec?.containers;
      if (r.seen === 0 || r.annotations !== annotations) r.cpuPerRequest = cpuPerRequest(pod);
      if (r.seen === 0 || r.containers !== containers) r.cpuLimitMilli = cpuLimitMilli(pod);
      r.annotations = annotations;
      r.containers = containers;
      if (r.seen !== scrape) seen++;
      r.seen = scrape;
      const total = this.served.get(uid) ?? 0;
      const before = r.served;
      r.served = total;
      if (before === undefined) continue; // a pod needs one whole window before it has a sample
      const rps = (total - before) / (METRICS_RESOLUTION_MS / 1000);
      const demandMilli = Math.round(rps * r.cpuPerRequest * 1000);
      const limit = r.cpuLimitMilli;
      const throttled = limit !== undefined && demandMilli > limit;
      this.metrics.set(r.key, { cpuMilli: throttled ? limit : demandMilli, timestampMs: now, demandMilli, throttled, memory: this.workingSets(pod) ?? NO_MEMORY });
    }
    // The two walks below drop what stopped running. Every record seen in this scrape: none
    // to drop, and then no name left `named`, so every metric's name is still there (a
    // metric is only set under a name in `named`, and after the last scrape all were):
    // both walks would change nothing. They were ~100,000 records and ~100,000 names a
    // scrape at 100,000 pods, 24 scrapes in the node failure's 355 s (`scrape` 2.5 s there).
    if (seen === this.running.size) return;
    let unnamed = false;
    for (const [uid, r] of this.running) {
      if (r.seen === scrape) continue;
      // No longer running: its served count is kept (it may run again), the rest goes.
      this.running.delete(uid);
      if (r.served !== undefined) this.lastServed.set(uid, r.served);
      const n = (this.named.get(r.key) ?? 1) - 1;
      if (n === 0) {
        this.named.delete(r.key);
        unnamed = true;
      } else this.named.set(r.key, n);
    }
    if (!unnamed) return;
    for (const key of this.metrics.keys()) if (!this.named.has(key)) this.metrics.delete(key);
  }
}

/** What the scrape read of a running pod, and from which of its parts. */
interface Running {
  key: string;
  /** the number of the last scrape that saw it running (0: none yet) */
  seen: number;
  /** requests served at that scrape (undefined: never seen running before) */
  served: number | undefined;
  /** metadata.annotations and spec.containers as last read, by identity */
  annotations: unknown;
  containers: unknown;
  cpuPerRequest: number;
  cpuLimitMilli: number | undefined;
}

/** The memory of a pod whose kubelet reports none: one shared empty map. */
const NO_MEMORY: ReadonlyMap<string, number> = new Map();

/**
 * The pod's CPU limit in millicores, when every container has one (the CFS quota of the
 * pod cgroup); undefined when any container is unlimited. Traffic that would need 300m
 * under a 200m limit is served at 200m: metrics (and the HPA) see 200m, throttled.
 */
export function cpuLimitMilli(pod: Readonly<KObject>): number | undefined {
  let sum = 0;
  for (const c of pod.spec?.containers ?? []) {
    const q = parseQuantity(c.resources?.limits?.cpu);
    if (q === undefined) return undefined;
    sum += q * 1000;
  }
  return Math.round(sum);
}

/** CPU-seconds one request costs: "2m" is 0.002. */
export function cpuPerRequest(pod: Readonly<KObject>): number {
  return parseQuantity(pod.metadata.annotations?.[CPU_PER_REQUEST] ?? '0') ?? 0;
}
