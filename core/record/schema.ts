import type { EventColumns } from '../api/types.js';

/**
 * The recording format: a public contract (docs/recording-format.md). Tables, columns
 * and the meaning of meta keys never change without a schema_version bump.
 *   1: the tables below.
 *   2: meta also holds `event_count` and `head_hash`, written when the recorder closes,
 *      so `verify` can tell a recording that lost its last rows from one that ended there.
 *   3: a `logs` table (the simulated containers' output, one row a line) and, in the
 *      seal, `log_count` and `log_head` (the lines' own hash chain, logs-hash.ts).
 *   4: imported history (kubelapse import / record): tables `inferred_causes` (a cause
 *      the importer inferred, never put in events.cause_seq, which stays for causes the
 *      recorder saw) and `provenance` (which file and line each imported write came
 *      from); meta keys `source` (`import` | `record`), `start_time` and
 *      `import_sources`; markers of kind `failure` (a refused request). A simulated
 *      recording differs from schema 3 only in the version and two empty tables.
 *   5: index `events_light` over (seq, time_ms, verb, kind, namespace, name, cause_seq),
 *      kept by SQLite as rows go in: what replay's index needs, in ~60 bytes an event,
 *      so opening a recording scans that index instead of every ~3.5 kB row (1,000,000
 *      events: ~60 MB read instead of 4.1 GB). No table or column changes; the hash
 *      chain never covered an index, so heads are the same as with schema 4.
 * Every version listed in READABLE_SCHEMA_VERSIONS still opens, replays and verifies
 * (an older one without `logs` reads as a recording with no lines).
 */
export const FORMAT = 'kubelapse-recording';
export const SCHEMA_VERSION = '5';
export const READABLE_SCHEMA_VERSIONS: readonly string[] = ['1', '2', '3', '4', '5'];

/** The covering index of schema_version 5 (an older recording has none: replay then reads every row). */
export const LIGHT_INDEX = 'events_light';

/**
 * The page size a new recording is made with (SQLite's default is 4 KB). A Pod's row is
 * ~4.7 KB of object JSON: on 4 KB pages every such row spills onto an overflow page, so a
 * pod write touched three or four pages where one 16 KB page holds three rows whole.
 * Measured on the 10,000-pod run's 305,296 rows appended as the recorder does (batches of
 * 2,000, WAL, synchronous NORMAL; quiet machine, alternated): 4 KB pages 34,616 and 49,182
 * rows/s with 6.6 and 4.6 s of CPU, 16 KB pages 67,090 and 64,454 rows/s with 3.2 and
 * 2.8 s, and a file 8 % smaller (953 against 1,036 MB); 8 KB pages were no better than 4
 * (35,209 rows/s: a 4.7 KB row leaves half of each page empty). Reads measured the same
 * within the noise (replay open, state, `get`, `events`, the viewer's model build). Only
 * SQLite sees it: a file with any page size opens (older recordings have 4 KB), and
 * nothing in the schema or the rows changes, so no schema_version moves.
 */
export const PAGE_SIZE = 16_384;

/** The index by object (kind, namespace, name): the readers' way to one object's rows. */
export const OBJECT_INDEX = 'events_object';

/**
 * The one index a recording made by `kubelapse run` gets when it is sealed rather than row
 * by row (Recording.create's `objectIndex: 'at-seal'`, docs/recording-format.md). Names are
 * random, so each row's entry lands on its own page of the index: a batch of 2,000 rows
 * dirtied ~1,000+ index pages of 16 KB, each written to the WAL at the commit and again at
 * the checkpoint. Measured on the 100,000-pod run's scale-up (1,114,787 rows appended as the
 * recorder does, quiet machine): 24,245 rows/s with it, 108,699 without, and building it
 * afterwards over the same rows 1.36 s (docs/performance.md, round 11).
 */
export const OBJECT_INDEX_SQL = `CREATE INDEX IF NOT EXISTS ${OBJECT_INDEX} ON events(kind, namespace, name);`;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS events (
  seq              INTEGER PRIMARY KEY,
  time_ms          INTEGER NOT NULL,
  verb             TEXT NOT NULL,
  subresource      TEXT,
  api_version      TEXT NOT NULL,
  kind             TEXT NOT NULL,
  namespace        TEXT,
  name             TEXT NOT NULL,
  uid              TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  actor            TEXT NOT NULL,
  cause_seq        INTEGER,
  reason           TEXT,
  message          TEXT,
  object           TEXT NOT NULL,
  hash             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_time ON events(time_ms);
${OBJECT_INDEX_SQL}
-- schema_version 5. Leading with seq, each insert appends at the index's right edge (no
-- page split in the middle, ~60 bytes an event): cheaper than building it at close, which
-- would read the whole table again (4.1 GB for 1,000,000 events), and a killed run has it too.
CREATE INDEX IF NOT EXISTS events_light ON events(seq, time_ms, verb, kind, namespace, name, cause_seq);

