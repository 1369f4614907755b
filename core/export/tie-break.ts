/**
 * Microsecond offsets for writes that share a virtual millisecond: the k-th write of a
 * millisecond gets k µs (capped at 999). A recording has many writes per ms (a
 * ReplicaSet's 4 pod creates at 60_000 ms), and every export keeps them in recorded order
 * on its µs (audit, Perfetto) or ns (OTLP) axis: 60_000 ms writes 1-4 become
 * 60_000_000, 60_000_001, 60_000_002 and 60_000_003 µs.
 */
export class TieBreak {
  private lastMs = Number.NaN;
  private k = 0;

  /** The µs offset for the next write at `timeMs` (writes come in seq order). */
  next(timeMs: number): number {
    this.k = timeMs === this.lastMs ? Math.min(999, this.k + 1) : 0;
    this.lastMs = timeMs;
    return this.k;
  }
}
