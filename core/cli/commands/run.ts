import fs from 'node:fs';
import { describeEstimate, estimateRun } from '../../scenario/estimate.js';
import { formatClock } from '../../scenario/duration.js';
import { loadScenario } from '../../scenario/parse.js';
import { Recording } from '../../record/recording.js';
import { writtenAt } from '../../record/partial-path.js';
import { runScenario, StepFailedError, summarize, type RunResult } from '../../scenario/runner.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';
import { leftoversOf, whyFailed } from '../disk-leftovers.js';
import { checkOutputFolder, outputError, outputProblem } from '../output-problem.js';
import { ProgressBar } from '../progress.js';
import { wallNow } from '../wall-clock.js';
import { defaultOutput } from '../run-output.js';
import { warmModelCache } from '../../../viewer/server/model/model-cache.js';
import { warmGetCaches } from '../warm-get.js';

export interface RunCommandOptions {
  output?: string;
  seed?: string;
  quiet?: boolean;
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--seed: invalid seed "${text}": a whole number >= 0`);
  return Number(text);
}

/** Whether the recording at `file` holds events_object; true when it cannot be read (nothing to add then). */
function hasObjectIndex(file: string): boolean {
  try {
    const rec = Recording.open(file, { readonly: true });
    try {
      return rec.hasObjectIndex();
    } finally {
      rec.close();
    }
  } catch {
    return true;
  }
}

/**
 * After a run wrote `output` in place, whole: an earlier re-run's `.partial` beside it is
 * removed (Recording.removeStalePartial), and said, since its rows go; one another process
 * has open is kept, and said too (docs/recording-format.md).
 */
export function sayStalePartial(output: string, say: (line: string) => void): void {
  const stale = Recording.removeStalePartial(output);
  if (stale?.removed === true) say(`removed ${stale.file}, the rows of an earlier re-run of ${output} that did not finish; ${output} is this run's recording`);
  if (stale?.removed === false) say(`kept ${stale.file}, an earlier re-run's rows beside ${output}: another process has it open`);
}

export function runCommand(file: string, opts: RunCommandOptions, out: (line: string) => void): number {
  const seed = parseSeed(opts.seed);
  const scenario = loadScenario(file);
  const output = opts.output ?? defaultOutput(file);
  checkOutputFolder(output);
  // A long or big run says so before it starts, not after minutes of silence.
  const estimate = describeEstimate(estimateRun(scenario));
  if (estimate !== undefined) process.stderr.write(`kubelapse: ${estimate}\n`);
  const bar = new ProgressBar(process.stderr, !opts.quiet && Boolean(process.stderr.isTTY));
  const started = wallNow();
  // A recording already at the output is replaced only by a whole one: until then the run
  // writes beside it (Recording.create), and a run cut short stays there.
  const { file: target, replacing } = writtenAt(output);
  const earlier = replacing ? `; ${output}, the earlier recording, is as it was` : '';
  let result: RunResult;
  try {
    result = runScenario(scenario, {
      output,
      ...(seed !== undefined ? { seed } : {}),
      // SQLite and the hash chain on the other core: 2.2x the events/s at 10,000 pods (docs/performance.md).
      recordInThread: true,
      onProgress: (p) => bar.update(scenario.name, p.timeMs, p.durationMs, `${p.events} events`),
    });
  } catch (err) {
    // A full or failing disk is the machine's problem, not kubelapse's: one line, exit 2.
    // The recorder gave up on the index after the disk filled (the seal's pages first).
    if (err instanceof StepFailedError && replacing) err.kept = { file: target, earlier: output };
    const why = outputProblem(err);
    // Create's own failure removed what it began: nothing was written, anywhere.
    if (why !== undefined && !fs.existsSync(target)) throw new UsageError(`cannot write recording ${output}: ${why}; nothing was written${earlier}`);
    const kept = replacing ? 'the rows written before are kept in it, marked incomplete' : 'the rows written before are kept and the recording is marked incomplete';
    throw outputError(target, err, `${kept}${earlier}${leftoversOf(target, !hasObjectIndex(target))}`) ?? err;
  } finally {
    bar.clear();
  }
  if (result.indexError !== undefined && result.foldError === undefined) {
    // Whole, sealed and one file: only slower to look into, so the run still succeeds.
    process.stderr.write(`kubelapse: warning: no object index in ${output} (${whyFailed(result.indexError)}): the recording is whole and sealed, and lookups by object scan the table until \`kubelapse index ${output}\` builds it\n`);
  }
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  const failed = result.expectations.filter((e) => !e.passed);
  for (const f of failed) {
    process.stderr.write(`expectation failed: ${f.expectation.where}: ${f.expectation.label}${f.expectation.at === 'end' ? '' : ` at ${formatClock(f.expectation.at)}`}\n`);
    for (const d of f.details) process.stderr.write(`  ${d}\n`);
  }
  if (result.foldError !== undefined) {
    // Every row and the seal are committed (meta complete = 1 is true), but in the -wal:
    // the .db alone is not the recording, and a script that goes on to copy or mail it
    // would take a file missing its last pages. So not 0, but 2 as for any full disk
    // (the machine's problem), after the summary: the run itself is whole.
    out(summarize(result, wallNow() - started));
    throw new UsageError(`cannot fold ${output}-wal back into ${output}: ${whyFailed(result.foldError)}; the recording is whole and sealed (complete)${leftoversOf(output, result.indexError !== undefined)}`);
  }
  if (!replacing) sayStalePartial(output, (line) => process.stderr.write(`kubelapse: ${line}\n`));
  warmModelCache(output);
  warmGetCaches(output, (line) => process.stderr.write(`kubelapse: ${line}\n`));
  out(summarize(result, wallNow() - started));
  return failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}
