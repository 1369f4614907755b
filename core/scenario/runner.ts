import { formatDuration } from './duration.js';
import type { ExpectationResult } from './expect.js';
import { ScenarioSession } from './session.js';
import type { Scenario } from './types.js';

export { StepFailedError } from './session.js';

export interface RunOptions {
  output: string;
  /** Overrides spec.seed. */
  seed?: number;
  /** Called every virtual second with how far the run has got. */
  onProgress?: (p: { timeMs: number; durationMs: number; events: number }) => void;
  /** Extra meta rows (the CLI adds nothing time-dependent, so recordings stay identical). */
  meta?: Record<string, string>;
  /** Virtual time per progress tick. */
  tickMs?: number;
  /** Record in a worker thread, on the other core (record/append-thread.ts): the same rows and hashes. */
  recordInThread?: boolean;
}

export interface RunResult {
  output: string;
  events: number;
  durationMs: number;
  head: string;
  expectations: ExpectationResult[];
  warnings: string[];
  /** The seal's object index could not be built (Recording.sealIndexError): sealed without it. */
  indexError?: Error;
  /** The close could not fold the WAL back (Recording.foldError): the -wal holds the last pages. */
  foldError?: Error;
}

/**
 * Runs a scenario into a recording: bootstraps the cluster, fires each step at its
 * virtual time as the `kubectl` actor, checks expectations, and marks the recording
 * complete only if it got to the end. A failure leaves everything recorded so far.
 */
export function runScenario(scenario: Scenario, options: RunOptions): RunResult {
  const session = new ScenarioSession(scenario, {
    output: options.output,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.meta !== undefined ? { meta: options.meta } : {}),
    ...(options.recordInThread === true ? { recordInThread: true } : {}),
  });
  try {
    session.start(scenario.durationMs);
    const tick = options.tickMs ?? 1000;
    for (let t = 0; ; t = Math.min(t + tick, scenario.durationMs)) {
      session.advance(t, t >= scenario.durationMs);
      options.onProgress?.({ timeMs: t, durationMs: scenario.durationMs, events: session.recorder.count });
      if (t >= scenario.durationMs) break;
    }
  } catch (err) {
    // Keep every row already accepted; the file stays a valid, incomplete recording.
    session.finish(false, session.now(), err);
    throw err;
  }
  try {
    session.finish(true, scenario.durationMs);
  } catch (err) {
    // Sealed and complete, only not folded back into the one file (Recording.foldError):
    // the run's result stands, and the caller says where its last pages are.
    if (err !== session.recording.foldError) throw err;
  }
  return {
    output: options.output,
    events: session.recorder.count,
    durationMs: scenario.durationMs,
    head: session.recorder.head,
    expectations: session.results,
    warnings: session.warnings(),
    ...(session.recording.sealIndexError !== undefined ? { indexError: session.recording.sealIndexError } : {}),
    ...(session.recording.foldError !== undefined ? { foldError: session.recording.foldError } : {}),
  };
}

export function summarize(r: RunResult, wallMs: number): string {
  const failed = r.expectations.filter((e) => !e.passed).length;
  const exp = r.expectations.length === 0 ? '' : `, expectations ${r.expectations.length - failed}/${r.expectations.length} passed`;
  const warn = r.warnings.length === 0 ? '' : `, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`;
  return `${r.output}: ${r.events} events, ${formatDuration(r.durationMs)} virtual in ${(wallMs / 1000).toFixed(2)}s wall${exp}${warn}, final hash ${r.head}`;
}