CREATE TRIGGER IF NOT EXISTS events_immutable_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable: a recording is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_immutable_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable: a recording is append-only'); END;

CREATE TABLE IF NOT EXISTS markers (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  seq INTEGER,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT
);

CREATE TABLE IF NOT EXISTS traffic (
  time_ms INTEGER NOT NULL,
  service TEXT NOT NULL,
  pod TEXT,
  node TEXT,
  outcome TEXT NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS traffic_time ON traffic(time_ms);

CREATE TABLE IF NOT EXISTS logs (
  id INTEGER PRIMARY KEY,
  seq_after INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  namespace TEXT NOT NULL,
  pod TEXT NOT NULL,
  pod_uid TEXT NOT NULL,
  container TEXT NOT NULL,
  restart INTEGER NOT NULL,
  stream TEXT NOT NULL,
  line TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS logs_pod ON logs(namespace, pod, container, id);
CREATE TRIGGER IF NOT EXISTS logs_immutable_update BEFORE UPDATE ON logs
BEGIN SELECT RAISE(ABORT, 'logs are immutable: a recording is append-only'); END;
CREATE TRIGGER IF NOT EXISTS logs_immutable_delete BEFORE DELETE ON logs
BEGIN SELECT RAISE(ABORT, 'logs are immutable: a recording is append-only'); END;

CREATE TABLE IF NOT EXISTS inferred_causes (
  seq INTEGER PRIMARY KEY,
  cause_seq INTEGER NOT NULL,
  rule TEXT NOT NULL,
  delay_ms INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS inferred_causes_immutable_update BEFORE UPDATE ON inferred_causes
BEGIN SELECT RAISE(ABORT, 'inferred_causes are immutable: a recording is append-only'); END;
CREATE TRIGGER IF NOT EXISTS inferred_causes_immutable_delete BEFORE DELETE ON inferred_causes
BEGIN SELECT RAISE(ABORT, 'inferred_causes are immutable: a recording is append-only'); END;

CREATE TABLE IF NOT EXISTS provenance (
  seq INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  source_id TEXT,
  level TEXT NOT NULL,
  partial INTEGER NOT NULL,
  note TEXT
);
CREATE TRIGGER IF NOT EXISTS provenance_immutable_update BEFORE UPDATE ON provenance
BEGIN SELECT RAISE(ABORT, 'provenance is immutable: a recording is append-only'); END;
CREATE TRIGGER IF NOT EXISTS provenance_immutable_delete BEFORE DELETE ON provenance
BEGIN SELECT RAISE(ABORT, 'provenance is immutable: a recording is append-only'); END;

CREATE TABLE IF NOT EXISTS annotations (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  seq INTEGER,
  author TEXT,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;

/** SCHEMA_SQL without events_object: what a recording whose index comes at the seal starts with. */
export const SCHEMA_SQL_BEFORE_SEAL = SCHEMA_SQL.replace(`${OBJECT_INDEX_SQL}\n`, '');
if (SCHEMA_SQL_BEFORE_SEAL === SCHEMA_SQL) throw new Error(`schema: ${OBJECT_INDEX} not found in the schema`);

/** One row of `events`, camel-cased. Rows read back from other tools may carry any verb text. */
export interface EventRow extends Omit<EventColumns, 'verb' | 'subresource'> {
  verb: string;
  subresource: string | null;
  object: string;
  hash: string;
}

/** `failure`: a request the real API server refused, from an import (schema_version 4). */
export type MarkerKind = 'chapter' | 'action' | 'expectation' | 'note' | 'failure';

export interface MarkerRow {
  id?: number;
  timeMs: number;
  seq: number | null;
  kind: MarkerKind;
  title: string;
  body: string | null;
}

export type TrafficOutcome = 'ok' | 'refused' | 'reset' | 'no-endpoints';

export interface TrafficRow {
  timeMs: number;
  service: string;
  pod: string | null;
  node: string | null;
  outcome: TrafficOutcome;
  count: number;
}

/** One row of `logs`: a line a container wrote, after event `seqAfter`. */
export interface LogRow {
  id: number;
  seqAfter: number;
  timeMs: number;
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  restart: number;
  stream: string;
  line: string;
}

export interface AnnotationRow {
  id?: number;
  timeMs: number;
  seq: number | null;
  author: string | null;
  text: string;
  createdAt: string;
}

/**
 * One row of `inferred_causes` (schema_version 4): the earlier write that most likely
 * made `seq`'s actor act, by rule `rule` (core/import/infer/), `delayMs` after it.
 */
export interface InferredCauseRow {
  seq: number;
  causeSeq: number;
  rule: string;
  delayMs: number;
}

/** One row of `provenance` (schema_version 4): where an imported write was read. */
export interface ProvenanceRow {
  seq: number;
  file: string;
  line: number;
  sourceId: string | null;
  /** audit level (Metadata | Request | RequestResponse), or watch | poll */
  level: string;
  /** the object is not the whole object (a fold of a request, a redaction) */
  partial: boolean;
  note: string | null;
}
