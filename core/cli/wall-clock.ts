import { performance } from 'node:perf_hooks';
import { parseEpoch, type EpochMs } from '../sim/time.js';

/**
 * The only wall-clock reader under core/: the CLI times runs for its summary line and
 * paces its progress bar. Nothing here reaches a recording, so runs stay repeatable
 * (test/lint/no-wall-clock.test.ts enforces that this file is the exception).
 */
export function wallNow(): number {
  return performance.now();
}

export function wallIso(): string {
  return new Date(performance.timeOrigin + performance.now()).toISOString();
}

/**
 * Now on the calendar, for `kubelapse record`: a watch event carries no time, so when
 * this process received it is the write's time (its real start goes to meta.start_time).
 */
export function wallEpoch(): EpochMs {
  return parseEpoch(wallIso()) as EpochMs;
}

/** Resolves after `ms` of wall time (retry backoff of a real cluster's watch). */
export function wallSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Calls `fn` every `ms` of wall time until the returned stop is called (record's flush). */
export function wallEvery(ms: number, fn: () => void): () => void {
  const timer = setInterval(fn, ms);
  return () => clearInterval(timer);
}

/** Calls `fn` once after `ms` of wall time unless the returned cancel is called first (--duration). */
export function wallAfter(ms: number, fn: () => void): () => void {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
}
