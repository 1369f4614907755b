import { createRequire } from 'node:module';
import nodePath from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { wallNow } from '../cli/wall-clock.js';
import { appendWorkerMain, STATE, STATE_BYTES, type AppendBatch, type AppendWorkerData } from './append-worker.js';
import type { BatchBytes } from './batch-bytes.js';
import { GENESIS } from './hash.js';
import { INSERT_SQL } from './recording.js';
import type { LogRow, MarkerRow } from './schema.js';

/**
 * At most this many batches handed over and not yet committed: then the recorder waits
 * for the worker. Two are enough to keep both threads busy (one committing, one queued
 * while the next fills) and keep a kill's loss small: the batch being filled and at
 * most two handed over, 6,000 rows at most, where the in-thread recorder loses its one
 * buffer of 2,000. Two batches of 2,000 pod-sized rows are ~15 MB off the heap. A
 * simulation that writes faster than SQLite appends (at 100,000 pods it can: ~10,000
 * rows/s raw here under load) then runs at SQLite's pace rather than queueing the
 * whole run in memory.
 */
const MAX_IN_FLIGHT = 2;

/** The append worker's young generation, in MB (see the constructor). */
const WORKER_YOUNG_MB = 8;

/** Waits of 1 s without word from the worker before it is given up on (see waitFor and close). */
const QUIET_WAITS = 10;

/**
 * The main thread's side of the append worker (append-worker.ts): batches go to the
 * worker, which hashes and inserts them on the other core while the simulation goes on.
 * `drain` blocks (Atomics.wait) until everything handed over is committed, so a flush
 * keeps the in-thread recorder's meaning: when it returns, the rows are in the file.
 */
export class AppendThread {
  private readonly worker: Worker;
  private readonly state: Int32Array;
  private readonly port: MessagePort;
  private readonly returns: MessagePort;
  private readonly spares: ArrayBuffer[] = [];
  private posted = 0;
  /** The byte length of each batch handed over and not yet known committed, oldest first. */
  private readonly sizes: number[] = [];
  private closed = false;
  /**
   * Wall ms this thread spent waiting for the worker (waitFor: a third batch handed over
   * while two are in flight, a flush, the close), for the scale bench: the simulation's
   * time lost to the recorder.
   */
  waitedMs = 0;
  /** The worker's failure, once seen: nothing after it is in the file. */
  error: Error | undefined;

