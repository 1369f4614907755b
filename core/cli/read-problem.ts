import Database from 'better-sqlite3';
import { UsageError } from './exit.js';

/**
 * Runs a command that reads a recording. A SQLite error on the way (a damaged file, a
 * copy cut short, an `events` table some other tool made) is the file's problem, not
 * kubelapse's: one line naming the file and SQLite's reason, exit 2, no stack trace.
 */
export async function readingRecordingAsync<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Database.SqliteError) throw new UsageError(`cannot read recording ${file}: ${err.message} (${err.code})`);
    throw err;
  }
}
