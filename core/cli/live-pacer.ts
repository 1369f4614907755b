import { randomBytes } from 'node:crypto';
import { wallNow } from './wall-clock.js';

/**
 * Live mode's link to the wall clock, and with wall-clock.ts the only file under core/
 * allowed real timers: it maps wall time to virtual time (virtual = elapsed x speed)
 * and wakes the simulation when its next task falls due. Everything else in a live
 * session still runs on the one virtual scheduler; only its pace comes from here.
 */
export class RealTimePacer {
  private readonly startedWall = wallNow();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;

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
  ) {}

  /** Virtual milliseconds since the session began. */
  virtualNow(): number {
    return this.startVirtualMs + Math.floor((wallNow() - this.startedWall) * this.speed);
  }

  start(): void {
    this.tick();
  }

  /** Catch the simulation up now (before a request is served). */
  sync(): void {
    if (!this.stopped) this.advance(this.virtualNow());
  }

  /** Something was written: run again as soon as the event loop is free (watch deliveries). */
  poke(): void {
    if (this.stopped || this.immediate !== undefined) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.tick();
    });
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
    this.advance(now);
    if (this.stopped) return;
    const due = this.nextDue();
    const wait = due === undefined ? this.maxSleepMs : Math.max(1, Math.min(this.maxSleepMs, (due - now) / this.speed));
    this.timer = setTimeout(() => this.tick(), wait);
  }
}

/** A bearer token for the live API server's kubeconfig: 32 random bytes, hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}
