import { walBytes } from '../record/wal-bytes.js';
import { outputProblem } from './output-problem.js';

/** Bytes as MB with one decimal ("11.6 MB"): the -wal of a 600-pod run. */
function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * What a run that ended on a full disk left beside its recording, as the tail of run's
 * one line: the -wal a close could not fold back (it holds committed rows: the file must
 * not travel without it) and the object index the seal had no room for. Empty when
 * neither: the recording is one file, as ever.
 */
export function leftoversOf(file: string, noIndex: boolean): string {
  const wal = walBytes(file);
  const parts: string[] = [];
  if (wal > 0) parts.push(`${mb(wal)} of its committed pages are still in ${file}-wal: keep that file beside it`);
  if (noIndex) parts.push('it has no object index (lookups by object scan the table)');
  if (parts.length === 0) return '';
  const does = [wal > 0 ? 'folds the -wal back' : '', noIndex ? 'builds the index' : ''].filter((x) => x !== '').join(' and ');
  return `; ${parts.join('; ')}; \`kubelapse index ${file}\` ${does} once the disk has room`;
}

/** Why a step of writing failed, in words (the disk is full, ...), else SQLite's message. */
export function whyFailed(err: Error): string {
  return outputProblem(err) ?? err.message;
}
