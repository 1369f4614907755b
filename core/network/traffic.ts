import type { TrafficRow } from '../record/schema.js';
import type { Rng } from '../sim/rng.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { Backend, KubeProxy } from './kube-proxy.js';

export const TRAFFIC_BUCKET_MS = 100;
/** How long a request takes: those in flight when their pod's process dies are reset. */
export const REQUEST_LATENCY_MS = 50;

export type Outcome = TrafficRow['outcome'];

export interface TrafficHost {
  /** kube-proxies of the nodes that can send (a down node's clients send nothing). */
  proxies(): KubeProxy[];
  /** Whether the pod's process accepts connections now. */
  listening(node: string, podUid: string): boolean;
}

interface Flow {
  service: string; // "ns/name"
  rps: number;
  until: number;
  carry: number;
}

/**
 * Simulated clients: each flow sends `rps` requests per second to a Service, from
 * clients spread round-robin over the nodes. Every 100 ms the due requests go out: each
 * is routed by its node's kube-proxy view to one endpoint (uniformly, seeded), and is
 * no-endpoints (nothing to route to), refused (the process is not listening: gone, or
 * exited after SIGTERM), or in flight; 50 ms later an in-flight request is ok if the
 * process still listens, else reset. Outcomes are counted per 100 ms bucket x service x
 * pod x outcome, the traffic table's rows.
 */
export class TrafficGenerator {
  private readonly flows = new Map<string, Flow>();
  private readonly counts = new Map<string, TrafficRow>();
  /** Requests each pod (by uid) has answered ok: what the metrics server turns into CPU usage. */
  readonly served = new Map<string, number>();
  private nextClient = 0;
  private ticking = false;

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly host: TrafficHost,
    private readonly rng: Rng,
    private readonly latencyMs = REQUEST_LATENCY_MS,
  ) {}

  /** Starts, changes or (rps 0) stops the flow to `ns/service`. */
  set(service: string, rps: number, durationMs?: number): void {
    if (rps <= 0) {
      this.flows.delete(service);
      return;
    }
    const until = durationMs === undefined ? Infinity : this.scheduler.now() + durationMs;
    this.flows.set(service, { service, rps, until, carry: this.flows.get(service)?.carry ?? 0 });
    if (!this.ticking) {
      this.ticking = true;
      this.scheduler.every(TRAFFIC_BUCKET_MS, () => this.tick(), 'traffic');
    }
  }

  private tick(): void {
    const now = this.scheduler.now();
    const bucket = Math.floor(now / TRAFFIC_BUCKET_MS) * TRAFFIC_BUCKET_MS;
    const proxies = this.host.proxies();
    for (const f of [...this.flows.values()]) {
      if (now >= f.until) {
        this.flows.delete(f.service);
        continue;
      }
      // 25 rps: 2.5 requests a tick, sent as 2, 3, 2, 3 ...
      const due = f.rps * (TRAFFIC_BUCKET_MS / 1000) + f.carry;
      const n = Math.floor(due);
      f.carry = due - n;
      const inFlight: Backend[] = [];
      for (let i = 0; i < n; i++) {
        const proxy = proxies.length === 0 ? undefined : proxies[this.nextClient++ % proxies.length];
        const backends = proxy === undefined ? [] : proxy.backends(f.service);
        if (backends.length === 0) {
          this.count(bucket, f.service, null, null, 'no-endpoints');
          continue;
        }
        const b = backends.length === 1 ? (backends[0] as Backend) : (backends[this.rng.int(backends.length)] as Backend);
        if (!this.host.listening(b.node, b.uid)) this.count(bucket, f.service, b.pod, b.node, 'refused');
        else inFlight.push(b);
      }
      if (inFlight.length > 0) {
        this.scheduler.after(this.latencyMs, () => {
          for (const b of inFlight) {
            const ok = this.host.listening(b.node, b.uid);
            if (ok) this.served.set(b.uid, (this.served.get(b.uid) ?? 0) + 1);
            this.count(bucket, f.service, b.pod, b.node, ok ? 'ok' : 'reset');
          }
        }, 'traffic responses');
      }
    }
  }

  private count(bucket: number, service: string, pod: string | null, node: string | null, outcome: Outcome): void {
    const name = service.slice(service.indexOf('/') + 1);
    const key = `${bucket}|${name}|${pod ?? ''}|${outcome}`;
    const row = this.counts.get(key);
    if (row !== undefined) row.count++;
    else this.counts.set(key, { timeMs: bucket, service: name, pod, node, outcome, count: 1 });
  }

  /** Hands over the rows of every bucket that can no longer change (all of them with `all`). */
  drain(all = false): TrafficRow[] {
    const done = all ? Infinity : this.scheduler.now() - this.latencyMs - TRAFFIC_BUCKET_MS;
    const out: TrafficRow[] = [];
    for (const [k, row] of this.counts) {
      if (row.timeMs > done) continue;
      out.push(row);
      this.counts.delete(k);
    }
    return out.sort((a, b) => a.timeMs - b.timeMs || (a.pod ?? '').localeCompare(b.pod ?? '') || a.outcome.localeCompare(b.outcome));
  }
}
