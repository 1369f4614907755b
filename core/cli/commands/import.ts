import fs from 'node:fs';
import { ImportWriter, type ImportSummary } from '../../import/import-writer.js';
import { inputKindOf, type InputKind } from '../../import/input-kind.js';
import { unreadFormatOf } from '../../import/unread-format.js';
import { ImportInputError, readInputs, type InputReader } from '../../import/read-inputs.js';
import { Recording } from '../../record/recording.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from '../exit.js';
import { ProgressBar } from '../progress.js';

export interface ImportOptions {
  output?: string;
  keepSecrets?: boolean;
  quiet?: boolean;
  force?: boolean;
}

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`): string => `${n(x)} ${x === 1 ? one : many}`;

/**
 * The summary line: "imported 4,211 writes (12 partial), 3 failed requests as markers,
 * 2 lines skipped: a.log:17 not JSON, a.log:90 truncated; 3,977 causes inferred; start
 * 2024-01-01T01:00:00.000Z".
 */
export function summaryLine(s: ImportSummary, output: string): string {
  const parts = [`imported ${plural(s.events, 'write')}${s.partial > 0 ? ` (${n(s.partial)} partial)` : ''}`];
  if (s.failures > 0) parts.push(`${plural(s.failures, 'failed request')} as markers`);
  let line = parts.join(', ');
  if (s.skipped > 0) {
    const shown = s.skippedShown.map((k) => `${k.source.file}:${k.source.line} ${k.why}`).join(', ');
    line += `, ${plural(s.skipped, 'line')} skipped: ${shown}${s.skipped > s.skippedShown.length ? ', ...' : ''}`;
  }
  return `${line}; ${plural(s.inferred, 'cause')} inferred; start ${s.startTime || '-'} -> ${output}`;
}

/**
 * `kubelapse import <files or folders...> -o incident.db`: reads audit logs or a k8shark
 * capture and writes a recording. It is written beside the output as `<output>.importing`
 * and renamed at the end, so an import that finds nothing (or fails) leaves no half file
 * and never replaces the output it was refused.
 */
export async function importCommand(inputs: string[], opts: ImportOptions, out: (line: string) => void, readers?: Partial<Record<InputKind, InputReader>>): Promise<number> {
  const output = opts.output;
  if (output === undefined || output === '') throw new UsageError('import: name the recording to write with -o <file.db>');
  if (inputs.length === 0) throw new UsageError('import: name the audit logs, folders or .kshrk archive to read');
  for (const p of inputs) if (!fs.existsSync(p)) throw new UsageError(`import: no such file or folder: ${p}`);
  for (const p of inputs) {
    const format = unreadFormatOf(p);
    if (format !== undefined) throw new UsageError(`import: ${p} is ${format}, which import does not read: it reads audit logs (JSON lines, a JSON array, .gz, folders of them) and k8shark captures (.kshrk)`);
  }
  if (fs.existsSync(output) && !opts.force) throw new UsageError(`import: ${output} exists: refusing to replace it (add --force)`);
  if (fs.existsSync(output) && fs.statSync(output).size > 0 && !Recording.isRecording(output)) throw new UsageError(`import: refusing to overwrite ${output}: it is not a kubelapse recording`);
  // A recording another process has open (`live`, a run, a viewer following it) is not
  // replaced under it, now nor at the rename below (an import can take minutes).
  // Its partial file too: a re-run of `kubelapse run` writing beside it would rename its file over this import when it ends.
  Recording.refuseIfInUse(output);
  const kinds = new Set(inputs.map(inputKindOf));
  if (kinds.size > 1) throw new UsageError('import: cannot mix audit logs and k8shark archives in one import: import each into its own recording');
  const kind = [...kinds][0] as InputKind;
  if (kind === 'k8shark' && inputs.length > 1) throw new UsageError(`import: one k8shark archive at a time (got ${inputs.length}): each is its own cluster's timeline`);

  const partPath = `${output}.importing`;
  const writer = ImportWriter.create(partPath, { sources: inputs, kind, keepSecrets: opts.keepSecrets === true });
  const bar = new ProgressBar(process.stderr, !opts.quiet && Boolean(process.stderr.isTTY));
  let summary: ImportSummary;
  let readerSays: string | null | undefined;
  try {
    readerSays = (await readInputs(kind, inputs, {
      write: (w) => void writer.add(w),
      failure: (f) => writer.addFailure(f),
      skipped: (s) => writer.skipped(s),
      progress: (done, total) => bar.update('import', done, total, `${n(writer.count)} writes`, 'bytes'),
    }, readers))?.message;
    bar.clear();
    summary = writer.close({ complete: true });
  } catch (err) {
    bar.clear();
    try {
      writer.close({ complete: false });
    } catch {
      // the reader's error is the one to report
    }
    removePart(partPath);
    if (err instanceof ImportInputError) throw new UsageError(`import: ${err.message}`);
    throw err;
  }
  if (summary.events === 0 && summary.failures === 0) {
    removePart(partPath);
    const why = summary.skipped > 0 ? `${plural(summary.skipped, 'line')} skipped (${summary.skippedShown.map((k) => `${k.source.file}:${k.source.line} ${k.why}`).join(', ')})` : (readerSays ?? 'no completed writes (only reads, or empty)');
    process.stderr.write(`kubelapse: import: nothing importable in ${inputs.join(', ')}: ${why}\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    Recording.refuseIfInUse(output);
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; the import is kept in ${partPath}`);
  }
  fs.renameSync(partPath, output);
  const gap = summary.widestGap;
  if (gap.ms >= GAP_WARNING_MS) {
    // One cluster's audit log has writes every few seconds (every node's lease every 10 s):
    // a day with none is most likely two clusters' or two eras' logs in one import (a new
    // user's folder of 2018 and 2024 logs made one recording 5 years long, silently).
    process.stderr.write(`kubelapse: import: warning: ${gapText(gap.ms)} with no write, from ${gap.from} to ${gap.to}: are these the logs of one cluster? the recording's time axis spans the gap; import each set on its own if not\n`);
  }
  if (!opts.quiet) out(summaryLine(summary, output));
  return EXIT_OK;
}

/** A stretch between two writes worth a warning: a day (see the warning's comment). */
const GAP_WARNING_MS = 24 * 3_600_000;

/** 86,400,000 ms -> "1 day", 190,000,000,000 ms -> "5 years 7 days" (years of 365 days: a warning, not a calendar). */
function gapText(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const years = Math.floor(days / 365);
  const rest = days - years * 365;
  return years > 0 ? `${plural(years, 'year')}${rest > 0 ? ` ${plural(rest, 'day')}` : ''}` : plural(days, 'day');
}

function removePart(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal', '-reserve']) fs.rmSync(path + suffix, { force: true });
}
