import type { Socket } from 'node:net';

/**
 * The TLS worker's sending side (tls-front.ts runs it in the worker thread): what goes to
 * each client connection, in order, and the slow-watcher policy for watch streams the
 * main thread hands over (core/live/watch-feed.ts).
 *
 * Two sources feed a client connection: the plain bytes of the main thread's HTTP
 * listener (every response), and, for a watch handed over, the watch's chunks posted by
 * the main thread once for all the connections they go to. Why: during a 1,000-pod
 * rollout at 10,000 pods, single simulation tasks of the main thread run 0.3-2.8 s (250
 * creates in one ReplicaSet sync, informers handed 250 pods), and what the main thread
 * had queued for its 50 loopback sockets waited behind them; it also made 50 loopback
 * copies of every ~4.7 KB pod event (11 % of the thread). Here a chunk of events is
 * posted once (transferred, not copied per watcher), and this thread writes and
 * encrypts the 50 copies while the main thread simulates.
 *
 * A watch stream is handed over after its response headers: `direct` says how many
 * bytes of the listener's stream come before the hand-over (`at`), chunks posted before
 * those bytes are through wait for them, and the main thread writes nothing more on the
 * listener's connection for it: the stream's end (the last chunk, and an ERROR event
 * before it) is posted too, and the connection is closed after it (the response says
 * `Connection: close`), so no later response can overtake the stream's tail.
 *
 * The slow-watcher policy (watch-writer.ts's, the same numbers): once more than
 * `highWaterBytes` wait in the client's socket, the chunks queue here by reference; a
 * 'drain' writes on from there. A watcher cut for not reading (no drain for `stallMs`)
 * loses its connection; one more than `maxBehind` events behind has its queue dropped
 * and its stream ended after what its socket holds (a resume from its last
 * resourceVersion then gets the rest, or 410). A stall is noticed when a chunk arrives
 * for a watcher that has not drained for `stallMs`, as in watch-writer.ts; `now` is the
 * worker's wall clock (tls-front.ts: this thread never touches the simulation).
 *
 * One function without outside references: it is handed to the worker as text.
 */
