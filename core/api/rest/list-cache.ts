import { BodyBuffers } from './body-buffers.js';
import { CachedTail } from './compression.js';

/**
 * LIST bodies kept between requests. A body is a head that names the current
 * resourceVersion (a few bytes, made per request) and a tail with everything after it
 * (the items: 47.8 MB for 10,000 pods as JSON, 23.4 MB as a Table), kept as bytes with
 * the stamp it was made at (the kind's write count in the store) and, for a Table, the
 * span of virtual time its text holds for: [from, until), AGE and RESTARTS cells change
 * with the clock (each second for a pod under 10 minutes old, each minute after that).
 * Until a pod is written again, a repeated LIST of pods is a lookup and a buffer write
 * instead of a join of 10,000 JSON texts and a 47.8 MB UTF-8 encode (27 % and 11 % of the
 * LIST phase before). Leases and Events write every second at 10,000 pods; they move the
 * resourceVersion (a new head) but not the pods' stamp, so they do not throw the pod
 * bodies away.
 *
 * A key may also hold one body made ahead (`putAhead`): the same query printed for the
 * instant its current body runs out, at the same stamp. A request in its span takes it
 * (it becomes the current body); a write before then makes its stamp stale like any other.
 *
 * Bounded by bytes (least recently used out first); a body over half the budget is not
 * kept (a whole list of 100,000 pods, 480 MB, is built per request as before).
 */
export interface Span {
  from: number;
  until: number;
}

const ALWAYS: Span = { from: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY };

interface Entry extends Span {
  stamp: string;
  tail: CachedTail;
  cost: number;
}

export class ListCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Memory of bodies out of the cache and done with, for the next ones (body-buffers.ts). */
  readonly buffers = new BodyBuffers();

  constructor(private readonly maxBytes = 192 * 1024 * 1024) {}

  /** The body of key at stamp whose span holds virtual instant `now`, current or made ahead. */
  get(key: string, stamp: string, now = 0): CachedTail | undefined {
    const e = this.entries.get(key);
    if (e !== undefined && e.stamp === stamp && e.from <= now && now < e.until) {
      this.touch(key, e);
      return e.tail;
    }
    const a = this.entries.get(aheadKey(key));
    if (a === undefined || a.stamp !== stamp || now < a.from || now >= a.until) return undefined;
    // Its time has come: it is the current body now, and the old one goes.
    this.entries.delete(aheadKey(key));
    this.bytes -= a.cost;
    this.drop(key);
    this.add(key, a);
    return a.tail;
  }

  /**
   * Keeps `bytes` as the tail for key at stamp over span (if it fits), and returns it
   * either way. Bytes taken from `buffers` go back to it once the tail is out of the
   * cache and done with (CachedTail); a caller that serves the tail holds it first.
   */
  put(key: string, stamp: string, bytes: Buffer, span: Span = ALWAYS): CachedTail {
    // A body made ahead that can no longer be served goes too: one of an older stamp (a
    // write came since) or whose span does not start after this one's. Else it held its
    // ~27 MB (a 10,000-pod Table) until the next one made ahead or the LRU took it.
    const a = this.entries.get(aheadKey(key));
    if (a !== undefined && (a.stamp !== stamp || a.from <= span.from)) this.drop(aheadKey(key));
    return this.keep(key, stamp, bytes, span);
  }

  /** Keeps a body made ahead for key (its span starts later than now); it replaces an earlier one. */
  putAhead(key: string, stamp: string, bytes: Buffer, span: Span): CachedTail {
    return this.keep(aheadKey(key), stamp, bytes, span);
  }

  /** The span of key's current body at stamp, if it has one. */
  spanOf(key: string, stamp: string): Span | undefined {
    const e = this.entries.get(key);
    return e === undefined || e.stamp !== stamp ? undefined : { from: e.from, until: e.until };
  }

  /** Is a body made ahead kept for key at stamp from instant `from`? */
  hasAhead(key: string, stamp: string, from: number): boolean {
    const a = this.entries.get(aheadKey(key));
    return a !== undefined && a.stamp === stamp && a.from === from;
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(key: string, stamp: string, bytes: Buffer, span: Span): CachedTail {
    this.drop(key);
    // The gzip'd copy is made on first use and is ~1/10 of the text: counted up front.
    const cost = Math.ceil(bytes.length * 1.15);
    // Not kept: never retired, so its memory is the garbage collector's, as before.
    if (cost > this.maxBytes / 2) return new CachedTail(bytes);
    const tail = new CachedTail(bytes, (memory) => this.buffers.give(memory));
    this.add(key, { stamp, tail, cost, from: span.from, until: span.until });
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k);
    }
    return tail;
  }

  private add(key: string, e: Entry): void {
    this.entries.set(key, e);
    this.bytes += e.cost;
  }

  /** Most recently used last: Map keeps insertion order. */
  private touch(key: string, e: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, e);
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.bytes -= e.cost;
    e.tail.retire();
  }
}

/** Where a key's body made ahead is kept: a name no query key (a JSON array) has. */
function aheadKey(key: string): string {
  return `ahead ${key}`;
}
