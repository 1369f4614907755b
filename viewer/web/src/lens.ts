import { inRuns } from '../../shared/noise.js';

/**
 * The story lens over one recording: which seqs are noise (viewer/shared/noise.ts, sent
 * as runs by GET .../noise) and the next seq worth a step. Runs are skipped whole, so
 * stepping past 3 lease renewals costs one binary search, not three.
 */
export class StoryLens {
  constructor(
    private runs: ReadonlyArray<readonly [number, number]>,
    private readonly lastSeq: number,
  ) {}

  /** The runs, once they arrived (the Navigator makes one before they do). */
  load(runs: ReadonlyArray<readonly [number, number]>): void {
    this.runs = runs;
  }

  isNoise(seq: number): boolean {
    return inRuns(this.runs, seq);
  }

  /** The next seq from `seq` in direction `dir` that is not noise (1..lastSeq), or undefined. */
  next(seq: number, dir: 1 | -1): number | undefined {
    let s = seq + dir;
    while (s >= 1 && s <= this.lastSeq) {
      const run = this.runAt(s);
      if (run === undefined) return s;
      s = dir > 0 ? run[1] + 1 : run[0] - 1;
    }
    return undefined;
  }

  /** How many writes the lens keeps: what stepping through the recording takes. */
  kept(): number {
    return this.runs.reduce((n, [a, b]) => n - (b - a + 1), this.lastSeq);
  }

  private runAt(seq: number): readonly [number, number] | undefined {
    let lo = 0;
    let hi = this.runs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const run = this.runs[mid] as readonly [number, number];
      if (seq < run[0]) hi = mid - 1;
      else if (seq > run[1]) lo = mid + 1;
      else return run;
    }
    return undefined;
  }
}
