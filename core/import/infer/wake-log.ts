import type { Enqueuer } from './enqueue-log.js';

/**
 * The rule name of a key waiting for a cluster event rather than for a write of its own:
 * a pod the scheduler found no node for (its FailedScheduling status) waits in the
 * unschedulable set until a node is added or changed, or a pod on a node goes away, and
 * the first such event moves every waiting pod back at once. A sync that picks it takes
 * the first wake after it (WakeLog), or no cause.
 */
export const WAITING = '(waiting)';

/**
 * One queue's cluster events in order, for the first one after a key began waiting. The
 * newest-enqueuer log cannot say that: the autoscaler's three nodes added in one
 * millisecond woke the waiting pods with the first of them, and the two later ones found
 * none waiting. Kept for `keepMs` (a wait ends by itself after 5 min:
 * pkg/scheduler/internal/queue/scheduling_queue.go DefaultPodMaxInUnschedulablePodsDuration),
 * so memory is the events of that span, not of the import.
 */
export class WakeLog {
  private readonly wakes: Enqueuer[] = [];
  private head = 0;

  constructor(private readonly keepMs: number) {}

  push(e: Enqueuer): void {
    this.wakes.push(e);
    while (this.head < this.wakes.length && e.timeMs - (this.wakes[this.head] as Enqueuer).timeMs > this.keepMs) this.head++;
    // compact once the dropped front is most of the array
    if (this.head > 1024 && this.head * 2 > this.wakes.length) {
      this.wakes.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The first wake after the write `since` (by seq) and from a millisecond before `timeMs`, or undefined. */
  firstAfter(since: Enqueuer, timeMs: number): Enqueuer | undefined {
    let lo = this.head;
    let hi = this.wakes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.wakes[mid] as Enqueuer).seq <= since.seq) lo = mid + 1;
      else hi = mid;
    }
    const w = this.wakes[lo];
    return w !== undefined && w.timeMs < timeMs && timeMs - since.timeMs <= this.keepMs ? w : undefined;
  }
}
