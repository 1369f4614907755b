import fs from 'node:fs';
import path from 'node:path';
import { partialPathOf } from '../../record/partial-path.js';

/**
 * The one line `get`, `describe`, `events` and `logs` print to stderr when the recording
 * they read has a newer partial file beside it (`web.db.partial`, partial-path.ts): a
 * re-run that was stopped (Ctrl-C, a kill, a full disk) or is still running left its rows
 * there and the older recording at `web.db`, which is what these commands read. Without
 * the note a user who re-ran a scenario and killed it sees the old run's state and takes
 * it for the new one. Undefined when there is no partial file or it is older than the
 * recording (a leftover from before the recording was made).
 */
export function partialNote(file: string): string | undefined {
  const partial = fs.statSync(partialPathOf(file), { throwIfNoEntry: false });
  const recording = fs.statSync(file, { throwIfNoEntry: false });
  if (partial === undefined || recording === undefined || partial.size === 0 || partial.mtimeMs <= recording.mtimeMs) return undefined;
  const name = path.basename(file);
  return `note: ${name}.partial beside it is newer (a later run that did not finish, or one still running); this reads ${name}, the earlier recording, and \`kubelapse events ${partialPathOf(file)}\` reads the other`;
}

/** partialNote to stderr, if there is one. */
export function writePartialNote(file: string): void {
  const note = partialNote(file);
  if (note !== undefined) process.stderr.write(`${note}\n`);
}
