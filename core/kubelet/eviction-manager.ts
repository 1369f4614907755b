import type { Subscription } from 'rxjs';
import { parseQuantity } from '../api/quantity.js';
import { formatQuantity } from '../api/quantity-format.js';
import { quantityString } from '../api/container-resources.js';
import type { KObject } from '../api/types.js';
import type { EvictionConfig } from './eviction-config.js';
import { isCriticalPod, rankMemoryPressure, type PodUsage } from './eviction-rank.js';
import { workingSet } from './oom.js';
import type { PodWorker } from './pod-worker.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/** upstream waitForPodsCleanup: after an eviction, poll every 1 s until the pod is gone, then synchronize again. */
export const POD_CLEANUP_POLL_MS = 1_000;

/** What the eviction manager uses of its kubelet. */
export interface EvictionHost {
  readonly node: string;
  readonly actor: string;
  readonly clock: VirtualScheduler;
  readonly workers: ReadonlyMap<string, PodWorker>;
  readonly down: boolean;
  now(): number;
  nodeObject(): Readonly<KObject> | undefined;
  event(w: PodWorker | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** MemoryPressure changed: the node status goes out now; the seq of that write, if made. */
  pressureChanged(): number | null;
}

/**
 * The kubelet's eviction manager (pkg/kubelet/eviction), for memory. Every monitoring
 * period (10 s) it observes memory.available = node memory capacity - the working set of
 * every pod on the node (the node's own processes are not modeled), and:
 *   - below a threshold (hard 100Mi by default; a soft one from the scenario) the node's
 *     MemoryPressure condition turns True at once (the node lifecycle controller then
 *     taints it memory-pressure:NoSchedule), and stays True until no threshold was met for
 *     evictionPressureTransitionPeriod (5 min);
 *   - a hard threshold, or a soft one met for its whole grace period, evicts ONE pod,
 *     the first of rankMemoryPressure that is not critical, then checks again once that
 *     pod is cleaned up (1 s poll) rather than after a whole period.
 * Capacity 2Gi, working sets 1,980Mi: available 68Mi < 100Mi, so a pod goes.
 */
export class EvictionManager {
  private timer: Subscription | undefined;
  private softSinceMs: number | undefined;
  private lastMetMs: number | undefined;
  /** the node status write that reported MemoryPressure True: what each eviction follows from */
  private pressureSeq: number | null = null;
  pressure = false;

  constructor(
    private readonly host: EvictionHost,
    readonly config: EvictionConfig,
  ) {}

  start(): void {
    this.stop();
    this.schedule(this.config.monitoringPeriodMs);
  }

  stop(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = this.host.clock.after(ms, () => {
      const evicted = this.synchronize();
      this.schedule(evicted ? POD_CLEANUP_POLL_MS : this.config.monitoringPeriodMs);
    }, `${this.host.actor} eviction manager`);
  }

  /**
   * memory.available now, in bytes: capacity - every pod's working set. Counted without
   * building anything: it runs every 10 s on every node (pkg/kubelet/kubelet.go's
   * evictionMonitoringPeriod; 1,000 nodes of 100 pods are
   * 10,000 pods a virtual second), and a pod whose app has no memory curve (most) uses 0.
   */
  available(): number {
    const capacity = parseQuantity(this.host.nodeObject()?.status?.capacity?.memory) ?? 0;
    const now = this.host.now();
    let used = 0;
    for (const w of this.host.workers.values()) {
      // Summed per pod first, as the ranking's usage is: the same float sums, the same bytes.
      if (w.app.memory.size !== 0) used += podWorkingSet(w, now);
    }
    return capacity - used;
  }

  /** The pods that may be evicted, with their usage now (what rankMemoryPressure ranks): only when one is to go. */
  candidates(): PodUsage[] {
    const now = this.host.now();
    const pods: PodUsage[] = [];
    for (const w of this.host.workers.values()) {
      if (w.lost || w.finished || w.terminating || w.evicted !== undefined) continue;
      const containers = new Map<string, number>();
      const usage = podWorkingSet(w, now, containers);
      pods.push({ pod: w.pod, usage, containers, staticPod: w.mirrorHash !== undefined });
    }
    return pods;
  }

  /** One pass of the loop; true when it evicted a pod. */
  synchronize(): boolean {
    if (this.host.down) return false;
    const now = this.host.now();
    const available = this.available();
    const hard = available < this.config.hardMemoryBytes;
    const soft = this.config.soft !== undefined && available < this.config.soft.memoryBytes;
    if (soft) this.softSinceMs ??= now;
    else this.softSinceMs = undefined;
    if (hard || soft) this.lastMetMs = now;
    const pressure = this.lastMetMs !== undefined && now - this.lastMetMs < this.config.pressureTransitionMs;
    if (pressure !== this.pressure) {
      this.pressure = pressure;
      const seq = this.host.pressureChanged();
      if (pressure) this.pressureSeq = seq;
    }
    const softDue = soft && this.config.soft !== undefined && now - (this.softSinceMs as number) >= this.config.soft.gracePeriodMs;
    if (!hard && !softDue) return false;
    const threshold = hard ? this.config.hardMemoryBytes : (this.config.soft as { memoryBytes: number }).memoryBytes;
    for (const p of rankMemoryPressure(this.candidates())) {
      if (isCriticalPod(p)) continue;
      const w = [...this.host.workers.values()].find((x) => x.pod === p.pod);
      if (w === undefined) continue;
      const message = evictionMessage(p, threshold, available);
      // The eviction follows from the node's pressure: its Event and status write name that write as their cause.
      if (this.pressureSeq !== null) w.cause = this.pressureSeq;
      this.host.event(w, 'Warning', 'Evicted', message);
      const podGraceMs = (p.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
      w.evict(message, hard ? 0 : Math.min(this.config.maxPodGracePeriodSeconds * 1000, podGraceMs));
      return true;
    }
    return false;
  }
}

/**
 * evictionMessage, with upstream's fragments and their trailing spaces:
 * "The node was low on resource: memory. Threshold quantity: 100Mi, available: 69632Ki.
 * Container cache was using 358Mi, request is 0, has larger consumption of memory. "
 * Only containers using more than they request are named.
 */
export function evictionMessage(p: PodUsage, thresholdBytes: number, availableBytes: number): string {
  let message = 'The node was low on resource: memory. ';
  message += `Threshold quantity: ${formatQuantity(thresholdBytes, 'BinarySI')}, available: ${formatQuantity(availableBytes, 'BinarySI')}. `;
  for (const c of p.pod.spec?.containers ?? []) {
    const usage = p.containers.get(c.name) ?? 0;
    const request = c.resources?.requests?.memory;
    if (usage > (parseQuantity(request) ?? 0)) {
      message += `Container ${c.name} was using ${formatQuantity(usage, 'BinarySI')}, request is ${request === undefined ? '0' : quantityString(request)}, has larger consumption of memory. `;
    }
  }
  return message;
}

/** A pod's working set now: its containers' summed in their order (each also put in `into`). */
function podWorkingSet(w: PodWorker, now: number, into?: Map<string, number>): number {
  let usage = 0;
  for (const c of w.containers) {
    const ws = workingSet(w.app, c, now);
    into?.set(c.name, ws);
    usage += ws;
  }
  return usage;
}
