import path from 'node:path';
import { cli } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';

/**
 * A shipped scenario (recordings/<name>.yaml) recorded, in a fresh folder of its own; the .db path.
 * A copy of the run's one recording of it (test/viewer/fixtures.ts): the same bytes `kubelapse run`
 * writes (same scenario and seed; rolling-update's files compared by sha256), without a CLI process
 * and a simulation per file that asks (~2-3 s of CPU each, eight asks in test/export and test/import).
 */
export function shippedRecording(name: string): string {
  return path.join(recordingsDir([name]), `${name}.db`);
}

/** Runs `kubelapse export` and fails with its stderr when it does not exit 0; the output file. */
export function exportTo(db: string, format: string, out: string, extra: string[] = []): { out: string; stdout: string } {
  const r = cli(['export', db, '--format', format, '-o', out, ...extra]);
  if (r.code !== 0) throw new Error(`kubelapse export --format ${format}: exit ${r.code}: ${r.stderr}`);
  return { out, stdout: r.stdout };
}
