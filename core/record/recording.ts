import fs from 'node:fs';
import nodePath from 'node:path';
import Database from 'better-sqlite3';
import {
  FORMAT,
  LIGHT_INDEX,
  OBJECT_INDEX,
  OBJECT_INDEX_SQL,
  PAGE_SIZE,
  READABLE_SCHEMA_VERSIONS,
  SCHEMA_SQL,
  SCHEMA_SQL_BEFORE_SEAL,
  SCHEMA_VERSION,
  type AnnotationRow,
  type EventRow,
  type InferredCauseRow,
  type LogRow,
  type MarkerRow,
  type ProvenanceRow,
  type TrafficRow,
} from './schema.js';
import { heldByAProcess } from './file-locks.js';
import { partialPathOf, writtenAt } from './partial-path.js';
import { inWalMode, readOnlyWalProblem } from './read-only-wal.js';

/** What an import adds beside its events, in the same transaction (schema_version 4). */
export interface ImportRows {
  inferred: readonly InferredCauseRow[];
  provenance: readonly ProvenanceRow[];
}

/**
 * A file kept beside a recording while it is written (`run.db-reserve`, 256 KiB, gone at
 * close): when rows fill the disk it is deleted, which leaves room for the last meta
 * writes (complete = 0, meta.error, the seal). Those take a few 4 KiB WAL pages.
 */
const RESERVE_SUFFIX = '-reserve';
const RESERVE_BYTES = 256 * 1024;

export interface CreateOptions {
  /**
   * When events_object (kind, namespace, name) is made: 'eager' (the default) with the
   * tables, kept row by row; 'at-seal' once, when the recorder seals the recording
   * (buildSealIndexes), ~4.5x the append rate at 100,000 pods (schema.ts OBJECT_INDEX_SQL).
   * 'at-seal' is for a recording nobody queries by object while it is written: `kubelapse
   * run`. A live session keeps 'eager' (the viewer follows its file as it grows), and an
   * import or a `record` too, as a precaution (docs/recording-format.md).
   */
  objectIndex?: 'eager' | 'at-seal';
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

export interface EventQuery {
  fromSeq?: number;
  toSeq?: number;
  fromTime?: number;
  toTime?: number;
  kind?: string;
  namespace?: string;
  name?: string;
  actor?: string;
  reason?: string;
  /** Case-insensitive substring of the object's name / the reason: the viewer's live log filters ("web" finds web-7d4b9-x2x). */
  nameContains?: string;
  reasonContains?: string;
  limit?: number;
  offset?: number;
  /** 'desc' pages backwards from the newest match: "the 25 events before seq 400". */
  order?: 'asc' | 'desc';
}

type RawEvent = [number, number, string, string | null, string, string, string | null, string, string, number, string, number | null, string | null, string | null, string, string];

const COLUMNS =
  'seq, time_ms, verb, subresource, api_version, kind, namespace, name, uid, resource_version, actor, cause_seq, reason, message, object, hash';

/** The recorder's inserts, shared with the append worker (append-worker.ts), which has its own connection. */
export const INSERT_SQL = {
  event: `INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  /**
   * The append worker's: the object bound as its UTF-8 bytes (a Buffer, which SQLite takes
   * as a BLOB) and made TEXT by the CAST, which reinterprets the same bytes in the database's
   * encoding (UTF-8): the row holds the TEXT value the string would have given (the same
   * typeof, length() and bytes; test/record/thread-recorder.test.ts), without decoding the
   * ~4.7 kB of a pod's JSON into a JS string and better-sqlite3 encoding it back.
   */
  eventBytes: `INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?)`,
  marker: 'INSERT INTO markers (time_ms, seq, kind, title, body) VALUES (?, ?, ?, ?, ?)',
  log: 'INSERT INTO logs (id, seq_after, time_ms, namespace, pod, pod_uid, container, restart, stream, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
};

function toRow(r: RawEvent): EventRow {
  return {
    seq: r[0], timeMs: r[1], verb: r[2], subresource: r[3], apiVersion: r[4], kind: r[5], namespace: r[6], name: r[7],
    uid: r[8], resourceVersion: r[9], actor: r[10], causeSeq: r[11], reason: r[12], message: r[13], object: r[14], hash: r[15],
  };
}

/**
 * Refuses to replace `file` (the recording at `path`, or its partial) while another process
 * has it open, before anything is removed: a `live` or a run writing it, a viewer following
 * a WAL file, which hold SQLite's locks on it also between their transactions. A sealed
 * file (journal_mode DELETE) read by a viewer holds no lock between reads: replacing it is
 * safe, since the viewer keeps its open file.
 *
 * Asked of the kernel's lock table where there is one (heldByAProcess), which leaves a
 * killed run's file, its -wal and -shm byte for byte as they were. Elsewhere, as `kubelapse
 * index` does (object-index.ts): SQLite's lock in EXCLUSIVE mode with no busy wait, which
 * fails at once with SQLITE_BUSY while another process holds the file; closing that
 * connection folds a killed run's -wal back into its file (the same rows, other bytes).
 */
function refuseIfOpen(path: string, file: string): void {
  const refuse = (): never => {
    const whose = file === path ? 'it' : file;
    throw new RecordingError(`cannot write recording ${path}: another process has ${whose} open (a run or \`live\` writing it, or a viewer reading it); it is left as it is`);
  };
  if (inUse(file)) refuse();
}

