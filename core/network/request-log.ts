import type { PodWorker } from '../kubelet/pod-worker.js';
import { logServed } from '../kubelet/process-log.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/** How often a serving process writes its request summary line. */
export const REQUEST_LOG_PERIOD_MS = 10_000;

/**
 * The access-log summary of each serving pod: every 10 s of cluster time, a pod that
 * answered requests since the last summary writes "served 38 requests in the last 10s"
 * (the traffic model's ok responses, counted per pod uid). 25 rps spread over 5 pods:
 * about 50 a pod per line. Requests refused or reset never reached the process, so they
 * are not in its log (the traffic table has them). The line goes to the pod's first
 * running container that declares a port, as a web server's access log would.
 */
export class RequestLog {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly served: ReadonlyMap<string, number>,
    private readonly workers: () => Iterable<PodWorker>,
  ) {}

  start(): this {
    this.scheduler.every(REQUEST_LOG_PERIOD_MS, () => this.tick(), 'request log');
    return this;
  }

  private tick(): void {
    if (!this.anyServedSince()) return;
    for (const w of this.workers()) {
      const total = this.served.get(w.uid) ?? 0;
      const delta = total - (this.last.get(w.uid) ?? 0);
      if (delta <= 0) continue;
      this.last.set(w.uid, total);
      const c = w.containers.find((x) => x.state === 'running' && (x.spec?.ports ?? []).length > 0) ?? w.containers.find((x) => x.state === 'running');
      if (c !== undefined) logServed(w, c, delta, REQUEST_LOG_PERIOD_MS);
    }
  }

  /**
   * Whether any pod answered a request since its last summary: only a uid counted in
   * `served` above its last summary's total can write a line, so without one the walk of
   * every worker changes nothing. That walk (a list of every kubelet's workers, made each
   * tick) was 1.3 s of the 100,000-pod run's node failure (control-plane's worker list
   * 0.9 s, `tick` 0.4 s; the lead's profile, 89-114 s window): 36 ticks over 100,000
   * workers with no traffic at all. With traffic, the same walk in the same order as before.
   * A pod that served and went before its summary (scaled down, its node lost) keeps its
   * count above its last summary (catching it up would change the line a returning
   * kubelet writes), so from then on every tick walks, as every tick did before.
   */
  private anyServedSince(): boolean {
    for (const [uid, total] of this.served) if (total > (this.last.get(uid) ?? 0)) return true;
    return false;
  }
}
