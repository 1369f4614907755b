import type { ServerResponse } from 'node:http';
import type { DirectChannel, DirectWatches } from '../api/rest/watch-direct.js';
import type { CutReason, SlowWatcherPolicy } from '../api/rest/watch-writer.js';
import type { FeedMessage, FrontNotice } from './front-out.js';

/**
 * Hands watch streams to the TLS worker (front-out.ts): each chunk's new lines are
 * posted once, transferred, however many watchers get them, and each watcher's chunk
 * is a list of line ids. During a rollout 50 watchers get the same ~4.7 KB pod events
 * (eventLine in watch.ts serializes each once): 8,000 events were 50 loopback writes
 * each from this thread (1.9 GB); now they are 8,000 lines posted once (38 MB) plus
 * 50 id lists per chunk, and the worker writes the copies.
 *
 * Lines are remembered by identity for a window of `WINDOW` lines: a line met again in
 * the window (the next watcher's chunk of the same events) is sent as its id only.
 * When the window fills it starts again, and the worker forgets the ids before it.
 */
const WINDOW = 4096;

export class WatchFeed implements DirectWatches {
  private readonly cuts = new Map<number, (reason: CutReason) => void>();
  private ids = new Map<Buffer, number>();
  private next = 0;
  private base = 0;
  /** Flushes of writers with lines batched in this turn (DirectChannel.defer). */
  private pending: Array<() => void> = [];

  constructor(private readonly post: (m: FeedMessage, transfer?: ArrayBuffer[]) => void) {}

  accepts(res: ServerResponse): boolean {
    return res.socket?.remotePort !== undefined;
  }

  open(res: ServerResponse, policy: SlowWatcherPolicy, onCut: (reason: CutReason) => void): DirectChannel | undefined {
    const r = res as ServerResponse & { chunkedEncoding?: boolean; outputData?: unknown[] };
    const socket = res.socket as (NonNullable<ServerResponse['socket']> & { _httpMessage?: unknown }) | null;
    // Only a response that owns its socket with its headers written (and chunked): then
    // everything before the stream is in socket.bytesWritten, queued or sent.
    if (socket === null || socket.remotePort === undefined || socket._httpMessage !== res || !res.headersSent || r.chunkedEncoding !== true || (r.outputData?.length ?? 0) > 0) return undefined;
    const conn = socket.remotePort;
    this.cuts.set(conn, onCut);
    this.post({ t: 'direct', conn, at: socket.bytesWritten, policy: { highWaterBytes: policy.highWaterBytes, stallMs: policy.stallMs, maxBehind: policy.maxBehind } });
    let ended = false;
    return {
      send: (lines) => {
        if (!ended) this.send(conn, lines);
      },
      end: (tail) => {
        if (ended) return;
        ended = true;
        if (this.cuts.get(conn) === onCut) this.cuts.delete(conn);
        // Nothing more goes on this connection from here (the response said Connection:
        // close): the worker ends the client's side after the stream's last chunk, then this
        // connection. Not ended from here: its end could reach the worker before this
        // message, and end the client's side before the stream's tail.
        this.post(tail === undefined ? { t: 'end', conn } : { t: 'end', conn, tail: new Uint8Array(tail) });
      },
      defer: (flush) => this.defer(flush),
      drop: () => {
        if (ended) return;
        ended = true;
        if (this.cuts.get(conn) === onCut) this.cuts.delete(conn);
        this.post({ t: 'drop', conn });
      },
    };
  }

  /**
   * Posts what every handed-over watch has batched, now: the live server calls it when it
   * has made the outside watchers' queued events theirs in the middle of a long task, which
   * would otherwise post them only once that task returns (the end of the turn).
   */
  flushPending(): void {
    const pending = this.pending;
    this.pending = [];
    for (const flush of pending) flush();
  }

  private defer(flush: () => void): void {
    if (this.pending.length === 0) process.nextTick(() => this.flushPending());
    this.pending.push(flush);
  }

  /** The worker cut a watch (it stopped reading, fell out of the history, or was gone). */
  notice(n: FrontNotice): void {
    this.cuts.get(n.conn)?.(n.reason === 'gone' ? 'stalled' : n.reason);
  }

  private send(conn: number, lines: Buffer[]): void {
    if (this.ids.size + lines.length > WINDOW) {
      this.ids = new Map();
      this.base = this.next;
    }
    const ids: number[] = [];
    const fresh: Buffer[] = [];
    const first = this.next;
    let bytes = 0;
    for (const line of lines) {
      let id = this.ids.get(line);
      if (id === undefined) {
        id = this.next++;
        this.ids.set(line, id);
        fresh.push(line);
        bytes += line.length;
      }
      ids.push(id);
    }
    // One buffer of its own (not a pooled slab: the whole backing store would be copied) to transfer.
    const buf = new Uint8Array(bytes);
    let off = 0;
    for (const line of fresh) {
      buf.set(line, off);
      off += line.length;
    }
    this.post({ t: 'send', conn, ids, first, lens: fresh.map((l) => l.length), buf: buf.buffer, base: this.base }, [buf.buffer]);
  }
}
