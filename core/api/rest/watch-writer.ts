import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WatchEvent } from '../types.js';

/**
 * How a watch stream treats a client that reads slower than the cluster writes.
 *
 * Upstream's watch cache gives each watcher two buffered channels (input and result, 10 to
 * 1,000 events: watch_cache.go's suggestedWatchChannelSize) between the shared history and
 * the HTTP writer, and cuts a watcher whose input channel stays full past a shared
 * dispatch budget (cacher.go: at most 100 ms, refilled 50 ms a second; cache_watcher.go
 * logs "Forcing ... watcher close due to unresponsiveness"). The TCP and HTTP/2 windows
 * in front of that hold another few MB. Here one thread serves every watcher, so the
 * buffer is a queue of references to the shared, frozen events (a few bytes each, not a
 * copy of the JSON) and the test is wall time without progress, not a 100 ms budget:
 * on a 2-core laptop busy with other work a client thread can be off the CPU for longer
 * than 100 ms without being stuck.
 */
export interface SlowWatcherPolicy {
  /** Unsent bytes a socket may hold before writing pauses until its 'drain'. */
  highWaterBytes: number;
  /** Wall ms a paused watcher may go without a 'drain' before it is cut (it stopped reading). */
  stallMs: number;
  /**
   * Events a paused watcher may fall behind before its place is lost: the size of the
   * watch history (ApiServer's watchHistory, 10,000 by default), beyond which a resume
   * from its last resourceVersion would get 410 Gone anyway. It is told so at once.
   */
  maxBehind: number;
  /** Wall-clock milliseconds (injected: nothing under core/ reads the clock itself). */
  now: () => number;
  /**
   * Makes every write committed so far durable (the recorder's pending batch), called
   * before any bytes go to a watcher: a watcher never hears of a write the recording
   * could still lose. A chunk can leave in the middle of a run of the simulation (64 KB
   * batched), before the run's own flush of the recorder at its end. False: they could
   * not be made durable (a full disk); nothing is sent and the watch is cut ('unrecorded'),
   * since what it holds may be writes the recording does not have.
   */
  beforeDeliver?: () => boolean;
}

/**
 * 1 MB in the socket is ~250 pod events of ~4 KB: enough to keep a TLS connection busy
 * between two turns of the event loop, small enough that 50 watchers hold 50 MB at most
 * instead of the 16 MB each the old cut-off allowed (800 MB). 10 s of no reading at all
 * is a client that is gone or stopped (kubectl -w suspended with ^Z), not a slow one.
 */
export const DEFAULT_SLOW_WATCHER: Omit<SlowWatcherPolicy, 'now' | 'beforeDeliver'> = { highWaterBytes: 1024 * 1024, stallMs: 10_000, maxBehind: 10_000 };

/** A chunk is written once this much is batched (64 KB: four TLS records). */
const CRLF = Buffer.from('\r\n');
const CHUNK_BYTES = 64 * 1024;

export type CutReason = 'stalled' | 'behind' | 'unrecorded';

/**
 * The sending half of one watch: writes events while the socket takes them, queues them
 * (in order, by reference) while it is backed up, resumes on 'drain', and cuts the watch
 * only if the client has stopped reading (no 'drain' for `stallMs`) or has fallen out
 * of the history (`maxBehind` queued). Every event the hub delivers is either written, in
 * order, or the watch ends: never one skipped and later ones sent.
 */
