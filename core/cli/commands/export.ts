import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat, ExportOptions } from '../../export/export-format.js';
import { FORMATS, findFormat } from '../../export/formats.js';
import { Recording } from '../../record/recording.js';
import { UsageError, EXIT_OK } from '../exit.js';
import { checkOutputFolder, outputProblem } from '../output-problem.js';
import { ProgressBar } from '../progress.js';
import { windowWithin } from '../moment.js';
import { timeArg } from '../time-arg.js';
import { wallNow } from '../wall-clock.js';

export interface ExportCommandOptions {
  format?: string;
  output?: string;
  from?: string;
  to?: string;
  speed?: string;
  force?: boolean;
  quiet?: boolean;
}

/** The --help lines naming each registered format: "  perfetto  Chrome Trace Event JSON ...". */
export function formatsHelp(): string {
  const width = Math.max(...FORMATS.map((f) => f.name.length));
  return FORMATS.map((f) => `  ${f.name.padEnd(width)}  ${f.description} (${f.extension})`).join('\n');
}

/** Where `kubelapse export web.db --format perfetto` writes: web.perfetto.json beside the recording. */
export function defaultExportOutput(file: string, format: ExportFormat): string {
  return path.join(path.dirname(file), path.basename(file).replace(/\.db$/i, '') + format.extension);
}

export function parseFormat(name: string | undefined): ExportFormat {
  const known = FORMATS.map((f) => f.name).join(', ');
  if (name === undefined) throw new UsageError(`--format is required (one of ${known})`);
  const f = findFormat(name);
  if (f === undefined) throw new UsageError(`--format: unknown format "${name}" (known: ${known})`);
  return f;
}

export function parseSpeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0) || n > 1000) throw new UsageError(`--speed: invalid speed "${text}" (a number > 0, e.g. 0.5, 2, 10)`);
  return n;
}

/** "3.2 MB", "812 B": the size in the summary line (decimal units, like ls -h --si). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(2)} GB`;
}

/**
 * `kubelapse export <db> --format <f>`: checks every argument before anything is
 * written, writes to a hidden partial file beside the output and renames it at the end,
 * so a failed export never leaves a half file under the real name.
 */
export async function exportCommand(file: string, opts: ExportCommandOptions, out: (line: string) => void): Promise<number> {
  const format = parseFormat(opts.format);
  const fromMs = timeArg('--from', opts.from);
  const toMs = timeArg('--to', opts.to);
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw new UsageError(`--from ${opts.from} is after --to ${opts.to}`);
  }
  const speed = parseSpeed(opts.speed);
  const rec = Recording.open(file, { readonly: true });
  try {
    if (fromMs !== undefined) windowWithin('--from', opts.from as string, fromMs, rec, file);
    const output = opts.output ?? defaultExportOutput(file, format);
    if (path.resolve(output) === path.resolve(file)) throw new UsageError(`refusing to export ${file} over itself: choose another -o`);
    const existing = fs.statSync(output, { throwIfNoEntry: false });
    if (existing !== undefined && !opts.force) throw new UsageError(`refusing to overwrite ${output}: it exists (use --force)`);
    if (existing?.isDirectory()) throw new UsageError(`cannot write ${output}: it is a folder`);
    checkOutputFolder(output, `export ${output}`);
    const name = path.basename(file).replace(/\.db$/i, '');
    const bar = new ProgressBar(process.stderr, !opts.quiet && Boolean(process.stderr.isTTY));
    const partial = path.join(path.dirname(output), `.${path.basename(output)}.partial${path.extname(output)}`);
    const options: ExportOptions = {
      name,
      ...(fromMs !== undefined ? { fromMs } : {}),
      ...(toMs !== undefined ? { toMs } : {}),
      ...(speed !== undefined ? { speed } : {}),
      progress: (done, total) => bar.update(`${name} ${format.name}`, done, total, '', (n) => n.toLocaleString('en')),
    };
    const started = wallNow();
    let summary;
    try {
      summary = await format.write(rec, partial, options);
      fs.renameSync(partial, output);
    } catch (err) {
      fs.rmSync(partial, { force: true });
      const why = outputProblem(err);
      if (why !== undefined) throw new UsageError(`cannot write ${output}: ${why}`);
      throw err;
    } finally {
      bar.clear();
    }
    const seconds = (wallNow() - started) / 1000;
    out(`wrote ${output}: ${formatBytes(summary.bytes)}, ${summary.detail} in ${seconds.toFixed(1)} s`);
    return EXIT_OK;
  } finally {
    rec.close();
  }
}
