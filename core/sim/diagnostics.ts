import { ApiError } from '../api/status.js';
import { formatMs } from './virtual-scheduler.js';

/** One refused write that a component failed to handle. */
export interface Diagnostic {
  timeMs: number;
  /** The scheduler task it escaped from: `kubelet/node-2 pull web-5d4f8-x2kq9`, `replicaset-controller worker`. */
  task: string;
  code: number;
  reason: string;
  message: string;
}

const KEPT = 20;

/**
 * The last line of defence of a run against one class of component bug. Every component
 * handles the writes the API server refuses (NotFound, Conflict, Forbidden, Invalid ...)
 * as its upstream counterpart does: retry with backoff, drop, or an Event. One that
 * forgets to would let the ApiError out of its scheduler task and end the run with exit
 * 3; instead the error is counted here, the task's effect is lost as a dropped request's
 * would be, and the run goes on. `kubelapse run` prints each kind of escape as a
 * warning, and the recording's meta keeps them (key `warnings`), so the bug is seen and
 * reported rather than fatal. Anything else a task throws (a TypeError, a RangeError, a
 * runaway loop) is a real programming error and still surfaces.
 */
export class Diagnostics {
  private total = 0;
  private readonly kept: Diagnostic[] = [];
  private readonly perTask = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** A TaskErrorHandler: true (handled) for ApiErrors only. */
  readonly handle = (error: unknown, task: string): boolean => {
    if (!(error instanceof ApiError)) return false;
    this.total++;
    const kind = taskKind(task);
    this.perTask.set(kind, (this.perTask.get(kind) ?? 0) + 1);
    if (this.kept.length < KEPT) this.kept.push({ timeMs: this.now(), task, code: error.code, reason: error.reason, message: error.message });
    return true;
  };

  get count(): number {
    return this.total;
  }

  /** The first escapes, in order (at most 20). */
  get diagnostics(): readonly Diagnostic[] {
    return this.kept;
  }

  /**
   * One line per kind of task: `3 refused writes escaped kubelet/node-1 pull (first at
   * 12.345s: NotFound: namespaces "team-a" not found) and were dropped`.
   */
  warnings(): string[] {
    return [...this.perTask].map(([kind, n]) => {
      const first = this.kept.find((d) => taskKind(d.task) === kind);
      const detail = first === undefined ? '' : ` (first at ${formatMs(first.timeMs)}: ${first.reason}: ${first.message})`;
      return `${n} refused write${n === 1 ? '' : 's'} escaped ${kind}${detail} and ${n === 1 ? 'was' : 'were'} dropped: a component bug, please report it`;
    });
  }
}

/** A task label without the object it was about: `kubelet/node-1 pull web-abc` -> `kubelet/node-1 pull`. */
function taskKind(task: string): string {
  const words = task.split(' ');
  return words.length > 2 ? words.slice(0, 2).join(' ') : task;
}