/**
 * Whether another process has `file` open: see refuseIfOpen. From the kernel's lock table
 * where there is one (heldByAProcess), else from SQLite's exclusive lock with no busy wait.
 */
function inUse(file: string): boolean {
  const held = heldByAProcess(file);
  if (held !== undefined) return held;
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
  } catch {
    return false; // Gone meanwhile, or unopenable: create's own open says why.
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return false;
  } catch (err) {
    return isBusy(err);
  } finally {
    db.close();
  }
}

/**
 * SQLite's busy answer, with its extended codes: SQLITE_BUSY_RECOVERY (another connection
 * is rebuilding the WAL index of a killed run's -wal), SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT.
 * Each means another process is at the file, as plain SQLITE_BUSY does.
 */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The files SQLite and create keep beside a recording: a dead run's are removed before a new one is begun there. */
const SIDE_FILES = ['-wal', '-shm', '-journal', RESERVE_SUFFIX];

function clear(file: string, suffixes: readonly string[]): void {
  for (const suffix of suffixes) fs.rmSync(file + suffix, { force: true });
}

/** The refusal of a run that found its file begun by another at the same time: nothing of the other's is removed. */
class ClaimLost extends RecordingError {
  constructor(path: string, file: string) {
    super(`cannot write recording ${path}: another process began writing ${file === path ? 'it' : file} at the same time; it is left as it is`);
  }
}

/**
 * Makes `file` this process's to write, or refuses: two runs of one output started at the
 * same instant both find nothing there, and both would write it. The file is opened where
 * it is (never removed first: it may be the other run's), put in WAL mode, and taken with
 * SQLite's write lock with no busy wait before anything of the recording is written; the
 * one that holds it finds no tables, and the other either fails to take the lock
 * (SQLITE_BUSY) or takes it after the first committed its tables and finds them. WAL mode
 * first: from there the file's first page says WAL and the winner's connection holds
 * SQLite's WAL locks for as long as it writes, which is what refuseIfOpen sees; tables
 * written in rollback mode first would sit unlocked until the switch, and a third run would
 * take them for a killed run's file. Returns with the transaction open, which create fills
 * with the schema and commits. A dead run's -wal beside an empty file is SQLite's to drop
 * (it deletes the -wal of a database of no pages when it first reads it).
 */
function claim(db: Database.Database, path: string, file: string): true {
  const lost = (): never => {
    throw new ClaimLost(path, file);
  };
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new RecordingError(`cannot write recording ${path}: ${file} stays in journal mode ${String(mode)}, not wal`);
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    if (isBusy(err)) lost();
    throw err;
  }
  let tables: number;
  try {
    tables = db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() as number;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  if (tables > 0) {
    db.exec('ROLLBACK');
    lost();
  }
  return true;
}

/**
 * Whether `path` is an SQLite database with no tables: a file another run has just put in
 * WAL mode and not yet filled (claim), never a recording. Create refuses it as a run begun
 * at the same time rather than as "not a kubelapse recording".
 */
