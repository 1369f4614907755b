import { randomBytes } from 'node:crypto';
import { wallNow } from './wall-clock.js';

/**
 * Live mode's link to the wall clock, and with wall-clock.ts the only file under core/
 * allowed real timers: it maps wall time to virtual time (virtual = elapsed x speed)
 * and wakes the simulation when its next task falls due. Everything else in a live
 * session still runs on the one virtual scheduler; only its pace comes from here.
 */
/**
 * Longest a tick runs the simulation before it lets the event loop serve I/O, wall ms.
 * At 10,000 pods on a busy 2-core machine the simulation runs behind the wall clock
 * during a rollout, and a tick that caught up in one go ran for seconds: 50 watch
 * sockets got one 'drain' each per tick (~1 MB, ~250 pod events) and lag grew to 8-25 s
 * while the client read nothing. Ticks of ~20 ms interleave with the sockets.
 */
const TICK_BUDGET_MS = 20;
/** A tick advances virtual time in steps of at most this (virtual ms), checking its budget between them. */
const SLICE_MS = 10;

export class RealTimePacer {
  private readonly startedWall = wallNow();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;
  /** Virtual time the simulation has been run to. */
  private reached: number;

  constructor(
    private readonly speed: number,
    /** Runs the simulation up to a virtual time. */
    private readonly advance: (virtualMs: number) => void,
    /** The virtual time of the next scheduled task, if any. */
    private readonly nextDue: () => number | undefined,
    /** Longest sleep between ticks, wall ms: bounds how stale a flushed recording gets. */
    private readonly maxSleepMs = 50,
    /** Virtual time the pacing starts from (the benchmark runs its set-up ahead first). */
    private readonly startVirtualMs = 0,
  ) {
    this.reached = startVirtualMs;
  }

  /** Virtual milliseconds since the session began. */
  virtualNow(): number {
    return this.startVirtualMs + Math.floor((wallNow() - this.startedWall) * this.speed);
  }

  start(): void {
    this.tick();
  }

  /**
   * Catch the simulation up toward now before a request is served, for at most one
   * advance's wall budget (LiveServer.advance: 20 ms). A request sees every write of the
   * tasks run so far; when a burst has put the simulation behind, that is the cluster a
   * few instants before it arrived, and the rest runs in the next ticks (a task left due
   * makes the next tick's wait 1 ms). When nothing is due this is a heap peek.
   */
  sync(): void {
    if (this.stopped) return;
    const now = this.virtualNow();
    this.advance(now);
    if (now > this.reached) this.reached = now;
  }

  /** Something was written: run again as soon as the event loop is free (watch deliveries). */
  poke(): void {
    if (this.stopped || this.immediate !== undefined) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.tick();
    });
  }

  /**
   * A task after the sockets waiting now are served: a LIST body made ahead of the second
   * it is for (reads.ts), off the path of the request that asked for the current one.
   */
  later(task: () => void): void {
    if (!this.stopped) setImmediate(task);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const now = this.virtualNow();
    // Up to now in slices, within the budget; a slice with nothing due jumps to the next task.
    const started = wallNow();
    while (this.reached < now && wallNow() - started < TICK_BUDGET_MS) {
      const next = this.nextDue();
      const target = Math.min(now, Math.max(this.reached + SLICE_MS, next ?? now));
      this.advance(target);
      if (this.stopped) return;
      this.reached = target;
    }
    if (this.reached < now) {
      // Still behind: the rest after the event loop has served sockets and requests.
      this.poke();
      return;
    }
    const due = this.nextDue();
    const wait = due === undefined ? this.maxSleepMs : Math.max(1, Math.min(this.maxSleepMs, (due - now) / this.speed));
    this.timer = setTimeout(() => this.tick(), wait);
  }
}

/** A bearer token for the live API server's kubeconfig: 32 random bytes, hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}
