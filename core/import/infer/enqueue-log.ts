/** A write that put a key on a controller's work queue, with the rule its observation stands for. */
export interface Enqueuer {
  seq: number;
  timeMs: number;
  rule: string;
}

/**
 * The rule name of a write that wakes a sync without saying why in a way the rules can
 * trust (the kubelet's pod worker for a pod already terminating, the scheduler's retry of
 * an unschedulable pod): it hides the older enqueuers of its key, and a sync that picks it
 * gets no cause, since no cause is better than a wrong one.
 */
export const UNSURE = '(unsure)';

interface Slot {
  newest: Enqueuer;
  /** the newest enqueuer of an earlier millisecond than `newest` */
  earlier: Enqueuer | undefined;
}

/**
 * Each controller's work queue, as far as causes go: per key, the newest write that
 * enqueued it. A controller that syncs a key acts on the newest event merged into the
 * queue (as the simulator threads causeSeq, and as upstream's queue merges duplicate
 * keys); the event must have been seen before the sync began, so a write at t ms picks
 * the newest enqueuer from before t (the writes of one sync, at the same instant, do not
 * cause each other). Two slots per key suffice for that: the newest, and the newest of
 * an earlier millisecond.
 */
export class EnqueueLog {
  private readonly slots = new Map<string, Slot>();

  push(queue: string, key: string, e: Enqueuer): void {
    const id = `${queue}\u0000${key}`;
    const slot = this.slots.get(id);
    if (slot === undefined) this.slots.set(id, { newest: e, earlier: undefined });
    else this.slots.set(id, { newest: e, earlier: slot.newest.timeMs < e.timeMs ? slot.newest : slot.earlier });
  }

  /**
   * The newest enqueuer of `key` strictly before `timeMs` (or at it too, `sameInstant`),
   * no older than `windowMs`: beyond the window the write is more likely a resync or a
   * cause the log did not hold, and no cause is better than a wrong one.
   */
  pick(queue: string, key: string, timeMs: number, windowMs: number, sameInstant = false): Enqueuer | undefined {
    const slot = this.slots.get(`${queue}\u0000${key}`);
    if (slot === undefined) return undefined;
    const ok = (e: Enqueuer | undefined): e is Enqueuer => e !== undefined && (sameInstant ? e.timeMs <= timeMs : e.timeMs < timeMs) && timeMs - e.timeMs <= windowMs;
    if (ok(slot.newest)) return slot.newest;
    return ok(slot.earlier) ? slot.earlier : undefined;
  }

  forget(queue: string, key: string): void {
    this.slots.delete(`${queue}\u0000${key}`);
  }
}
