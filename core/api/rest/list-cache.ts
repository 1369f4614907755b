import { CachedTail } from './compression.js';

/**
 * LIST bodies kept between requests. A body is a head that names the current
 * resourceVersion (a few bytes, made per request) and a tail with everything after it
 * (the items: 47.8 MB for 10,000 pods as JSON, 23.4 MB as a Table), kept as bytes with
 * the stamp it was made at: the kind's write count in the store, plus, for a Table,
 * the cluster second (AGE and RESTARTS cells change with time). Until a pod is written
 * again, a repeated LIST of pods is a lookup and a buffer write instead of a join of
 * 10,000 JSON texts and a 47.8 MB UTF-8 encode (27 % and 11 % of the LIST phase before).
 * Leases and Events write every second at 10,000 pods; they move the resourceVersion
 * (a new head) but not the pods' stamp, so they do not throw the pod bodies away.
 *
 * Bounded by bytes (least recently used out first); a body over half the budget is not
 * kept (a whole list of 100,000 pods, 480 MB, is built per request as before).
 */
export class ListCache {
  private readonly entries = new Map<string, { stamp: string; tail: CachedTail; cost: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 192 * 1024 * 1024) {}

  get(key: string, stamp: string): CachedTail | undefined {
    const e = this.entries.get(key);
    if (e === undefined || e.stamp !== stamp) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.tail;
  }

  /** Keeps `bytes` as the tail for key at stamp (if it fits), and returns it either way. */
  put(key: string, stamp: string, bytes: Buffer): CachedTail {
    const tail = new CachedTail(bytes);
    this.drop(key);
    // The gzip'd copy is made on first use and is ~1/10 of the text: counted up front.
    const cost = Math.ceil(bytes.length * 1.15);
    if (cost > this.maxBytes / 2) return tail;
    this.entries.set(key, { stamp, tail, cost });
    this.bytes += cost;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k);
    }
    return tail;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.bytes -= e.cost;
  }
}
