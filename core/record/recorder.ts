import type { Observable, Subscription } from 'rxjs';
import type { WriteEvent } from '../api/types.js';
import type { LogLine } from '../kubelet/container-log.js';
import { AppendThread } from './append-thread.js';
import { BatchBytes } from './batch-bytes.js';
import { chainHash, GENESIS } from './hash.js';
import { checkHeapBudget } from './heap-budget.js';
import { logHash } from './logs-hash.js';
import type { Recording } from './recording.js';
import type { EventRow, LogRow, MarkerRow } from './schema.js';

export interface RecorderOptions {
  /** Rows per transaction. 2 000 rows of ~1 KB: a few ms per commit, little to lose if killed. */
  batchSize?: number;
  /**
   * Hash and insert in a worker thread (append-thread.ts), on the other core, while the
   * simulation goes on: the same rows, the same hashes, the same transactions. A flush
   * still returns only once its rows are in the file, and close() waits for all of them.
   */
  thread?: boolean;
}

/**
 * Subscribes to the API server's write stream and appends each write, hash-chained, to
 * the recording in batched transactions. The chain is computed here, in stream order,
 * so the file's seq order and hash order can never disagree.
 */
export class Recorder {
  private buffer: EventRow[] = [];
  private markers: MarkerRow[] = [];
  private logBuffer: LogRow[] = [];
  private logCount = 0;
  private logHead = GENESIS;
  /** count and head of the lines already in the file (the seal covers only those) */
  private writtenLogs = 0;
  private writtenLogHead = GENESIS;
  private logSubscription: Subscription | undefined;
  private prevHash = GENESIS;
  private lastSeq = 0;
  private written = 0;
  /** The hash of the newest row in the file (not of one still in the buffer). */
  private writtenHead = GENESIS;
  private subscription: Subscription | undefined;
  private readonly batchSize: number;
  /** With `thread`: the worker, the batch being filled, and the log chain's place at each batch handed over. */
  private readonly thread: AppendThread | undefined;
  private bytes: BatchBytes | undefined;
  private appended = 0;
  private logMarks: Array<{ batch: number; count: number; head: string }> = [];
  private handedOver = 0;
  /** The first failure (a gap in seqs, a full disk): recording stops, the runner reports it. */
  error: Error | undefined;

  constructor(
    readonly recording: Recording,
    options: RecorderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    if (options.thread === true) {
      this.thread = new AppendThread(recording.path);
      this.bytes = new BatchBytes();
    }
  }

  attach(writes$: Observable<WriteEvent>): this {
    // A throwing subscriber would only be reported asynchronously by rxjs; keep the
    // error here instead so the run stops at once with it.
    this.subscription = writes$.subscribe((e) => {
      if (this.error !== undefined) return;
      try {
        this.append(e);
      } catch (err) {
        this.error = err instanceof Error ? err : new Error(String(err));
      }
    });
    return this;
  }

  /** Container log lines: their own rows and chain (logs-hash.ts), in the same transactions as events. */
  attachLogs(lines$: Observable<LogLine>): this {
    this.logSubscription = lines$.subscribe((l) => {
      if (this.error !== undefined) return;
      try {
        this.appendLog(l);
      } catch (err) {
        this.error = err instanceof Error ? err : new Error(String(err));
      }
    });
    return this;
  }

  appendLog(l: LogLine): void {
    const row: LogRow = { id: this.logCount + 1, ...l };
    this.logCount++;
    this.logHead = logHash(this.logHead, row);
    this.logBuffer.push(row);
    if (this.logBuffer.length >= this.batchSize) this.handOver();
  }

  /** The newest hash: after close(), the recording's final hash. With `thread`, waits for the worker's. */
  get head(): string {
    if (this.thread === undefined) return this.prevHash;
    if (!this.threadClosed) this.flush();
    return this.thread.head;
  }

  get count(): number {
    return this.thread !== undefined ? this.appended : this.written + this.buffer.length;
  }

  append(e: WriteEvent): void {
    if (e.seq !== this.lastSeq + 1) {
      throw new Error(`recorder: expected seq ${this.lastSeq + 1}, got ${e.seq}`);
    }
    this.lastSeq = e.seq;
    if (this.bytes !== undefined) {
      // The worker hashes and inserts; here the row only becomes bytes (batch-bytes.ts).
      this.bytes.add(e);
      this.appended++;
      if (this.bytes.rows >= this.batchSize) this.handOver();
      return;
    }
    const row: EventRow = {
      seq: e.seq,
      timeMs: e.timeMs,
      verb: e.verb,
      subresource: e.subresource,
      apiVersion: e.apiVersion,
      kind: e.kind,
      namespace: e.namespace,
      name: e.name,
      uid: e.uid,
      resourceVersion: e.resourceVersion,
      actor: e.actor,
      causeSeq: e.causeSeq,
      reason: e.reason,
      message: e.message,
      object: e.objectJson,
      hash: '',
    };
    row.hash = chainHash(this.prevHash, row);
    this.prevHash = row.hash;
    this.buffer.push(row);
    if (this.buffer.length >= this.batchSize) this.flush();
  }