export function frontOut(post: (m: FrontNotice) => void, now: () => number): FrontOut {
  const CRLF = Buffer.from('\r\n');
  const LAST = Buffer.from('0\r\n\r\n');
  const conns = new Map<number, FrontConn>();
  /** The lines of the current window of posted chunks, by id (watch-feed.ts numbers them). */
  const table = new Map<number, Buffer>();

  const write = (c: FrontConn, bufs: Buffer[]): void => {
    if (bufs.length === 1) c.front.write(bufs[0] as Buffer);
    else for (const b of bufs) c.front.write(b);
  };
  /** Backed up: plain bytes wait for a drain (the listener's socket is paused); a watch queues. */
  const check = (c: FrontConn): void => {
    const high = c.direct === undefined ? c.front.writableHighWaterMark : c.direct.policy.highWaterBytes;
    if (c.front.writableLength > high) {
      // A stall counts from when it backed up, whichever way it got there (a chunk, the
      // early chunks written behind the headers, the headers themselves): a `since` left
      // at the hand-over's 0 would read as stalled for as long as the worker has run.
      if (!c.paused && c.direct !== undefined) c.direct.since = now();
      c.paused = true;
      c.back.pause();
    }
  };
  const settle = (c: FrontConn): void => {
    if (c.endAfter && c.head === c.out.length && !c.paused && (c.direct?.early.length ?? 0) === 0 && !c.front.writableEnded) c.front.end();
  };
  /** Everything to a client goes through here, in order. */
  const out = (c: FrontConn, item: FrontItem): void => {
    if (c.head === c.out.length && !c.paused) {
      c.front.cork();
      write(c, item.bufs);
      c.front.uncork();
      check(c);
    } else {
      c.out.push(item);
      c.outEvents += item.events;
    }
  };
  const drain = (c: FrontConn): void => {
    c.paused = false;
    // It is reading: a stall (if it backs up again) counts from here.
    if (c.direct !== undefined) c.direct.since = now();
    c.front.cork();
    while (c.head < c.out.length && !c.paused) {
      const it = c.out[c.head] as FrontItem;
      c.out[c.head++] = undefined as unknown as FrontItem;
      c.outEvents -= it.events;
      write(c, it.bufs);
      check(c);
    }
    c.front.uncork();
    if (c.head === c.out.length) {
      c.out = [];
      c.head = 0;
    }
    if (!c.paused) c.back.resume();
    settle(c);
  };
  const fromBack = (c: FrontConn, b: Buffer): void => {
    c.piped += b.length;
    out(c, { bufs: [b], events: 0 });
    const d = c.direct;
    if (d !== undefined && d.early.length > 0 && c.piped >= d.at) {
      const early = d.early;
      d.early = [];
      for (const it of early) out(c, it);
    }
    settle(c);
  };
  const cut = (c: FrontConn, reason: 'stalled' | 'behind'): void => {
    const d = c.direct as FrontDirect;
    d.cut = true;
    // What it never got is dropped; what its socket holds is still sent (behind) or not (stalled).
    c.out = [];
    c.head = 0;
    c.outEvents = 0;
    d.early = [];
    if (reason === 'stalled') c.front.destroy();
    post({ t: 'cut', conn: c.id, reason });
  };
  const deliver = (c: FrontConn, item: FrontItem): void => {
    const d = c.direct as FrontDirect;
    const at = now();
    if (c.piped < d.at) {
      d.early.push(item);
      return;
    }
    const wasPaused = c.paused;
    out(c, item);
    if (!c.paused || !wasPaused) return;
    if (at - d.since > d.policy.stallMs) cut(c, 'stalled');
    else if (c.outEvents > d.policy.maxBehind) cut(c, 'behind');
  };
  const chunk = (lines: Buffer[]): Buffer[] => {
    let bytes = 0;
    for (const l of lines) bytes += l.length;
    return [Buffer.from(`${bytes.toString(16)}\r\n`, 'latin1'), ...lines, CRLF];
  };

  return {
    attach: (id, front, back) => {
      const c: FrontConn = { id, front, back, piped: 0, out: [], head: 0, outEvents: 0, paused: false, endAfter: false, direct: undefined };
      conns.set(id, c);
      back.on('data', (b: Buffer) => fromBack(c, b));
      front.on('drain', () => drain(c));
      // The listener ended its side (a response with Connection: close): end the client's
      // behind what is queued. A handed-over watch ends by its 'end' message instead.
      back.on('end', () => {
        if (c.direct !== undefined) return;
        c.endAfter = true;
        settle(c);
      });
      back.on('close', () => {
        if (c.direct === undefined && !c.endAfter) c.front.destroy();
      });
      front.on('close', () => conns.delete(id));
    },
    message: (m) => {
      if (m.t === 'send') {
        if (m.base > 0) {
          for (const k of table.keys()) {
            if (k >= m.base) break;
            table.delete(k);
          }
        }
        let off = 0;
        for (let i = 0; i < m.lens.length; i++) {
          const len = m.lens[i] as number;
          table.set(m.first + i, Buffer.from(m.buf, off, len));
          off += len;
        }
        const c = conns.get(m.conn);
        const d = c?.direct;
        if (c === undefined || d === undefined || d.cut || d.ended) return;
        const lines = m.ids.map((id) => table.get(id) as Buffer);
        deliver(c, { bufs: chunk(lines), events: lines.length });
      } else if (m.t === 'direct') {
        const c = conns.get(m.conn);
        if (c === undefined) return post({ t: 'cut', conn: m.conn, reason: 'gone' });
        c.direct = { at: m.at, policy: m.policy, since: now(), cut: false, ended: false, early: [] };
      } else if (m.t === 'drop') {
        const c = conns.get(m.conn);
        const d = c?.direct;
        if (c === undefined || d === undefined || d.ended) return;
        d.ended = true;
        d.cut = true;
        c.out = [];
        c.head = 0;
        c.outEvents = 0;
        d.early = [];
        c.front.destroy();
      } else if (m.t === 'end') {
        const c = conns.get(m.conn);
        const d = c?.direct;
        if (c === undefined || d === undefined || d.ended) return;
        d.ended = true;
        const item: FrontItem = { bufs: m.tail === undefined || d.cut ? [LAST] : [...chunk([Buffer.from(m.tail.buffer, m.tail.byteOffset, m.tail.byteLength)]), LAST], events: 0 };
        if (c.piped < d.at) d.early.push(item);
        else out(c, item);
        c.endAfter = true;
        settle(c);
        // The listener's side of it too (nothing more comes on it: see watch-feed.ts).
        c.back.end();
      }
    },
  };
}

export interface FrontPolicy {
  highWaterBytes: number;
  stallMs: number;
  maxBehind: number;
}

/** Main thread -> worker (watch-feed.ts). */
export type FeedMessage =
  /** The watch on connection `conn` (the loopback connection's client port) is handed over after `at` bytes. */
  | { t: 'direct'; conn: number; at: number; policy: FrontPolicy }
  /**
   * One chunk for `conn`: its lines by id. New lines come in `buf` (transferred), `lens`
   * long, numbered from `first`; ids below `base` are no longer used.
   */
  | { t: 'send'; conn: number; ids: number[]; first: number; lens: number[]; buf: ArrayBuffer; base: number }
  /** The stream ends: `tail` (an ERROR event's line) then the last chunk; the connection closes after. */
  | { t: 'end'; conn: number; tail?: Uint8Array }
  /** The watch's writes could not be recorded: reset the client's connection, nothing more sent. */
  | { t: 'drop'; conn: number };

/** Worker -> main thread: a handed-over watch was cut here (or its connection was gone). */
export interface FrontNotice {
  t: 'cut';
  conn: number;
  reason: 'stalled' | 'behind' | 'gone';
}

export interface FrontOut {
  attach(id: number, front: Socket, back: Socket): void;
  message(m: FeedMessage): void;
}

interface FrontItem {
  bufs: Buffer[];
  events: number;
}

interface FrontDirect {
  at: number;
  policy: FrontPolicy;
  /** Wall ms (this thread's clock) since which it has not drained while backed up. */
  since: number;
  cut: boolean;
  ended: boolean;
  /** Chunks posted before the response's headers were through. */
  early: FrontItem[];
}

interface FrontConn {
  id: number;
  front: Socket;
  back: Socket;
  /** Bytes read from the listener's connection so far. */
  piped: number;
  out: FrontItem[];
  head: number;
  outEvents: number;
  paused: boolean;
  endAfter: boolean;
  direct: FrontDirect | undefined;
}
