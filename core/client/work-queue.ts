import type { Subscription } from 'rxjs';
import { ApiError } from '../api/status.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/**
 * The rest of a sync that goes on in a later task (live mode's ReplicaSet sync, one
 * slow-start batch a task): it returns the next part, or nothing when the sync is done.
 * Thrown errors count as the sync's, as if the reconcile itself had thrown them.
 */
export type SyncRest = () => SyncRest | undefined;

/** A sync of one key; it may return its rest (SyncRest), during which the key stays held. */
export type Reconcile = (key: string, causeSeq: number | null) => SyncRest | undefined | void;

/**
 * A sync that failed for a reason of its own rather than a refused write (upstream
 * returns such errors from the sync too: "pvc data-web-0 is being deleted"): retried
 * with the same per-item backoff as an ApiError.
 */
export class SyncError extends Error {
  override name = 'SyncError';
}

/**
 * A controller work queue in virtual time. Keys are deduplicated while waiting (ten
 * pod events for one ReplicaSet make one sync); each key remembers the seq of the
 * newest event that queued it, and the reconcile receives it as its cause. A reconcile
 * that throws a refused write (an ApiError: NotFound, Conflict, Forbidden ...) is
 * retried with upstream's per-item exponential backoff: 5 ms, 10 ms, 20 ms ... capped
 * at 1000 s (the namespace controller caps it at 60 s). Anything else thrown is a bug
 * in the component, not a sync error: it is not retried but surfaces, as a Go panic
 * would.
 */
export class WorkQueue {
  private readonly waiting = new Map<string, number | null>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, { due: number; cause: number | null; timer?: Subscription }>();
  private scheduled = false;
  /**
   * Keys being synced, each with what queued it again meanwhile (undefined: nothing). One
   * at a time in a drain; a sync that goes on in later tasks (SyncRest) holds its key until
   * its last part, as a worker holds a key of client-go's queue until Done: a key queued
   * again meanwhile is synced after it, never alongside.
   */
  private readonly processing = new Map<string, { cause: number | null } | undefined>();
  /** Errors from reconciles, kept for tests and diagnostics (newest last, bounded). */
  readonly errors: Array<{ key: string; error: unknown }> = [];

  constructor(
    private readonly scheduler: VirtualScheduler,
    readonly name: string,
    private readonly reconcile: Reconcile,
    /** Virtual time between a key being queued and a worker picking it up. */
    private readonly pickupDelayMs = 0,
    /** Longest backoff of addRateLimited (ItemExponentialFailureRateLimiter's max delay). */
    private readonly maxBackoffMs = 1_000_000,
    /** Its first delay (5 ms; the Job controller's DefaultJobApiBackOff is 1 s). */
    private readonly baseBackoffMs = 5,
  ) {}

  add(key: string, causeSeq: number | null = null): void {
    if (this.processing.has(key)) {
      this.processing.set(key, { cause: causeSeq ?? this.processing.get(key)?.cause ?? null });
      return;
    }
    const prev = this.waiting.get(key);
    this.waiting.set(key, causeSeq ?? prev ?? null);
    this.kick();
  }

  /**
   * Queue `key` after a delay. A key already waiting keeps the earlier of the two times,
   * as client-go's delaying queue does: a requeue for 11 s from now does not push back one
   * due in 10 s (the ReplicaSet controller sets both after a pod turns Ready). Like a
   * waiting key, it carries the newest cause.
   */
  addAfter(key: string, delayMs: number, causeSeq: number | null = null): void {
    if (delayMs <= 0) return this.add(key, causeSeq);
    const due = this.scheduler.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending !== undefined && pending.due <= due) {
      pending.cause = causeSeq ?? pending.cause;
      return;
    }
    pending?.timer?.unsubscribe();
    const entry: { due: number; cause: number | null; timer?: Subscription } = { due, cause: causeSeq ?? pending?.cause ?? null };
    entry.timer = this.scheduler.after(delayMs, () => {
      this.delayed.delete(key);
      this.add(key, entry.cause);
    }, `${this.name} requeue ${key}`);
    this.delayed.set(key, entry);
  }

  addRateLimited(key: string, causeSeq: number | null = null): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.baseBackoffMs * 2 ** n, this.maxBackoffMs), causeSeq);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  get length(): number {
    return this.waiting.size;
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.scheduler.after(this.pickupDelayMs, () => this.drain(), `${this.name} worker`);
  }

  private drain(): void {
    this.scheduled = false;
    // Items queued during this drain wait for the next pass, so one hot key cannot starve time.
    const batch = [...this.waiting];
    this.waiting.clear();
    for (const [key, cause] of batch) {
      this.processing.set(key, undefined);
      this.step(key, cause, () => this.reconcile(key, cause) ?? undefined);
    }
  }

  /** Runs one part of key's sync; its rest goes in a task of its own, due at once. */
  private step(key: string, cause: number | null, part: () => SyncRest | undefined): void {
    let rest: SyncRest | undefined;
    try {
      // Only a function is a rest: a reconcile written as `(k) => list.push(k)` returns a
      // number, which is a finished sync, not a part to call in a later task.
      const r: unknown = part();
      rest = typeof r === 'function' ? (r as SyncRest) : undefined;
      if (rest === undefined) this.forget(key);
    } catch (error) {
      if (!(error instanceof ApiError) && !(error instanceof SyncError)) {
        this.processing.delete(key);
        throw error;
      }
      this.errors.push({ key, error });
      if (this.errors.length > 100) this.errors.shift();
      this.addRateLimited(key, cause);
    }
    if (rest !== undefined) {
      const next = rest;
      this.scheduler.after(0, () => this.step(key, cause, next), `${this.name} worker ${key}`);
      return;
    }
    const dirty = this.processing.get(key);
    this.processing.delete(key);
    if (dirty !== undefined) this.add(key, dirty.cause);
  }
}