  constructor(path: string) {
    const sab = new SharedArrayBuffer(STATE_BYTES);
    this.state = new Int32Array(sab);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const back = new MessageChannel();
    this.returns = back.port1;
    const data: AppendWorkerData = {
      sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: nodePath.resolve(path),
      state: sab,
      port: port2,
      returns: back.port2,
      sql: INSERT_SQL,
      genesis: GENESIS,
      at: STATE,
    };
    this.worker = new Worker(`(${appendWorkerMain.toString()})(require)`, {
      eval: true,
      workerData: data,
      transferList: [port2, back.port2],
      // Its garbage is each batch's decoded fields and hash texts, dead by the batch's end (the
      // objects, ~9.4 MB for 2,000 pod rows, were decoded too until they were bound as bytes):
      // a young generation of 8 MB instead of V8's 32 holds it as well and takes ~24 MB less
      // of the process's RSS (38-44 -> 8-17 MiB committed at 100,000 pods).
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    // An error the worker could not report itself (its thread failed to start) is kept too.
    this.worker.on('error', (err) => {
      this.error ??= new Error(`recorder worker: ${err.message}`);
    });
    // Every wait on it is a synchronous Atomics.wait, so a ref would only keep a process
    // whose run failed before close (a session that threw while being built) from exiting.
    this.worker.unref();
  }

  /** Rows the worker has committed, and the hash of the newest of them. */
  get rows(): number {
    return Atomics.load(this.state, STATE.rows);
  }

  get head(): string {
    return this.rows === 0 ? GENESIS : Buffer.from(this.state.buffer, STATE.headOffset, 64).toString('latin1');
  }

  get committedBatches(): number {
    return Atomics.load(this.state, STATE.batches);
  }

  /**
   * What the worker holds now, for the scale bench's memory breakdown: batches (and their
   * buffers' bytes) handed over and not yet committed, and the worker's own V8 heap after
   * its last commit (append-worker.ts's shared state), all in bytes.
   */
  memory(): { inFlightBatches: number; inFlightBytes: number; spareBytes: number; workerHeapTotal: number; workerHeapUsed: number; workerExternal: number } {
    this.dropCommittedSizes();
    let inFlightBytes = 0;
    for (const n of this.sizes) inFlightBytes += n;
    return {
      inFlightBatches: this.sizes.length,
      inFlightBytes,
      spareBytes: this.spares.reduce((n, b) => n + b.byteLength, 0),
      workerHeapTotal: Atomics.load(this.state, STATE.heapTotalKiB) * 1024,
      workerHeapUsed: Atomics.load(this.state, STATE.heapUsedKiB) * 1024,
      workerExternal: Atomics.load(this.state, STATE.externalKiB) * 1024,
    };
  }

  /** Forgets the sizes of the batches the worker has committed (the oldest first). */
  private dropCommittedSizes(): void {
    while (this.sizes.length > this.posted - this.committedBatches) this.sizes.shift();
  }

  /**
   * A committed batch's buffer, back from the worker, to fill again; undefined when none
   * has come back yet (the recorder then makes a new one). None is dropped, and none is
   * made while one is back, so the recorder makes at most MAX_IN_FLIGHT + 2 buffers in
   * all: when a batch is handed over, at most two are in flight, the full one goes, and one
   * is taken to fill. For pod-sized rows that is 4 x 16 MB (2,000 x ~4.7 kB = 9.4 MB a
   * batch: the first buffer's 8 MB grows once); a new buffer a batch, as before, left each
   * committed one to the worker's garbage collector and copied 8 MB into 16 each time:
   * 18-120 MiB of batch buffers through the 100,000-pod run (docs/performance.md, round 8).
   */
  spare(): Buffer | undefined {
    for (let r = receiveMessageOnPort(this.returns); r !== undefined; r = receiveMessageOnPort(this.returns)) {
      this.spares.push(r.message as ArrayBuffer);
    }
    const ab = this.spares.pop();
    return ab === undefined ? undefined : Buffer.from(ab);
  }

  /** Hands a batch to the worker (its bytes move, the batch is not usable after). */
  post(bytes: BatchBytes, markers: readonly MarkerRow[], logs: readonly LogRow[], fail?: string): void {
    this.check();
    const msg: AppendBatch = {
      bytes: bytes.buf.buffer as ArrayBuffer,
      used: bytes.used,
      rows: bytes.rows,
      markers: markers.map((m) => ({ timeMs: m.timeMs, seq: m.seq, kind: m.kind, title: m.title, body: m.body })),
      logs,
      ...(fail !== undefined ? { fail } : {}),
    };
    const size = bytes.buf.length; // 0 once transferred
    this.worker.postMessage(msg, [msg.bytes]);
    this.posted++;
    this.sizes.push(size);
    this.dropCommittedSizes();
    if (this.posted - this.committedBatches > MAX_IN_FLIGHT) this.waitFor(this.posted - MAX_IN_FLIGHT);
    this.check();
  }

  /** Waits until every batch handed over is committed; throws the worker's failure if there was one. */
  drain(): void {
    this.waitFor(this.posted);
    this.check();
  }

  /** Drains, then closes the worker's connection (the main connection can then fold the WAL back). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.waitFor(this.posted);
    } finally {
      this.worker.postMessage('close');
      // After a failure too: the worker still closes its connection, and the main one's seal
      // can then fold the WAL back (terminated mid-close, it left the -wal file behind).
      // Bounded: a worker that never started, or is still silent 10 s after a failure, is not waited on.
      let quiet = 0;
      while (Atomics.load(this.state, STATE.closed) === 0 && !this.notStarted(quiet) && !(this.error !== undefined && quiet >= QUIET_WAITS)) {
        if (Atomics.wait(this.state, STATE.closed, 0, 1000) === 'timed-out') quiet++;
        this.readFailure();
      }
      this.port.close();
      this.returns.close();
      this.spares.length = 0;
      void this.worker.terminate();
    }
    this.check();
  }

  private waitFor(batches: number): void {
    if (Atomics.load(this.state, STATE.batches) >= batches) return;
    const start = wallNow();
    try {
      this.waitForBatches(batches);
    } finally {
      this.waitedMs += wallNow() - start;
    }
  }

  private waitForBatches(batches: number): void {
    let quiet = 0;
    for (;;) {
      const done = Atomics.load(this.state, STATE.batches);
      if (done >= batches) return;
      this.readFailure();
      if (this.error !== undefined) return;
      // A worker whose thread never ran cannot say so (its 'error' event cannot fire while
      // this thread waits synchronously): after 10 waits of 1 s with no start, it is a failure.
      if (this.notStarted(quiet)) {
        this.error = new Error('recorder worker: its thread did not start');
        return;
      }
      if (Atomics.wait(this.state, STATE.batches, done, 1000) === 'timed-out') quiet++;
    }
  }

  private notStarted(quiet: number): boolean {
    return quiet >= QUIET_WAITS && Atomics.load(this.state, STATE.started) === 0;
  }

  private readFailure(): void {
    if (Atomics.load(this.state, STATE.failed) === 0) return;
    if (this.error !== undefined) return;
    const m = receiveMessageOnPort(this.port)?.message as { error?: string; code?: string } | undefined;
    // SQLite's own failures (SQLITE_FULL ...) keep their message and code, as the in-thread
    // recorder's do: the CLI words a full disk the same, and meta.error reads the same.
    // Anything else (a bug in the worker) says where it came from.
    this.error =
      m?.code !== undefined && m.error !== undefined ? Object.assign(new Error(m.error), { code: m.code }) : new Error(`recorder worker: ${m?.error ?? 'failed'}`);
  }

  private check(): void {
    this.readFailure();
    if (this.error !== undefined) throw this.error;
  }
}
