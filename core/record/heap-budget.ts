import v8 from 'node:v8';

/**
 * A ceiling on how far V8's heap grows past what its last full collection kept, for a
 * process that records a large simulation: the recorder looks at the old generation
 * after each batch of rows (`checkHeapBudget`), and sets V8's growth factor
 * (`--heap-growing-percent`, read at each full collection) so that the next full
 * collection starts before the old generation reaches the budget.
 *
 * Why: left to itself V8 picks the factor from its collection speed against the
 * allocation rate, up to 4x the live heap when the heap limit is its default (V8's
 * src/heap/heap-controller.cc, MemoryController::MaxGrowingFactor, kHighFactor = 4.0,
 * and DynamicGrowingFactor with a target mutator utilization of 0.97), bounded by half
 * the way to the limit. A simulation allocates fast against a large live set that
 * changes slowly, so it gets a high factor: at 100,000 pods the old generation grew to
 * ~1.9 GB used for ~1.2 GB live, and the committed heap was 89-93 % of the run's 2.2-2.3 GB
 * peak RSS (docs/performance.md, "Round 8 ... mem8"). A fixed factor costs CPU in every
 * run: 1.2x held that run to 1,785 MiB but took 44 % more CPU than V8's own, much of it
 * while the live heap was small and far from any ceiling; this budget, 1,807 MiB for 19 %.
 *
 * The rule, with live = the old generation's size after the last full collection (seen
 * as a fall of its used bytes between two looks) plus three quarters of what was
 * promoted since (`check`):
 * - live below a quarter of the budget: V8's own factor (at most 4x: within the budget);
 * - else the factor that reaches the budget, budget / live (1,500 MiB over 1,000 MiB
 *   live = 1.5x), but not below MIN_PERCENT (1.2x), so a live heap near or past the
 *   budget still has room to allocate between collections rather than collecting all
 *   the time.
 * Nothing of it reaches the recording: when V8 collects never changes what is written.
 */
export const MIN_PERCENT = 20;

/** The old generation's used bytes now: old objects, large objects and code. */
function oldGenerationUsed(): number {
  let used = 0;
  for (const s of v8.getHeapSpaceStatistics()) {
    if (s.space_name !== 'new_space' && s.space_name !== 'new_large_object_space' && s.space_name !== 'read_only_space') used += s.space_used_size;
  }
  return used;
}

export class HeapBudget {
  private live = 0;
  private last = 0;
  private percent = 0;

  /** `bytes`: the old generation's ceiling; `setPercent` sets V8's flag (a test's own otherwise). */
  constructor(
    readonly bytes: number,
    private readonly setPercent: (p: number) => void = (p) => v8.setFlagsFromString(`--heap-growing-percent=${p}`),
  ) {}

  /** The growth percentage in effect (0: V8's own). */
  get current(): number {
    return this.percent;
  }

  /** Looks at the old generation (`used`, its used bytes now) and sets the factor for the next full collection. */
  check(used = oldGenerationUsed()): void {
    // A full collection frees old objects; nothing else makes the old generation smaller.
    if (used < this.last || this.live === 0) this.live = used;
    this.last = used;
    // The factor set now is the one V8 applies to what the *next* collection keeps, which
    // is more than the last one kept while the cluster grows: counted as three quarters of
    // what was promoted since (the 100,000-pod scale-up kept 638 then 1,000 MiB of 1,330
    // used: 52 % of the promoted bytes lived; from the last look's 638 alone the factor was
    // 2.35x and the heap reached 1,904 MiB used). In a steady state it errs low (1,210 kept
    // of 1,500 used reads as 1,430): the floor then, slightly more often than needed.
    const live = this.live + 0.75 * (used - this.live);
    const want = live * 4 <= this.bytes ? 0 : Math.max(MIN_PERCENT, Math.floor((100 * (this.bytes - live)) / live));
    if (want !== this.percent) {
      this.percent = want;
      this.setPercent(want);
    }
  }
}

let active: HeapBudget | undefined;

/** Sets (or with undefined, clears) the process's heap budget; the recorder then keeps to it. */
export function useHeapBudget(budget: HeapBudget | undefined): void {
  if (active !== undefined && budget === undefined && active.current !== 0) v8.setFlagsFromString('--heap-growing-percent=0');
  active = budget;
}

/** Called by the recorder after each batch: cheap (one look at V8's spaces) and a no-op without a budget. */
export function checkHeapBudget(): void {
  active?.check();
}