function isBegunDatabase(path: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() === 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Whether `file`, an SQLite database with no tables (isBegunDatabase), is a dead run's: in
 * WAL mode (its header's read and write versions, bytes 18-19, are 2, as claim's switch
 * leaves them) and held by no process. That is a run killed between its switch to WAL and
 * its first COMMIT: it holds no rows, so a new run takes it over instead of refusing it
 * forever as "begun at the same time". A live run in that window holds SQLite's WAL locks
 * (claim), so inUse answers true and it is refused as before. An empty rollback-mode
 * database is not kubelapse's: never taken over.
 */
function deadBegun(file: string): boolean {
  return inWalMode(file) && !inUse(file);
}

function insertAnnotation(db: Database.Database, a: AnnotationRow): number {
  const r = db.prepare('INSERT INTO annotations (time_ms, seq, author, text, created_at) VALUES (?, ?, ?, ?, ?)').run(a.timeMs, a.seq, a.author, a.text, a.createdAt);
  return Number(r.lastInsertRowid);
}

/**
 * A recording file: the narrow interface everything else uses instead of SQL. Opened
 * read-write to record (WAL, one transaction per batch) or read-only to replay.
 */
export class Recording {
  private readonly insertBatch: ((rows: readonly EventRow[], markers: readonly MarkerRow[], logs: readonly LogRow[], imported: ImportRows | undefined) => void) | undefined;
  /** Whether buildSealIndexes has run its CREATE INDEX here (close does not try it twice). */
  private sealIndexesTried = false;
  /**
   * Why the seal's CREATE INDEX failed (a disk with room for the rows and the seal, not for
   * the index's ~40 bytes a row): the recording is whole and sealed without it, and
   * `kubelapse index` builds it later. `run` says so (commands/run.ts).
   */
  sealIndexError: Error | undefined;
  /**
   * Why close() could not fold the WAL back (a disk too full for the checkpoint to copy
   * the pages into the .db): every committed row, the seal included, is in the -wal, which
   * SQLite reads on the next open; the file alone is not the recording until a writable
   * open (`kubelapse index`) folds it back.
   */
  foldError: Error | undefined;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly readonly: boolean,
    /** The older recording's path this one is renamed over at close (create); undefined when written in place. */
    readonly replaces?: string,
  ) {
    if (!readonly) {
      const stmt = db.prepare(INSERT_SQL.event);
      const marker = db.prepare(INSERT_SQL.marker);
      // A recording opened for writing is always a new one (create), so it has the logs table.
      const log = db.prepare(INSERT_SQL.log);
      const inferred = db.prepare('INSERT INTO inferred_causes (seq, cause_seq, rule, delay_ms) VALUES (?, ?, ?, ?)');
      const provenance = db.prepare('INSERT INTO provenance (seq, file, line, source_id, level, partial, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
      this.insertBatch = db.transaction((rows: readonly EventRow[], markers: readonly MarkerRow[], logs: readonly LogRow[], imported: ImportRows | undefined) => {
        for (const e of rows) {
          stmt.run(e.seq, e.timeMs, e.verb, e.subresource, e.apiVersion, e.kind, e.namespace, e.name, e.uid, e.resourceVersion, e.actor, e.causeSeq, e.reason, e.message, e.object, e.hash);
        }
        for (const m of markers) marker.run(m.timeMs, m.seq, m.kind, m.title, m.body);
        for (const l of logs) log.run(l.id, l.seqAfter, l.timeMs, l.namespace, l.pod, l.podUid, l.container, l.restart, l.stream, l.line);
        for (const c of imported?.inferred ?? []) inferred.run(c.seq, c.causeSeq, c.rule, c.delayMs);
        for (const p of imported?.provenance ?? []) provenance.run(p.seq, p.file, p.line, p.sourceId, p.level, p.partial ? 1 : 0, p.note);
      });
    }
  }

  /**
   * Creates a new recording. An older recording at `path` is replaced, but only when the
   * new one closes: until then it is written beside it (partialPathOf: `web.db.partial`)
   * and renamed over it at close, so a re-run stopped before (Ctrl-C, a kill, a crash)
   * leaves the older recording whole and its own rows in the partial file. With nothing at
   * `path` it is written there directly. Any other file is refused, so a slip like
   * `-o web.yaml` can never destroy a scenario, and so is a recording another process has
   * open (a `live` or a run still writing it, a viewer following it): that process's file
   * would be unlinked under it, and its later writes would go nowhere.
   */
  static create(path: string, meta: Record<string, string>, options: CreateOptions = {}): Recording {
    const dir = nodePath.dirname(nodePath.resolve(path));
    if (!fs.existsSync(dir)) throw new RecordingError(`cannot create recording ${path}: no such folder ${dir}`);
    const existing = fs.statSync(path, { throwIfNoEntry: false });
    if (existing !== undefined) {
      if (!existing.isFile()) throw new RecordingError(`cannot create recording ${path}: it is not a file`);
      if (existing.size > 0 && !Recording.isRecording(path)) {
        if (isBegunDatabase(path)) {
          if (!deadBegun(path)) throw new ClaimLost(path, path);
          clear(path, ['', ...SIDE_FILES]);
        } else {
          throw new RecordingError(`refusing to overwrite ${path}: it is not a kubelapse recording`);
        }
      }
      if (fs.existsSync(path) && existing.size > 0) refuseIfOpen(path, path);
    }
    const { file, replacing } = writtenAt(path);

    if (replacing) {
      // A killed re-run's rows, or a run of the same output still writing them.
      const partial = fs.statSync(file, { throwIfNoEntry: false });
      if (partial !== undefined && partial.isFile() && partial.size > 0 && !Recording.isRecording(file) && isBegunDatabase(file)) {
        if (!deadBegun(file)) throw new ClaimLost(path, file);
        clear(file, ['', ...SIDE_FILES]);
      } else if (partial !== undefined && (!partial.isFile() || (partial.size > 0 && !Recording.isRecording(file)))) {
        throw new RecordingError(`refusing to overwrite ${file}: it is not a kubelapse recording`);
      }
      if (partial !== undefined && partial.size > 0) {
        refuseIfOpen(path, file);
        // A killed re-run's rows (no process holds them), which this run replaces. An
        // empty one is left to the claim below: it may be a re-run of the same output that
        // began a moment ago.
        clear(file, ['', ...SIDE_FILES]);
      }
    }
    let db: Database.Database | undefined;
    let claimed = false;
    try {
      // No busy wait: a process that holds the file is the one that began it first.
      db = new Database(file, { timeout: 0 });
      // Before anything is written: a file's page size is set by its first page (schema.ts).
      db.pragma(`page_size = ${PAGE_SIZE}`);
      claimed = claim(db, path, file);
      // The schema and the meta in one transaction, the claim's: a reader that opens the
      // file meanwhile (the viewer following `kubelapse live`, a test's poll) sees no
      // tables or a whole recording, never tables without their meta.format ("not a
      // kubelapse recording").
      db.exec(options.objectIndex === 'at-seal' ? SCHEMA_SQL_BEFORE_SEAL : SCHEMA_SQL);
      const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      for (const [k, v] of Object.entries({ format: FORMAT, schema_version: SCHEMA_VERSION, complete: '0', ...meta })) put.run(k, v);
      db.exec('COMMIT');
      // As any writer: a reader's lock (a viewer following the file) is waited for.
      db.pragma('busy_timeout = 5000');
      // NORMAL: a committed batch survives a killed process; only a power cut could lose the last one.
      db.pragma('synchronous = NORMAL');
    } catch (err) {
      // No recording was begun (a full disk, a refusing file system): no empty file is left
      // for `verify` to call "not a kubelapse recording", and an older recording at `path`
      // was never touched. The caller tells this from a run cut short by the missing file.
      // A claim lost to another run removes nothing: the file is that run's, as it is
      // whenever another process holds it.
      db?.close();
      // The full in-use check, not the lock table alone: where there is none (macOS) or it
      // cannot tell (btrfs, file-locks.ts) a file that may be another run's is never removed.
      if (claimed || (!(err instanceof ClaimLost) && !inUse(file))) clear(file, ['', ...SIDE_FILES]);
      throw err;
    }
    const rec = new Recording(db, file, false, replacing ? path : undefined);
    try {
      fs.writeFileSync(file + RESERVE_SUFFIX, Buffer.alloc(RESERVE_BYTES));
    } catch {
      // No room even for the reserve: the recording goes on without one.
    }
    return rec;
  }

  /**
   * Refuses, with a RecordingError naming `path`, when another process has `file` (the
   * recording at `path`, or the file written in its place) open: see refuseIfOpen. For a
   * command that replaces a recording itself (`import --force` renames its file over it).
   */
  static refuseIfOpen(path: string, file = path): void {
    refuseIfOpen(path, file);
  }

  /** refuseIfOpen for the recording at `path` and for its partial file, each when it exists. */
  static refuseIfInUse(path: string): void {
    for (const file of [path, partialPathOf(path)]) if (fs.existsSync(file)) refuseIfOpen(path, file);
  }

  /**
   * After a recording was written in place at `path` (nothing was there) and closed whole:
   * the `<path>.partial` an earlier re-run of the same output left when it was stopped, if
   * there is one. Never removed: kubelapse told the user its rows were "kept in
   * web.db.partial", and a run of any scenario to that path is no reason to drop them.
   * Undefined when there is none (or it is not a recording, which is not kubelapse's to
   * describe), else the file, whether another process has it open (a re-run still writing
   * it), its events (undefined when they cannot be read without writing, e.g. a killed run's
   * -wal with no -shm) and whether it is complete (meta.complete = 1). Only read: a
   * read-only connection neither checkpoints nor truncates a leftover -wal.
   */
  static stalePartial(path: string): { file: string; inUse: boolean; events: number | undefined; complete: boolean } | undefined {
    const file = partialPathOf(path);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile() || (st.size > 0 && !Recording.isRecording(file))) return undefined;
    if (inUse(file)) return { file, inUse: true, events: undefined, complete: false };
    let events: number | undefined;
    let complete = false;
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        // seq is the rowid and starts at 1 with no gaps (recorder.ts): MAX is a B-tree
        // descent, where COUNT(*) would read every page of a 4 GB partial.
        events = (db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number) ?? 0;
        complete = db.prepare("SELECT value FROM meta WHERE key = 'complete'").pluck().get() === '1';
      } finally {
        db.close();
      }
    } catch {
      // Unreadable without writing (an empty file, a -wal with no -shm): said without a count.
    }
    return { file, inUse: false, events, complete };
  }

  /** Whether `path` is a kubelapse recording (of any schema version). */
  static isRecording(path: string): boolean {
    try {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        return db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get() === FORMAT;
      } finally {
        db.close();
      }
    } catch {
      return false;
    }
  }

  /** Opens an existing recording; refuses files that are not one, naming the file. */
  static open(path: string, options: { readonly?: boolean } = {}): Recording {
    if (!fs.existsSync(path)) throw new RecordingError(`recording not found: ${path}`);
    const readonly = options.readonly ?? true;
    let db: Database.Database;
    try {
      db = new Database(path, { readonly, fileMustExist: true });
      db.pragma('query_only = ' + (readonly ? 'ON' : 'OFF'));
    } catch (err) {
      throw new RecordingError(readOnlyWalProblem(path, err) ?? `cannot open recording ${path}: ${(err as Error).message}`);
    }
    let format: string | undefined;
    let version: string | undefined;
    try {
      const rows = db.prepare("SELECT key, value FROM meta WHERE key IN ('format', 'schema_version')").all() as Array<{ key: string; value: string }>;
      format = rows.find((r) => r.key === 'format')?.value;
      version = rows.find((r) => r.key === 'schema_version')?.value;
    } catch (err) {
      db.close();
      const readOnly = readOnlyWalProblem(path, err);
      if (readOnly !== undefined) throw new RecordingError(readOnly);
      const e = err as { code?: string; message?: string };
      const why = e.code === 'SQLITE_NOTADB' ? 'not an SQLite database' : /no such table/.test(e.message ?? '') ? 'no meta table' : `${e.message ?? 'unreadable'}`;
      throw new RecordingError(`not a kubelapse recording: ${path} (${why})`);
    }
    if (format !== FORMAT) {
      db.close();
      throw new RecordingError(`not a kubelapse recording: ${path} (meta.format is ${JSON.stringify(format ?? null)})`);
    }
    if (version === undefined || !READABLE_SCHEMA_VERSIONS.includes(version)) {
      db.close();
      throw new RecordingError(`unsupported schema_version ${JSON.stringify(version ?? null)} in ${path} (this kubelapse reads ${READABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_SCHEMA_VERSIONS.at(-1)})`);
    }
    // A meta table alone (a copy cut short, a hand-made file) is not enough to read events from.
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() === undefined) {
      db.close();
      throw new RecordingError(`not a kubelapse recording: ${path} (no events table)`);
    }
    const rec = new Recording(db, path, readonly);
    // A writable open completes a recording whose run was killed before its seal built
    // events_object (a no-op when it is there: one look in sqlite_master).
    if (!readonly) {
      try {
        rec.buildSealIndexes();
      } catch (err) {
        db.close();
        throw new RecordingError(`cannot open recording ${path}: ${(err as Error).message}`);
      }
    }
    return rec;
  }

  /**
   * Makes the indexes a recording created with `objectIndex: 'at-seal'` leaves for its seal
   * (events_object); nothing when they are there. One statement, so one transaction: a
   * kill meanwhile leaves the file as it was. The recorder calls it just before it writes
   * the seal, close() again (a run whose recorder failed earlier).
   */
  buildSealIndexes(): void {
    if (this.readonly) throw new RecordingError(`recording ${this.path} is open read-only`);
    if (this.hasObjectIndex()) return;
    this.sealIndexesTried = true;
    try {
      this.db.exec(OBJECT_INDEX_SQL);
    } catch (err) {
      this.sealIndexError = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
  }

  /**
   * Whether the file holds events_object. A sealed recording always does; one whose run
   * was killed before its seal may not (docs/recording-format.md): SQLite then answers the
   * same queries by scanning, and a reader that names the index (INDEXED BY) must ask first.
   */
  hasObjectIndex(): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ? AND tbl_name = 'events'").get(OBJECT_INDEX) !== undefined;
  }

  /**
   * Closes the file. A recording written here is folded back from WAL into the one .db
   * file, so it can be copied, mailed or committed alone: "a recording is one file".
   */
  close(): void {
    if (!this.db.open) return;
    // A re-run's file takes the older recording's place only when it is whole (complete = 1:
    // it ran to its end, or was ended by its user as `live` is). A step that failed, a disk
    // that filled, leave it beside the older one, which stays as it was: a re-run must not
    // trade a whole recording for a part of one (docs/recording-format.md).
    let whole = false;
    try {
      whole = this.replaces !== undefined && (this.db.prepare("SELECT value FROM meta WHERE key = 'complete'").pluck().get() as string | undefined) === '1';
    } catch {
      // Unreadable now: not known to be whole, so it is not put in the older one's place.
    }
    try {
      if (!this.readonly) {
        // Once: after a failed build (a full disk) another would sort 1.3 M entries to fail the same way.
        if (!this.sealIndexesTried) {
          try {
            this.buildSealIndexes();
          } catch {
            // No room for it (a full disk: its ~40 bytes a row): the rows and the seal are in,
            // and every reader answers without it (hasObjectIndex), only slower.
          }
        }
        try {
          this.db.pragma('wal_checkpoint(TRUNCATE)');
          this.db.pragma('journal_mode = DELETE');
        } catch (err) {
          // A viewer still reading (a live session's followers) holds the WAL open: the
          // rows are committed either way; the file folds back into one when they let go.
          // A full disk: the checkpoint copies the WAL's pages into the .db, which must
          // grow by as much (11 MB for a 600-pod run on a 16 MB tmpfs: the rows and the
          // seal fit in the WAL, their copy does not). What it copied before it failed is
          // also still in the WAL, so nothing is lost: the -wal stays, read on every open.
          // Thrown still, kept as foldError, so a caller can tell it from a lost write.
          const code = (err as { code?: string }).code;
          if (code === 'SQLITE_FULL') this.foldError = err as Error;
          if (!isBusy(err)) throw err;
        }
      }
    } finally {
      this.db.close();
      if (!this.readonly) this.releaseReserve();
      if (this.replaces !== undefined && whole) {
        this.renameOver(this.replaces);
        this.renamed = true;
      }
    }
  }

  /**
   * Where this recording's file is once closed: its path, or for a re-run that ended whole
   * the older recording's path it was renamed to (a re-run cut short stays at its partial path).
   */
  get keptAt(): string {
    return this.renamed ? (this.replaces ?? this.path) : this.path;
  }

  private renamed = false;

  /**
   * Puts the closed file at `target` in place of the older recording: one rename(2), atomic,
   * so `target` names the old recording or the new one, never neither. The old one's -wal
   * and -shm go first (SQLite would read an old -wal into the new file). A -wal left by a
   * full disk (foldError: the last pages, the seal among them) follows the file: a crash
   * between the two renames leaves it as `<partial>-wal`, which `target` lacks until moved.
   */
  private renameOver(target: string): void {
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(this.path, target);
    if (fs.existsSync(this.path + '-wal')) fs.renameSync(this.path + '-wal', target + '-wal');
    fs.rmSync(this.path + '-shm', { force: true });
  }

  /** Frees the reserve; true if there was one to free. */
  private releaseReserve(): boolean {
    const file = this.path + RESERVE_SUFFIX;
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file, { force: true });
    return true;
  }

  meta(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.db.prepare('SELECT key, value FROM meta ORDER BY key').all() as Array<{ key: string; value: string }>) {
      out[r.key] = r.value;
    }
    return out;
  }

  /**
   * Sets meta keys in one transaction. On a full disk the reserve is given up and the
   * write tried once more: the end of a run (complete = 0, the error, the seal) is what
   * must still get in after the disk filled with rows.
   */
  setMeta(values: Record<string, string>): void {
    const stmt = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    const write = this.db.transaction(() => {
      for (const [k, v] of Object.entries(values)) stmt.run(k, v);
    });
    try {
      write();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_FULL' || this.readonly || !this.releaseReserve()) throw err;
      write();
    }
  }

  /** Appends rows in one transaction: the unit a killed run can lose at most one of. */
  appendEvents(rows: readonly EventRow[], markers: readonly MarkerRow[] = [], logs: readonly LogRow[] = []): void {
    if (this.insertBatch === undefined) throw new RecordingError(`recording ${this.path} is open read-only`);
    if (rows.length > 0 || markers.length > 0 || logs.length > 0) this.insertBatch(rows, markers, logs, undefined);
  }

  /** An import's batch: events, their inferred causes and provenance, and failure markers, in one transaction. */
  appendImported(rows: readonly EventRow[], markers: readonly MarkerRow[], imported: ImportRows): void {
    if (this.insertBatch === undefined) throw new RecordingError(`recording ${this.path} is open read-only`);
    if (rows.length > 0 || markers.length > 0 || imported.inferred.length > 0 || imported.provenance.length > 0) this.insertBatch(rows, markers, [], imported);
  }

  /** Whether the file has the import tables (schema_version 4 and later). */
  hasImportTables(): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'inferred_causes'").get() !== undefined;
  }

  /** The cause the importer inferred for `seq`, if any (never for a simulated recording). */
  inferredCause(seq: number): InferredCauseRow | undefined {
    if (!this.hasImportTables()) return undefined;
    const r = this.db.prepare('SELECT seq, cause_seq, rule, delay_ms FROM inferred_causes WHERE seq = ?').raw(true).get(seq) as [number, number, string, number] | undefined;
    return r === undefined ? undefined : { seq: r[0], causeSeq: r[1], rule: r[2], delayMs: r[3] };
  }

  /** Inferred causes of the seqs in [fromSeq, toSeq], in seq order. */
  inferredCauses(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): InferredCauseRow[] {
    if (!this.hasImportTables()) return [];
    return (this.db.prepare('SELECT seq, cause_seq, rule, delay_ms FROM inferred_causes WHERE seq >= ? AND seq <= ? ORDER BY seq').raw(true).all(fromSeq, toSeq) as Array<[number, number, string, number]>).map((r) => ({
      seq: r[0], causeSeq: r[1], rule: r[2], delayMs: r[3],
    }));
  }

  /** The writes whose inferred cause is `seq`, in seq order. */
  inferredEffects(seq: number): number[] {
    if (!this.hasImportTables()) return [];
    return this.db.prepare('SELECT seq FROM inferred_causes WHERE cause_seq = ? ORDER BY seq').pluck().all(seq) as number[];
  }

  /** Where an imported write was read, if it was imported. */
  provenance(seq: number): ProvenanceRow | undefined {
    if (!this.hasImportTables()) return undefined;
    const r = this.db.prepare('SELECT seq, file, line, source_id, level, partial, note FROM provenance WHERE seq = ?').raw(true).get(seq) as [number, string, number, string | null, string, number, string | null] | undefined;
    return r === undefined ? undefined : { seq: r[0], file: r[1], line: r[2], sourceId: r[3], level: r[4], partial: r[5] === 1, note: r[6] };
  }

  /**
   * Whether the file holds the covering index of schema_version 5 (`events_light`): the
   * columns replay indexes by, without the objects. Asked of the file, not of meta's
   * schema_version, so an index that is missing (a hand-made file) is never assumed.
   */
  hasLightIndex(): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ? AND tbl_name = 'events'").get(LIGHT_INDEX) !== undefined;
  }

  /** Whether the file has a logs table (schema_version 3 and later); older recordings have no lines. */
  hasLogs(): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'logs'").get() !== undefined;
  }

  /**
   * Log lines in the order written, filtered: one pod (and container), up to an event
   * seq (`toSeq`: lines written after that event are not yet there) or a time. Empty for a
   * recording without a logs table.
   */
  logs(q: { namespace?: string; pod?: string; container?: string; toSeq?: number; toTime?: number; fromId?: number } = {}): LogRow[] {
    if (!this.hasLogs()) return [];
    const { where, args } = conditions([
      ['namespace = ?', q.namespace],
      ['pod = ?', q.pod],
      ['container = ?', q.container],
      ['seq_after <= ?', q.toSeq],
      ['time_ms <= ?', q.toTime],
      ['id >= ?', q.fromId],
    ]);
    const sql = `SELECT id, seq_after, time_ms, namespace, pod, pod_uid, container, restart, stream, line FROM logs${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
    return (this.db.prepare(sql).raw(true).all(...args) as Array<[number, number, number, string, string, string, string, number, string, string]>).map((r) => ({
      id: r[0], seqAfter: r[1], timeMs: r[2], namespace: r[3], pod: r[4], podUid: r[5], container: r[6], restart: r[7], stream: r[8], line: r[9],
    }));
  }

  /** The pods that wrote lines, as namespace/name, sorted. */
  logPods(): Array<{ namespace: string; pod: string }> {
    if (!this.hasLogs()) return [];
    return this.db.prepare('SELECT DISTINCT namespace, pod FROM logs ORDER BY namespace, pod').all() as Array<{ namespace: string; pod: string }>;
  }

  addTraffic(rows: readonly TrafficRow[]): void {
    const stmt = this.db.prepare('INSERT INTO traffic (time_ms, service, pod, node, outcome, count) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const t of rows) stmt.run(t.timeMs, t.service, t.pod, t.node, t.outcome, t.count);
    })();
  }

  /**
   * Adds a review note to a recording without opening it for recording: a plain
   * connection, one INSERT into annotations (events are never touched), and the journal
   * mode left as it is, so a recording still being written by `live` is not disturbed.
   */
  static annotate(path: string, a: AnnotationRow): number {
    const rec = Recording.open(path, { readonly: true });
    rec.close();
    const db = new Database(path, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 2000');
      return insertAnnotation(db, a);
    } finally {
      db.close();
    }
  }

  addAnnotation(a: AnnotationRow): number {
    return insertAnnotation(this.db, a);
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM events').get() as { n: number }).n;
  }

  /**
   * The last seq and its hash, or undefined when empty. A recording is append-only and
   * hash-chained, so these two name every row up to it: the caches of the index, the
   * viewer's model and `get`'s summaries are keyed by them.
   */
  head(): { seq: number; hash: string } | undefined {
    const r = this.db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').raw(true).get() as [number, string] | undefined;
    return r === undefined ? undefined : { seq: r[0], hash: r[1] };
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  event(seq: number): EventRow | undefined {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq = ?`).raw(true).get(seq) as RawEvent | undefined;
    return r === undefined ? undefined : toRow(r);
  }

  lastEvent(): EventRow | undefined {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY seq DESC LIMIT 1`).raw(true).get() as RawEvent | undefined;
    return r === undefined ? undefined : toRow(r);
  }

  /** Events matching `q`, in seq order; a generator so a million rows never sit in memory. */
  *events(q: EventQuery = {}): Generator<EventRow> {
    const seqs = conditions([
      ['seq >= ?', q.fromSeq],
      ['seq <= ?', q.toSeq],
    ]);
    const filters = eventFilters(q);
    const where = [...seqs.where, ...filters.where];
    const args = [...seqs.args, ...filters.args];
    let sql = `SELECT ${COLUMNS} FROM events${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY seq${q.order === 'desc' ? ' DESC' : ''}`;
    if (q.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(q.limit))}`;
    if (q.offset !== undefined) sql += `${q.limit === undefined ? ' LIMIT -1' : ''} OFFSET ${Math.max(0, Math.floor(q.offset))}`;
    for (const r of this.db.prepare(sql).raw(true).iterate(...args)) yield toRow(r as RawEvent);
  }

  /** The seqs some event in the time range names as its cause_seq (the export's flow starts). */
  causeSeqs(fromTime?: number, toTime?: number): Set<number> {
    const rows = this.db
      .prepare('SELECT DISTINCT cause_seq FROM events WHERE cause_seq IS NOT NULL AND time_ms >= ? AND time_ms <= ?')
      .pluck(true)
      .all(fromTime ?? Number.MIN_SAFE_INTEGER, toTime ?? Number.MAX_SAFE_INTEGER) as number[];
    return new Set(rows);
  }

  markers(): MarkerRow[] {
    return (this.db.prepare('SELECT id, time_ms, seq, kind, title, body FROM markers ORDER BY time_ms, id').all() as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as number,
      timeMs: r.time_ms as number,
      seq: r.seq as number | null,
      kind: r.kind as MarkerRow['kind'],
      title: r.title as string,
      body: r.body as string | null,
    }));
  }

  traffic(fromTime?: number, toTime?: number): TrafficRow[] {
    const rows = this.db
      .prepare('SELECT time_ms, service, pod, node, outcome, count FROM traffic WHERE time_ms >= ? AND time_ms <= ? ORDER BY time_ms')
      .all(fromTime ?? Number.MIN_SAFE_INTEGER, toTime ?? Number.MAX_SAFE_INTEGER) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      timeMs: r.time_ms as number,
      service: r.service as string,
      pod: r.pod as string | null,
      node: r.node as string | null,
      outcome: r.outcome as TrafficRow['outcome'],
      count: r.count as number,
    }));
  }

  annotations(): AnnotationRow[] {
    return (this.db.prepare('SELECT id, time_ms, seq, author, text, created_at FROM annotations ORDER BY time_ms, id').all() as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as number,
      timeMs: r.time_ms as number,
      seq: r.seq as number | null,
      author: r.author as string | null,
      text: r.text as string,
      createdAt: r.created_at as string,
    }));
  }
}

