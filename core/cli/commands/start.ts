import fs from 'node:fs';
import path from 'node:path';
import { Recording } from '../../record/recording.js';
import { writtenAt } from '../../record/partial-path.js';
import { sayStalePartial } from './run.js';
import { recordingEndMs } from '../../replay/end-time.js';
import { loadScenario } from '../../scenario/parse.js';
import { runScenario, summarize } from '../../scenario/runner.js';
import { describeEstimate, estimateRun } from '../../scenario/estimate.js';
import { formatDuration } from '../../scenario/duration.js';
import { formatTable } from '../../printers/tables.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';
import { checkOutputFolder, outputError } from '../output-problem.js';
import { ProgressBar } from '../progress.js';
import { wallNow } from '../wall-clock.js';
import { GENERATOR } from '../../version.js';
import { warmModelCache } from '../../../viewer/server/model/model-cache.js';
import { warmGetCaches } from '../warm-get.js';

export interface StartOptions {
  dir?: string;
  force?: boolean;
}

/** What a recording of the scenario as it stands says in its meta (ScenarioSession writes these). */
export interface ExpectedMeta {
  name: string;
  seed: number;
  epoch: string;
}

/**
 * Why a scenario needs recording again: no recording, an older scenario or manifest
 * than the file, an incomplete run, one made by another kubelapse version, or one made
 * from another scenario or with another seed or epoch (`run web.yaml --seed 12`: its pod
 * names are not the ones the README shows, and the mtimes alone cannot tell).
 */
export function staleReason(scenarioFile: string, dbFile: string, inputs: readonly string[], expected?: ExpectedMeta): string | undefined {
  if (!fs.existsSync(dbFile)) return 'no recording yet';
  const dbTime = fs.statSync(dbFile).mtimeMs;
  for (const f of [scenarioFile, ...inputs]) {
    if (fs.existsSync(f) && fs.statSync(f).mtimeMs > dbTime) return `${path.basename(f)} changed`;
  }
  try {
    const rec = Recording.open(dbFile, { readonly: true });
    const meta = rec.meta();
    rec.close();
    if (meta.complete !== '1') return 'last run did not complete';
    if (meta.generator !== GENERATOR) return `made by ${meta.generator ?? 'another version'}`;
    if (expected !== undefined) {
      if (meta.name !== expected.name) return `made from scenario ${meta.name ?? '(none)'}, not ${expected.name}`;
      if (meta.seed !== String(expected.seed)) return `recorded with seed ${meta.seed ?? '(none)'}, the scenario's is ${expected.seed}`;
      if (meta.epoch !== expected.epoch) return `recorded from epoch ${meta.epoch ?? '(none)'}, the scenario's is ${expected.epoch}`;
    }
  } catch {
    return 'unreadable recording';
  }
  return undefined;
}

/** `npm start`: record every shipped scenario that needs it, then list what is there. */
export function startCommand(opts: StartOptions, out: (line: string) => void): number {
  const dir = opts.dir ?? 'recordings';
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`no such folder of scenarios: ${dir}`);
  const scenarios = fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (scenarios.length === 0) throw new UsageError(`no scenarios (*.yaml) in ${dir}`);
  checkOutputFolder(path.join(dir, 'recording.db'), `recordings in ${dir}`);
  let failures = 0;
  const rows: string[][] = [];
  for (const f of scenarios) {
    const file = path.join(dir, f);
    const db = path.join(dir, f.replace(/\.ya?ml$/i, '.db'));
    let scenario;
    try {
      scenario = loadScenario(file);
    } catch (err) {
      // One broken scenario should not keep the others from being recorded.
      failures++;
      process.stderr.write(`${(err as Error).message}\n`);
      continue;
    }
    const why = opts.force ? 'forced' : staleReason(file, db, scenario.inputs, scenario);
    if (why !== undefined) {
      const estimate = describeEstimate(estimateRun(scenario));
      if (estimate !== undefined) process.stderr.write(`${scenario.name}: ${estimate}\n`);
      const bar = new ProgressBar();
      const started = wallNow();
      try {
        // Written in place (nothing at db): an earlier re-run's .partial is stale once it is whole.
        const inPlace = !writtenAt(db).replacing;
        const r = runScenario(scenario, { output: db, meta: { generator: GENERATOR }, onProgress: (p) => bar.update(scenario.name, p.timeMs, p.durationMs, `${p.events} events`) });
        if (inPlace) {
          sayStalePartial(db, (line) => {
            bar.clear();
            process.stderr.write(`${scenario.name}: ${line}\n`);
          });
        }
        warmModelCache(db);
        warmGetCaches(db, (line) => {
          bar.clear();
          process.stderr.write(`${scenario.name}: ${line}\n`);
        });
        bar.clear();
        out(`recorded (${why}): ${summarize(r, wallNow() - started)}`);
        for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
        const failed = r.expectations.filter((e) => !e.passed);
        for (const e of failed) process.stderr.write(`expectation failed: ${e.expectation.where}: ${e.expectation.label}: ${e.details.join('; ')}\n`);
        if (failed.length > 0) failures++;
      } catch (err) {
        bar.clear();
        failures++;
        process.stderr.write(`${(outputError(db, err, 'the rows written before are kept') ?? (err as Error)).message}\n`);
      }
    }
    if (fs.existsSync(db)) {
      try {
        const rec = Recording.open(db, { readonly: true });
        const meta = rec.meta();
        rows.push([meta.name ?? f, meta.title ?? '', String(rec.count()), formatDuration(recordingEndMs(rec, meta)), meta.complete === '1' ? 'yes' : 'no']);
        rec.close();
      } catch (err) {
        rows.push([f, (err as Error).message, '', '', 'no']);
      }
    }
  }
  out('');
  out(formatTable(['RECORDING', 'TITLE', 'EVENTS', 'DURATION', 'COMPLETE'], rows));
  out('');
  // One command a line: joined on one line by " | " they read as a shell pipe.
  out('To look into one in a terminal:');
  out(`  npx kubelapse events ${dir}/<name>.db`);
  out(`  npx kubelapse get ${dir}/<name>.db pods --at 30s`);
  out(`  npx kubelapse why ${dir}/<name>.db <seq>`);
  return failures > 0 ? EXIT_FAILED : EXIT_OK;
}
