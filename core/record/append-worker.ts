/**
 * The append worker's body: it opens its own connection to the recording, and for each
 * batch the recorder hands it (batch-bytes.ts's layout) computes the hash chain, in seq
 * order, and inserts the rows, markers and log lines in one transaction, as the
 * in-thread recorder does. Then it publishes, in the shared state, how many batches and
 * rows are in the file and the hash of the newest row, and wakes the recorder if it
 * waits (Atomics).
 *
 * Shared state (Int32Array over a SharedArrayBuffer): [0] batches committed, [1] 1 after
 * a failure (the message follows on the port), [2] rows committed, [3] 1 once it holds no
 * connection (closed, or never opened), [4] 1 once its thread runs, [5] [6] [7] the
 * worker's own V8 heap after its last batch in KiB (committed, used, and external plus
 * array buffers: what this thread adds to the process's RSS beyond SQLite's own malloc,
 * for the scale bench's memory breakdown); bytes 32..96 the head hash (lowercase hex).
 *
 * Like tls-front.ts's worker, the code is one function handed to the Worker as text
 * (`eval`), so it runs the same from dist/ and from the TypeScript sources under the
 * test runner; it may use only Node's modules and better-sqlite3 (its path is passed in).
 */
export const STATE = { batches: 0, failed: 1, rows: 2, closed: 3, started: 4, heapTotalKiB: 5, heapUsedKiB: 6, externalKiB: 7, headOffset: 32 } as const;
export const STATE_BYTES = STATE.headOffset + 64;

export interface AppendWorkerData {
  sqlite: string;
  path: string;
  state: SharedArrayBuffer;
  port: import('node:worker_threads').MessagePort;
  /** Each committed batch's buffer goes back on this port, for the recorder to fill again (append-thread.ts `spare`). */
  returns: import('node:worker_threads').MessagePort;
  sql: { eventBytes: string; marker: string; log: string };
  genesis: string;
  /** STATE, handed over: the worker's text cannot see this module's constants. */
  at: typeof STATE;
}

/** A batch as the worker receives it: rows as bytes, markers and log lines as they are (few). */
export interface AppendBatch {
  bytes: ArrayBuffer;
  used: number;
  rows: number;
  markers: ReadonlyArray<{ timeMs: number; seq: number | null; kind: string; title: string; body: string | null }>;
  logs: ReadonlyArray<{ id: number; seqAfter: number; timeMs: number; namespace: string; pod: string; podUid: string; container: string; restart: number; stream: string; line: string }>;
  /** A test's way to make the worker fail on this batch (a full disk, a bug), before anything is inserted. */
  fail?: string;
}

