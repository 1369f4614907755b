import fs from 'node:fs';
import Database from 'better-sqlite3';
import { Recording, RecordingError } from './recording.js';
import { OBJECT_INDEX_SQL } from './schema.js';
import { walBytes } from './wal-bytes.js';

/** What `indexRecording` did. */
export interface IndexResult {
  /** events_object was missing and is now built. */
  built: boolean;
  /** The recording's events (its last seq: seqs start at 1 with no gap). */
  events: number;
  /** A non-empty -wal was beside the file and is now folded back into it. */
  folded: boolean;
}

/**
 * A failure of `indexRecording` after the file was found to be a recording: the SQLite
 * error's code (SQLITE_BUSY, SQLITE_FULL, SQLITE_READONLY ...) and the step it stopped at.
 * Either way the recording is as it was: CREATE INDEX is one transaction, rolled back on
 * failure, and a checkpoint cut short leaves every page it was copying in the -wal.
 */
export class IndexBuildError extends RecordingError {
  constructor(
    message: string,
    readonly code: string,
    readonly step: 'index' | 'fold',
  ) {
    super(message);
  }
}

/**
 * Builds events_object in a recording that lacks it (a `kubelapse run` killed before its
 * seal, or sealed on a disk with no room for it) and folds a -wal left beside it back
 * into the one file. Only CREATE INDEX and a checkpoint: no row, no meta key, so the
 * hash chain and the seal (or its absence) are what they were.
 *
 * The connection takes SQLite's lock in EXCLUSIVE mode before it reads anything, with no
 * busy wait: a process that has the file open (a `run` or `live` still writing it, a
 * viewer reading it) holds the WAL's shared memory, so the lock fails at once with
 * SQLITE_BUSY, also between that process's transactions, where a plain BEGIN IMMEDIATE
 * would succeed and build the index under a run that is still appending.
 */
export function indexRecording(path: string): IndexResult {
  // Refuses a missing file or one that is not a recording, in Recording.open's words.
  const probe = Recording.open(path, { readonly: true });
  let indexed: boolean;
  let events: number;
  try {
    indexed = probe.hasObjectIndex();
    events = probe.lastSeq();
  } finally {
    probe.close();
  }
  const wal = walBytes(path);
  if (indexed && wal === 0) return { built: false, events, folded: false };
  try {
    // SQLite opens a file it may not write read-only without a word, and the build then
    // fails as "a read-only file system" or SQLITE_IOERR_LOCK: ask the kernel first.
    fs.accessSync(path, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
    throw new IndexBuildError(`cannot open recording ${path} for writing: ${code === 'EROFS' ? 'a read-only file system' : 'the file is read-only (permission denied)'}`, code, indexed ? 'fold' : 'index');
  }
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 0 });
  } catch (err) {
    throw new IndexBuildError(`cannot open recording ${path} for writing: ${(err as Error).message}`, (err as { code?: string }).code ?? 'SQLITE_CANTOPEN', indexed ? 'fold' : 'index');
  }
  let step: 'index' | 'fold' = indexed ? 'fold' : 'index';
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    if (!indexed) {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(OBJECT_INDEX_SQL);
        db.exec('COMMIT');
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    }
    step = 'fold';
    // busy = 1 (a reader came in) cannot happen under the exclusive lock; a full disk throws.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'SQLITE_ERROR';
    throw new IndexBuildError(`cannot ${step === 'index' ? 'build the object index of' : 'fold the -wal back into'} recording ${path}: ${(err as Error).message}`, code, step);
  } finally {
    db.close();
  }
  // Left by the process that wrote the file (this connection used no shared memory).
  if (walBytes(path) === 0) for (const suffix of ['-wal', '-shm']) fs.rmSync(path + suffix, { force: true });
  return { built: !indexed, events, folded: wal > 0 };
}
