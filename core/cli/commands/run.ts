import { describeEstimate, estimateRun } from '../../scenario/estimate.js';
import { loadScenario } from '../../scenario/parse.js';
import { runScenario, summarize, type RunResult } from '../../scenario/runner.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';
import { checkOutputFolder, outputError } from '../output-problem.js';
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
    throw outputError(output, err, 'the rows written before are kept and the recording is marked incomplete') ?? err;
  } finally {
    bar.clear();
  }
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  const failed = result.expectations.filter((e) => !e.passed);
  for (const f of failed) {
    process.stderr.write(`expectation failed: ${f.expectation.where}: ${f.expectation.label}${f.expectation.at === 'end' ? '' : ` at ${f.expectation.at}ms`}\n`);
    for (const d of f.details) process.stderr.write(`  ${d}\n`);
  }
  warmModelCache(output);
  warmGetCaches(output, (line) => process.stderr.write(`kubelapse: ${line}\n`));
  out(summarize(result, wallNow() - started));
  return failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}
