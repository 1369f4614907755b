import type { Observable, Subscription } from 'rxjs';
import type { WriteEvent } from '../api/types.js';
import type { LogLine } from '../kubelet/container-log.js';
import { chainHash, GENESIS } from './hash.js';
import { logHash } from './logs-hash.js';
import type { Recording } from './recording.js';
import type { EventRow, LogRow, MarkerRow } from './schema.js';

export interface RecorderOptions {
  /** Rows per transaction. 2 000 rows of ~1 KB: a few ms per commit, little to lose if killed. */
  batchSize?: number;
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
  /** The first failure (a gap in seqs, a full disk): recording stops, the runner reports it. */
  error: Error | undefined;

  constructor(
    readonly recording: Recording,
    options: RecorderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
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
    if (this.logBuffer.length >= this.batchSize) this.flush();
  }

  /** The newest hash: after close(), the recording's final hash. */
  get head(): string {
    return this.prevHash;
  }

  get count(): number {
    return this.written + this.buffer.length;
  }

  append(e: WriteEvent): void {
    if (e.seq !== this.lastSeq + 1) {
      throw new Error(`recorder: expected seq ${this.lastSeq + 1}, got ${e.seq}`);
    }
    this.lastSeq = e.seq;
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

  /** Markers ride in the same transactions as events, so a walkthrough's chapters cost no extra commits. */
  addMarker(marker: MarkerRow): void {
    this.markers.push(marker);
    if (this.markers.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0 && this.markers.length === 0 && this.logBuffer.length === 0) return;
    const rows = this.buffer;
    const markers = this.markers;
    const logs = this.logBuffer;
    this.buffer = [];
    this.markers = [];
    this.logBuffer = [];
    this.recording.appendEvents(rows, markers, logs);
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