  /**
   * With `thread`: what the recorder holds off the simulation's heap (the batch being
   * filled, the batches in flight to the worker, the worker's own heap), for the scale
   * bench's memory breakdown; undefined in-thread.
   */
  memory(): (ReturnType<AppendThread['memory']> & { fillingBytes: number }) | undefined {
    if (this.thread === undefined || this.bytes === undefined) return undefined;
    return { ...this.thread.memory(), fillingBytes: this.bytes.buf.length };
  }

  /** With `thread`: wall ms the simulation waited for the worker so far (append-thread.ts waitedMs); undefined in-thread. */
  get threadWaitMs(): number | undefined {
    return this.thread?.waitedMs;
  }

  /** Markers ride in the same transactions as events, so a walkthrough's chapters cost no extra commits. */
  addMarker(marker: MarkerRow): void {
    this.markers.push(marker);
    if (this.markers.length >= this.batchSize) this.handOver();
  }

  /** A full batch: written now in-thread, or handed to the worker without waiting for it. */
  private handOver(): void {
    if (this.thread === undefined || this.bytes === undefined) {
      this.flush();
      return;
    }
    if (this.bytes.rows === 0 && this.markers.length === 0 && this.logBuffer.length === 0) return;
    const bytes = this.bytes;
    const markers = this.markers;
    const logs = this.logBuffer;
    this.bytes = new BatchBytes(this.thread.spare());
    this.markers = [];
    this.logBuffer = [];
    this.handedOver++;
    this.logMarks.push({ batch: this.handedOver, count: this.logCount, head: this.logHead });
    this.thread.post(bytes, markers, logs, this.failNext);
    this.failNext = undefined;
    checkHeapBudget();
  }

  /** Tests only: the worker fails the next batch handed over with this message, before inserting any of it. */
  failNext: string | undefined;

  private threadClosed = false;

  /** With `thread`: what the worker has committed (rows, head, and the log chain's place). */
  private syncWritten(thread: AppendThread): void {
    this.written = thread.rows;
    this.writtenHead = thread.head;
    const done = thread.committedBatches;
    while (this.logMarks.length > 0 && (this.logMarks[0] as { batch: number }).batch <= done) {
      const m = this.logMarks.shift() as { count: number; head: string };
      this.writtenLogs = m.count;
      this.writtenLogHead = m.head;
    }
  }

  /** Writes what is buffered; when it returns, every row appended so far is in the file. */
  flush(): void {
    if (this.thread !== undefined) {
      try {
        this.handOver();
        this.thread.drain();
      } finally {
        this.syncWritten(this.thread);
      }
      return;
    }
    if (this.buffer.length === 0 && this.markers.length === 0 && this.logBuffer.length === 0) return;
    const rows = this.buffer;
    const markers = this.markers;
    const logs = this.logBuffer;
    this.buffer = [];
    this.markers = [];
    this.logBuffer = [];
    this.recording.appendEvents(rows, markers, logs);
    checkHeapBudget();
    this.written += rows.length;
    this.writtenLogs = this.logCount;
    this.writtenLogHead = this.logHead;
    const last = rows[rows.length - 1];
    if (last !== undefined) this.writtenHead = last.hash;
  }

  /**
   * Flushes and, on a clean end, marks the recording complete with its end time. Either
   * way it seals what it wrote: the event count and the head hash go into meta, so rows
   * lost later from the end are found by `verify` (only a killed run closes nothing).
   * The end goes in as one meta write, with `meta` (the run's error, warnings): after a
   * full disk there is room for one more small transaction, not for several. A flush that
   * fails here still seals the rows already in the file, then throws.
   */
  close(end: { complete: boolean; endTimeMs: number; meta?: Record<string, string> }): void {
    this.subscription?.unsubscribe();
    this.logSubscription?.unsubscribe();
    let failure: Error | undefined;
    try {
      this.flush();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      this.error ??= failure;
    }
    if (this.thread !== undefined && !this.threadClosed) {
      // The worker's connection goes first: the main one then writes the seal and can fold the WAL back.
      this.threadClosed = true;
      try {
        this.thread.close();
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
        this.error ??= failure;
      }
      this.syncWritten(this.thread);
    }
    // The index a `kubelapse run` recording leaves for its seal (Recording.create's
    // 'at-seal'), before the seal: a sealed recording has every index. After a full disk
    // it is not tried (the seal's few pages come first); a failure of its own leaves the
    // recording without it, which every reader copes with (Recording.hasObjectIndex), and
    // Recording.sealIndexError keeps why: `run` says so, `kubelapse index` builds it later.
    if ((this.error as { code?: unknown } | undefined)?.code !== 'SQLITE_FULL' && !this.recording.readonly) {
      try {
        this.recording.buildSealIndexes();
      } catch {
        // close does not try again (Recording.sealIndexesTried); readers answer without it
      }
    }
    this.recording.setMeta({
      complete: end.complete && this.error === undefined ? '1' : '0',
      end_time_ms: String(end.endTimeMs),
      event_count: String(this.written),
      head_hash: this.writtenHead,
      log_count: String(this.writtenLogs),
      log_head: this.writtenLogHead,
      ...(failure !== undefined ? { error: failure.message } : {}),
      ...(end.meta ?? {}),
    });
    if (failure !== undefined) throw failure;
  }
}
