import type { ServerResponse } from 'node:http';
import type { WatchEvent } from '../types.js';
import type { CutReason, SlowWatcherPolicy } from './watch-writer.js';

/**
 * A watch stream whose bytes go to another thread that holds the client's connection
 * (the live API's TLS worker: core/live/watch-feed.ts, core/live/front-out.ts) instead
 * of onto the response's socket. That thread writes the copies and keeps the
 * slow-watcher policy, so delivery goes on while this thread runs a long simulation task.
 */
export interface DirectChannel {
  /** One chunk of lines (each a whole watch event line, shared between watchers). */
  send(lines: Buffer[]): void;
  /** The stream ends: `tail` (an ERROR event) then the last chunk; the connection closes after it. */
  end(tail?: Buffer): void;
  /** The client's connection is reset now, with no last chunk: it must not take the stream for a whole one. */
  drop(): void;
  /**
   * Runs `flush` at the end of this turn, or sooner when the other side asks for what is
   * batched (WatchFeed.flushPending, in the middle of a long task). Unset: the end of the turn.
   */
  defer?(flush: () => void): void;
}

export interface DirectWatches {
  /** Can this response's stream be handed over (asked before its headers, which then say Connection: close)? */
  accepts(res: ServerResponse): boolean;
  /**
   * Hands the stream over once its headers are on the socket; undefined when it cannot be
   * (then the response's own socket is used). `onCut`: the other thread cut the watch.
   */
  open(res: ServerResponse, policy: SlowWatcherPolicy, onCut: (reason: CutReason) => void): DirectChannel | undefined;
}

/** A chunk is posted once this much is batched: the same 64 KB as watch-writer.ts, for the same reason (a burst starts leaving before it ends). */
const CHUNK_BYTES = 64 * 1024;

/**
 * The sending half of a handed-over watch: batches the lines of one turn (up to 64 KB)
 * and posts them as one chunk, after the recorder has made their writes durable
 * (`beforeDeliver`: recorded before delivered, as watch-writer.ts). It never pauses:
 * the other thread queues for a slow client.
 */
export class DirectWriter {
  private lines: Buffer[] = [];
  private bytes = 0;
  private flushQueued = false;
  private cut = false;
  /** Cut because its writes could not be recorded: the worker resets the client, no 'end' follows. */
  private dropped = false;

  constructor(
    private readonly channel: DirectChannel,
    private readonly policy: SlowWatcherPolicy,
    private readonly encode: (e: WatchEvent) => string | Buffer,
    private readonly onCut: (reason: CutReason) => void,
  ) {}

  send(e: WatchEvent): void {
    if (this.cut) return;
    const line = this.encode(e);
    const buf = typeof line === 'string' ? Buffer.from(line) : line;
    this.lines.push(buf);
    this.bytes += buf.length;
    if (this.bytes >= CHUNK_BYTES) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      const flush = (): void => {
        this.flushQueued = false;
        this.flush();
      };
      if (this.channel.defer !== undefined) this.channel.defer(flush);
      else process.nextTick(flush);
    }
  }

  flush(): void {
    if (this.lines.length === 0 || this.cut) return;
    if (this.policy.beforeDeliver?.() === false) {
      this.cut = true;
      this.dropped = true;
      this.lines = [];
      // Reset by the worker, which holds the client's connection: the main thread's reset of
      // the loopback one may reach it after an 'end', which would close the stream cleanly.
      this.channel.drop();
      this.onCut('unrecorded');
      return;
    }
    const lines = this.lines;
    this.lines = [];
    this.bytes = 0;
    this.channel.send(lines);
  }

  /** Ends the stream after what was sent (and what is batched, unless it was cut). */
  end(tail?: Buffer): void {
    if (this.dropped) return;
    this.flush();
    if (this.dropped) return;
    this.cut = true;
    this.channel.end(tail);
  }
}