export class WatchWriter {
  private readonly queue: WatchEvent[] = [];
  private head = 0;
  private pausedAt: number | undefined;
  private cut = false;
  private lines: Buffer[] = [];
  private bytes = 0;
  private flushQueued = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly policy: SlowWatcherPolicy,
    private readonly encode: (e: WatchEvent) => string | Buffer,
    private readonly onCut: (reason: CutReason) => void,
  ) {
    res.on('drain', () => this.drain());
    // Lines written straight to the socket (flush) never set the response's need-drain
    // flag, so the response would not hear the socket drain: listen to the socket itself.
    const socket = res.socket;
    if (socket !== null) {
      const onDrain = (): void => this.drain();
      socket.on('drain', onDrain);
      res.once('close', () => socket.off('drain', onDrain));
    }
  }

  /** Events waiting for the socket (the watcher's distance behind the hub). */
  get behind(): number {
    return this.queue.length - this.head;
  }

  send(e: WatchEvent): void {
    if (this.cut) return;
    if (this.pausedAt === undefined) {
      this.batch(this.encode(e));
      return;
    }
    this.queue.push(e);
    if (this.policy.now() - this.pausedAt > this.policy.stallMs) this.stop('stalled');
    else if (this.behind > this.policy.maxBehind) this.stop('behind');
  }

  /**
   * Lines sent in one turn of the event loop (one flush of the hub: a rollout's burst)
   * leave together, up to 64 KB at a time: one socket writev and one TLS write instead of
   * three socket writes per event (length, line, CRLF), which for 50 watchers of 8,000
   * pod events was 1.2 million socket writes.
   */
  private batch(line: string | Buffer): void {
    this.lines.push(typeof line === 'string' ? Buffer.from(line) : line);
    this.bytes += this.lines[this.lines.length - 1]?.length ?? 0;
    if (this.bytes >= CHUNK_BYTES) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      process.nextTick(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  /**
   * Writes what is batched now (before an ERROR event or the end of the stream) as one
   * HTTP chunk: its size line, the lines, CRLF, corked into one writev that TLS encrypts
   * as one run. The lines are the shared buffers every watcher of the event writes,
   * never copied here. Joining them first (Buffer.concat into a fresh 64 KB buffer per
   * watcher per turn) was 25 % of the server's thread during a 50-watcher rollout and
   * most of its 18 % GC (50 copies of each 4.7 KB pod event: 1.9 GB for 8,000 events,
   * allocated and collected); a res.write per line is four socket writes each (size,
   * CRLF, line, CRLF). The chunk goes on the socket directly once the response owns it
   * with its headers sent and chunked framing on (every watch of an HTTP/1.1 client);
   * otherwise (HTTP/1.0: no chunks) through res.write.
   */
  flush(): void {
    if (this.lines.length === 0 || this.cut || this.res.writableEnded || this.res.destroyed) return;
    if (this.policy.beforeDeliver?.() === false) return this.stop('unrecorded');
    const lines = this.lines;
    const bytes = this.bytes;
    this.lines = [];
    this.bytes = 0;
    const socket = this.ownSocket();
    if (socket !== undefined) {
      socket.cork();
      socket.write(`${bytes.toString(16)}\r\n`, 'latin1');
      for (const line of lines) socket.write(line);
      socket.write(CRLF);
      socket.uncork();
    } else {
      this.res.cork();
      for (const line of lines) this.res.write(line);
      this.res.uncork();
    }
    if (this.res.writableLength > this.policy.highWaterBytes) this.pausedAt = this.policy.now();
  }

  /** The socket, when chunks may be written on it directly (see flush). */
  private ownSocket(): Socket | undefined {
    const res = this.res as ServerResponse & { chunkedEncoding?: boolean; outputData?: unknown[]; _httpMessage?: unknown };
    const socket = res.socket as (Socket & { _httpMessage?: unknown }) | null;
    if (socket === null || socket._httpMessage !== res || !res.headersSent || res.chunkedEncoding !== true || (res.outputData?.length ?? 0) > 0) return undefined;
    return socket;
  }

  /** The socket took what it held: send the queue until it backs up again. */
  private drain(): void {
    if (this.cut || this.pausedAt === undefined) return;
    this.pausedAt = undefined;
    while (this.head < this.queue.length && this.pausedAt === undefined) {
      const e = this.queue[this.head] as WatchEvent;
      this.queue[this.head++] = undefined as unknown as WatchEvent;
      this.batch(this.encode(e));
    }
    this.flush();
    // Compact once the sent part dominates, so a long watch does not keep a growing array.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private stop(reason: CutReason): void {
    this.cut = true;
    this.lines = [];
    this.queue.length = 0;
    this.head = 0;
    this.onCut(reason);
  }
}
