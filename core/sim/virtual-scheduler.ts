import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { TimeQueue } from './time-queue.js';

export class RunawayError extends Error {
  override name = 'RunawayError';
}

/**
 * Decides about an error a task threw: true if it was dealt with (recorded as a
 * diagnostic) and the run goes on, false if it must surface and end the run.
 */
export type TaskErrorHandler = (error: unknown, task: string) => boolean;

export interface VirtualSchedulerOptions {
  /** Tasks allowed at one instant before the run is declared a runaway loop. */
  maxTasksPerInstant?: number;
  /** The last line of defence against component bugs; without one every error surfaces. */
  onTaskError?: TaskErrorHandler;
}

/**
 * The one clock of a simulation. It implements RxJS's SchedulerLike, so `timer`,
 * `delay`, `bufferTime`, `debounceTime` and friends run in virtual time when given
 * this scheduler; `runUntil(t)` then executes everything due up to t as fast as the
 * CPU allows. Ordering is (time, insertion order): two timers due at 5 000 ms run in
 * the order they were set, which is what makes runs repeatable.
 */
export class VirtualScheduler implements SchedulerLike {
  private clock = 0;
  /**
   * Pending runs: an action and the generation it was scheduled at, by due time, equal
   * times in insertion order. No entry object per run: at 100,000 pods ~300,000 wait at
   * once, and 7.1 M probe ticks in the node failure each made (or reused) one.
   */
  private readonly queue = new TimeQueue<VirtualAction<unknown>>();
  private readonly maxTasksPerInstant: number;
  private tasksThisInstant = 0;
  private instant = -1;
  private executed = 0;
  private readonly onTaskError: TaskErrorHandler;
  /** An error reported from where it could not be thrown; runUntil throws it after the task. */
  private fatal: { error: unknown } | undefined;

  constructor(options: VirtualSchedulerOptions = {}) {
    this.maxTasksPerInstant = options.maxTasksPerInstant ?? 200_000;
    this.onTaskError = options.onTaskError ?? (() => false);
  }

  /**
   * For an error caught where throwing would not reach runUntil (a watch handler runs
   * inside an rxjs subscriber, which would rethrow it later on a real timer): handled as
   * if the task had thrown it, and if it must surface, runUntil throws it as soon as the
   * current task returns.
   */
  reportTaskError(error: unknown, task: string): void {
    if (!this.onTaskError(error, task)) this.fatal ??= { error };
  }

  now(): number {
    return this.clock;
  }

  /** Tasks run so far; the CLI's progress bar and the benchmarks read it. */
  get tasksExecuted(): number {
    return this.executed;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** The time of the next due task, or undefined when nothing is scheduled. */
  nextTime(): number | undefined {
    return this.queue.peekTime();
  }

  schedule<T>(
    work: (this: SchedulerAction<T>, state?: T) => void,
    delay = 0,
    state?: T,
  ): Subscription {
    return new VirtualAction<T>(this, work, 'rxjs').schedule(state, delay);
  }

  /**
   * Runs fn after delayMs of virtual time. The label names it in a runaway error. `fn`
   * itself is the action's work (called with the action as `this` and an undefined state,
   * which a `() => void` ignores), not wrapped in a closure of its own: 100,000 Ready
   * pods' probes tick 7.1 M times in the kwok bench's node failure, and each wrapper was
   * a closure and its context (~70 bytes) more per timer.
   */
  after(delayMs: number, fn: () => void, label = 'task'): Subscription {
    return new VirtualAction<void>(this, fn, label).schedule(undefined, delayMs);
  }

  /**
   * Runs fn every periodMs of virtual time, first after one period, until unsubscribed.
   * One action for the whole life of the timer, rescheduled after each run: it was a new
   * action, a closure and a heap entry each period (1,000 kubelets' leases every 10 s).
   * The next run is enqueued after fn returns, as before, so the order is unchanged.
   */
  every(periodMs: number, fn: () => void, label = 'task'): Subscription {
    const work = function (this: SchedulerAction<void>): void {
      // A periodic task that fails once still runs next period (wait.Until).
      try {
        fn();
      } finally {
        this.schedule(undefined, periodMs);
      }
    };
    return new VirtualAction<void>(this, work, label).schedule(undefined, periodMs);
  }

  /** Runs fn at absolute virtual time timeMs (or now, if that has passed). */
  at(timeMs: number, fn: () => void, label = 'task'): Subscription {
    return this.after(Math.max(0, timeMs - this.clock), fn, label);
  }

  /** @internal used by VirtualAction */
  enqueue(action: VirtualAction<unknown>, delay: number, generation: number): void {
    if (!Number.isFinite(delay) || delay < 0) delay = 0;
    this.queue.push(this.clock + delay, action, generation);
  }

  /**
   * Executes every task due at or before `until`, then leaves the clock at `until`.
   * A task that keeps scheduling zero-delay work would freeze virtual time forever;
   * the loop guard turns that into a RunawayError naming the instant and the task.
   *
   * `stop`, asked after each task: true returns at once (false), the clock at that task's
   * instant and the rest of the instant's tasks still queued in their order, so a later
   * call runs them exactly as this one would have. Live mode stops after its wall-time
   * budget: at 10,000 pods one instant of a rollout held 50-250 tasks (each informer's
   * batch of 250 pods, each kubelet's pod worker) taking up to 2.8 s together, during
   * which no socket was served.
   */
  runUntil(until: number, stop?: () => boolean): boolean {
    for (;;) {
      const time = this.queue.peekTime();
      if (time === undefined || time > until) break;
      const action = this.queue.shift() as VirtualAction<unknown>;
      if (action.closed || action.generation !== this.queue.lastTag) continue;
      if (time !== this.instant) {
        this.instant = time;
        this.tasksThisInstant = 0;
      }
      if (++this.tasksThisInstant > this.maxTasksPerInstant) {
        throw new RunawayError(
          `runaway: more than ${this.maxTasksPerInstant} tasks at t=${formatMs(time)} ` +
            `without virtual time advancing (last task: ${action.label})`,
        );
      }
      this.clock = time;
      this.executed++;
      try {
        action.execute();
      } catch (error) {
        if (!this.onTaskError(error, action.label)) throw error;
      }
      if (this.fatal !== undefined) {
        const { error } = this.fatal;
        this.fatal = undefined;
        throw error;
      }
      if (stop?.() === true) return false;
    }
    if (until > this.clock) this.clock = until;
    return true;
  }

  /** Runs until nothing is scheduled, or until `limit` as a backstop for periodic timers. */
  runAll(limit = Number.MAX_SAFE_INTEGER): void {
    const next = this.nextTime();
    if (next === undefined) return;
    this.runUntil(limit);
  }
}

/** A scheduled piece of work; rxjs reschedules periodic work through `schedule`. */
export class VirtualAction<T> extends Subscription implements SchedulerAction<T> {
  generation = 0;
  private state: T | undefined;

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
    readonly label: string,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    // A reschedule supersedes the pending run: bump the generation so the old heap
    // entry is skipped when it comes up.
    this.generation++;
    this.scheduler.enqueue(this as VirtualAction<unknown>, delay, this.generation);
    return this;
  }

  execute(): void {
    const generation = this.generation;
    try {
      this.work.call(this, this.state);
    } finally {
      // rxjs one-shot actions do not unsubscribe themselves; periodic ones reschedule.
      if (this.generation === generation && !this.closed) this.unsubscribe();
    }
  }
}

export function formatMs(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}
