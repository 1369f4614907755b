import { performance } from 'node:perf_hooks';

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
