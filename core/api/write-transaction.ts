/**
 * One request's writes, all or none. The API server opens a transaction around every
 * public write method; nested calls (an eviction charges a PodDisruptionBudget, then
 * deletes the pod) join the outermost one. Each change to server state registers how
 * to undo it, and the writes it produced wait in `acknowledged` until the outermost
 * call returns. Only then do they go out on writes$ and to the watches.
 *
 * So an exception anywhere inside (validation, a bug, a stack overflow while
 * serializing, a recorder that cannot keep up) leaves the object store, the
 * resourceVersion and seq counters, the random streams and the recorder exactly as
 * they were before the request: a later write can never find seq 12 taken by a
 * request that failed, which is how one bad request used to kill `kubelapse live`
 * with "recorder: expected seq 12, got 13".
 */
export class WriteTransaction<W> {
  private readonly undo: Array<() => void> = [];
  readonly pending: W[] = [];

  /** Registers how to put back one change; undone newest first. */
  onRollBack(fn: () => void): void {
    this.undo.push(fn);
  }

  rollBack(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) (this.undo[i] as () => void)();
    this.undo.length = 0;
    this.pending.length = 0;
  }
}

/** Runs write transactions one at a time, nesting inner calls into the outer one. */
export class Transactor<W> {
  private current: WriteTransaction<W> | undefined;

  constructor(
    /** Saves whatever server state is not in the undo log (counters, random streams); returns its restorer. */
    private readonly save: () => () => void,
    /** Sends the writes of a finished transaction out, in order. */
    private readonly acknowledge: (writes: readonly W[]) => void,
  ) {}

  /** The open transaction; a write outside one is a bug in the API server. */
  get active(): WriteTransaction<W> {
    if (this.current === undefined) throw new Error('internal: a write outside a write transaction');
    return this.current;
  }

  run<T>(fn: () => T): T {
    if (this.current !== undefined) return fn();
    const tx = new WriteTransaction<W>();
    const restore = this.save();
    tx.onRollBack(restore);
    this.current = tx;
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.current = undefined;
      tx.rollBack();
      throw err;
    }
    this.current = undefined;
    if (tx.pending.length > 0) this.acknowledge(tx.pending);
    return result;
  }
}