export function appendWorkerMain(require: (id: string) => unknown): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const { getHeapStatistics } = require('node:v8') as typeof import('node:v8');
  const d = workerData as AppendWorkerData;
  const { batches: BATCHES, failed: FAILED, rows: ROWS, closed: CLOSED, started: STARTED, heapTotalKiB: HEAP_TOTAL, heapUsedKiB: HEAP_USED, externalKiB: EXTERNAL, headOffset: HEAD_OFFSET } = d.at;
  const state = new Int32Array(d.state);
  Atomics.store(state, STARTED, 1);
  const headBytes = new Uint8Array(d.state, HEAD_OFFSET, 64);
  const fail = (err: unknown): void => {
    if (Atomics.load(state, FAILED) === 1) return;
    const code = (err as { code?: unknown } | null)?.code;
    d.port.postMessage({ error: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) });
    Atomics.store(state, FAILED, 1);
    Atomics.notify(state, BATCHES);
  };
  let db: import('better-sqlite3').Database | undefined;
  let insert: (batch: AppendBatch) => void;
  let prev = d.genesis;
  let rows = 0;
  try {
    const Database = require(d.sqlite) as typeof import('better-sqlite3');
    db = new Database(d.path);
    // Per connection: as the recorder's own (recording.ts): a committed batch survives a killed process.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const event = db.prepare(d.sql.eventBytes);
    const marker = db.prepare(d.sql.marker);
    const log = db.prepare(d.sql.log);
    insert = db.transaction((batch: AppendBatch) => {
      const b = Buffer.from(batch.bytes, 0, batch.used);
      let at = 0;
      const str = (): string | null => {
        const n = b.readInt32LE(at);
        at += 4;
        if (n < 0) return null;
        const s = b.toString('utf8', at, at + n);
        at += n;
        return s;
      };
      let head = prev;
      for (let i = 0; i < batch.rows; i++) {
        const seq = b.readDoubleLE(at);
        const timeMs = b.readDoubleLE(at + 8);
        const rv = b.readDoubleLE(at + 16);
        const cause = b.readDoubleLE(at + 24);
        const causeSeq = cause < 0 ? null : cause;
        at += 32;
        const verb = str() as string;
        const subresource = str();
        const apiVersion = str() as string;
        const kind = str() as string;
        const namespace = str();
        const name = str() as string;
        const uid = str() as string;
        const actor = str() as string;
        const reason = str();
        const message = str();
        const objectLength = b.readInt32LE(at);
        const objectBytes = b.subarray(at + 4, at + 4 + objectLength);
        at += 4 + objectLength;
        // hash.ts's chainHash, over the same UTF-8 bytes: the fields, then the object's JSON.
        const text =
          head + '\n' + seq + '\n' + timeMs + '\n' + verb + '\n' + (subresource ?? '') + '\n' + kind + '\n' +
          (namespace ?? '') + '\n' + name + '\n' + rv + '\n' + actor + '\n' + (causeSeq ?? '') + '\n';
        head = createHash('sha256').update(text, 'utf8').update(objectBytes).digest('hex');
        // The object as its bytes: the SQL's CAST makes them TEXT (recording.ts INSERT_SQL.eventBytes).
        event.run(seq, timeMs, verb, subresource, apiVersion, kind, namespace, name, uid, rv, actor, causeSeq, reason, message, objectBytes, head);
      }
      for (const m of batch.markers) marker.run(m.timeMs, m.seq, m.kind, m.title, m.body);
      for (const l of batch.logs) log.run(l.id, l.seqAfter, l.timeMs, l.namespace, l.pod, l.podUid, l.container, l.restart, l.stream, l.line);
      prev = head;
    });
  } catch (err) {
    // It holds no connection from here (the recorder's close need not wait for one).
    try {
      db?.close();
    } catch {
      // the open's own failure is the one to report
    }
    Atomics.store(state, CLOSED, 1);
    Atomics.notify(state, CLOSED);
    fail(err);
    return;
  }
  const open = db;
  parentPort?.on('message', (m: AppendBatch | 'close') => {
    if (m === 'close') {
      try {
        open.close();
      } catch (err) {
        fail(err);
      }
      Atomics.store(state, CLOSED, 1);
      Atomics.notify(state, CLOSED);
      return;
    }
    // After a failure nothing more goes in: the file ends at the last batch that did.
    if (Atomics.load(state, FAILED) === 1) return;
    try {
      if (m.fail !== undefined) throw new Error(m.fail);
      insert(m);
      rows += m.rows;
      headBytes.set(Buffer.from(prev, 'latin1'));
      // Its rows are in the file: the bytes go back to be filled again (moved, not copied),
      // before the commit is published, so a recorder woken by it finds them there.
      d.returns.postMessage(m.bytes, [m.bytes]);
      Atomics.store(state, ROWS, rows);
      // ~1 us a batch of 2,000 rows: cheap enough to keep up to date always.
      const h = getHeapStatistics();
      Atomics.store(state, HEAP_TOTAL, Math.round(h.total_heap_size / 1024));
      Atomics.store(state, HEAP_USED, Math.round(h.used_heap_size / 1024));
      Atomics.store(state, EXTERNAL, Math.round(h.external_memory / 1024));
      Atomics.add(state, BATCHES, 1);
      Atomics.notify(state, BATCHES);
    } catch (err) {
      fail(err);
    }
  });
}