/**
 * The SQL terms of an event query's filters other than its seq range (time, kind,
 * namespace, name, actor, reason, and the case-insensitive substrings): what
 * `Recording.events` and the CLI's windowed `events --limit` plan share.
 */
export function eventFilters(q: EventQuery): { where: string[]; args: Array<string | number> } {
  return conditions([
    ['time_ms >= ?', q.fromTime],
    ['time_ms <= ?', q.toTime],
    ['kind = ?', q.kind],
    ['namespace = ?', q.namespace],
    ['name = ?', q.name],
    ['actor = ?', q.actor],
    ['reason = ?', q.reason],
    // instr over lower(): no LIKE wildcards to escape ("_" and "%" in a filter are literal).
    ['instr(lower(name), ?) > 0', q.nameContains?.toLowerCase()],
    ["instr(lower(coalesce(reason, '')), ?) > 0", q.reasonContains?.toLowerCase()],
  ]);
}

/** The WHERE terms of a query whose filters were given (an undefined filter is no term), with their arguments in order. */
function conditions(terms: ReadonlyArray<readonly [string, string | number | undefined]>): { where: string[]; args: Array<string | number> } {
  const given = terms.filter((t): t is readonly [string, string | number] => t[1] !== undefined);
  return { where: given.map((t) => t[0]), args: given.map((t) => t[1]) };
}
