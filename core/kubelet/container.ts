import type { Subscription } from 'rxjs';
import { hex } from './identifiers.js';
import { ProbeState, probeSpec, type ProbeKind } from './probes.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON */

export interface Termination {
  exitCode: number;
  reason: string;
  startedAtMs: number;
  finishedAtMs: number;
}

const NO_PORTS: readonly string[] = Object.freeze([]);

/** upstream CrashLoopBackOff: 10 s doubling to 300 s, forgotten after 10 minutes of clean running. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const BACKOFF_RESET_MS = 600_000;

/**
 * Where a container sits in its pod: a regular init container (runs to completion before
 * the next), a native sidecar (an init container with `restartPolicy: Always`: started in
 * order, kept running), or an app container.
 */
export type ContainerRole = 'init' | 'sidecar' | 'app';

/** One container as the runtime sees it: its state, restarts, probes and the timers of its current run. */
export class Container {
  readonly name: string;
  state: 'waiting' | 'running' | 'terminated' = 'waiting';
  /** upstream convertToAPIContainerStatuses: PodInitializing by default in a pod with init containers */
  waitingReason: string;
  waitingMessage: string | undefined;
  startedAtMs = 0;
  terminated: Termination | undefined;
  last: Termination | undefined;
  restarts = 0;
  started = false;
  ready = false;
  sigterm = false;
  everStarted = false;
  /** CrashLoopBackOff: the delay before the next restart (0: restart at once) */
  backoffMs = 0;
  imageBackoffMs = 0;
  probes: Partial<Record<ProbeKind, ProbeState>> = {};
  /** timers of the current run: probes, a scheduled crash; add with track() */
  run: Subscription[] = [];
  /** run's length at which track() next drops the timers that already ran */
  private pruneAt = 2;
  /**
   * The containerID of run `idRun` (restarts), as containerStatus reports it: a status
   * write reports it for every started container, and each was a 64-digit hash of 8
   * rounds over the pod's uid and the name (hex, ~2 us), made again on every write.
   */
  private idRun = -1;
  private idText = '';
  /** probe-fail faults: kind -> until (virtual ms); made at the first fault (an empty object is 56 bytes a container) */
  failing: Partial<Record<ProbeKind, number>> | undefined;

  /**
   * ports (`80/TCP`) this run's process has bound; see port-binding.ts. A list, not a Set:
   * a container binds one or two ports, and a Set of one was ~150 bytes a pod; none
   * bound is one shared empty list.
   */
  bound: readonly string[] = NO_PORTS;
  /** lines of this run's script already written (process-log.ts printScript) */
  printed = 0;
  /** a regular init container that exited 0: the next one may start */
  done = false;
  /** the last thing the process said (why it exited); see say() */
  lastLogLine: string | undefined;
  /** called once when a sidecar counts as started (its startupProbe passed, if it has one) */
  onStarted: (() => void) | undefined;

  constructor(
    readonly spec: any,
    readonly role: ContainerRole = 'app',
    podHasInitContainers = false,
  ) {
    this.name = spec.name;
    this.waitingReason = podHasInitContainers ? 'PodInitializing' : 'ContainerCreating';
  }

  /**
   * The one-line human reason of an exit or failure ("cannot bind 0.0.0.0:80: address
   * already in use"). The pod worker's emit() is the single place these lines leave the
   * kubelet, for whoever keeps per-container logs.
   */
  say(line: string): void {
    this.lastLogLine = line;
  }

  resetProbes(): void {
    this.probes = {};
    for (const kind of ['startup', 'readiness', 'liveness'] as const) {
      const p = probeSpec(this.spec, kind);
      if (p !== undefined) this.probes[kind] = new ProbeState(p);
    }
  }

  /** `containerd://<64 hex>` of this container's run `run` in pod `uid`; the current run's is kept. */
  containerID(uid: string, run: number): string {
    if (run === this.idRun) return this.idText;
    const id = `containerd://${hex(`${uid}/${this.name}/${run}`, 64)}`;
    if (run === this.restarts) {
      this.idRun = run;
      this.idText = id;
    }
    return id;
  }

  /**
   * Keeps `sub` with this run's timers, so that stopRun() cancels it. Timers that already
   * ran are dropped now and then: a readiness probe ticks every 5 s and each tick is a new
   * timer, so a Ready pod held 1 + t/5 s of them (75 per pod after the kwok bench's 355 s
   * node-failure phase; ~400 bytes each with its closure and label, which is the 5 GB of RSS
   * the 100,000-pod run grew by in that phase). Unsubscribing a timer that ran does nothing,
   * so dropping it changes nothing but memory. The threshold doubles with what is left
   * alive, so a push costs O(1) amortised. From 2, not 8 (round 5): a probing container
   * has one live timer, and up to 7 that had run were kept with their closures, ~500 bytes
   * a pod in a heap snapshot of 5,000 pods; dropped in place, so no array is made per tick.
   * When one or none is left alive (a probe's tick: the one running now and the one before
   * it, which has run), the list is a new `[sub]` or `[running, sub]`: a list that grew by
   * push() has room for 17 (V8 grows it to 1.5 x + 16), 152 bytes a container to hold one
   * or two timers (heap snapshot, 10,000 pods), where these are 24 and 32.
   */
  track(sub: Subscription): Subscription {
    const run = this.run;
    if (run.length >= this.pruneAt) {
      let n = 0;
      for (const s of run) if (!s.closed) run[n++] = s;
      run.length = n;
      this.pruneAt = Math.max(2, n * 2);
    }
    if (run.length === 0) this.run = [sub];
    else if (run.length === 1) this.run = [run[0] as Subscription, sub];
    else run.push(sub);
    return sub;
  }

  /** The process let go of its ports (it exited or was killed). */
  unbind(): void {
    this.bound = NO_PORTS;
  }

  /** Drops the timers of this run that already ran, in place (a probe tick that set no new timer). */
  dropRan(): void {
    const run = this.run;
    let n = 0;
    for (const s of run) if (!s.closed) run[n++] = s;
    if (n < run.length) run.length = n;
  }

  stopRun(): void {
    for (const s of this.run) s.unsubscribe();
    this.run = [];
  }

  /** The next restart delay after a failure, as the kubelet's per-container backoff computes it. */
  nextBackoff(): number {
    // A container that ran cleanly for 10 minutes starts over from an immediate restart.
    if (this.terminated !== undefined && this.terminated.finishedAtMs - this.terminated.startedAtMs >= BACKOFF_RESET_MS) this.backoffMs = 0;
    const delay = this.backoffMs;
    this.backoffMs = delay === 0 ? BACKOFF_INITIAL_MS : Math.min(delay * 2, BACKOFF_MAX_MS);
    return delay;
  }
}
