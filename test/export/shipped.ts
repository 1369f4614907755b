import path from 'node:path';
import { cli, ROOT, tmpDir } from '../helpers.js';

/** Records a shipped scenario (recordings/<name>.yaml) into a fresh folder; the .db path. */
export function shippedRecording(name: string): string {
  const db = path.join(tmpDir('kubelapse-export-'), `${name}.db`);
  const r = cli(['run', path.join(ROOT, 'recordings', `${name}.yaml`), '-o', db]);
  if (r.code !== 0) throw new Error(`kubelapse run ${name}: ${r.stderr}`);
  return db;
}

/** Runs `kubelapse export` and fails with its stderr when it does not exit 0; the output file. */
export function exportTo(db: string, format: string, out: string, extra: string[] = []): { out: string; stdout: string } {
  const r = cli(['export', db, '--format', format, '-o', out, ...extra]);
  if (r.code !== 0) throw new Error(`kubelapse export --format ${format}: exit ${r.code}: ${r.stderr}`);
  return { out, stdout: r.stdout };
}
