/**
 * The recency order of one bounded cache, as groupcache's lru.Cache keeps it (the cache
 * behind each of client-go's EventCorrelator caches): a hit or an add makes an entry the
 * newest, and an add past the bound removes the oldest. The entries carry their own
 * `newer`/`older` links, so an entry costs two fields rather than a Map entry and a key
 * string of its own: the event correlator's entries hang off one record per involved
 * object (event-correlator.ts), which is what lets them share that object's key.
 */
export interface LruEntry {
  newer: LruEntry | undefined;
  older: LruEntry | undefined;
}

export class LruList<E extends LruEntry> {
  private newest: E | undefined;
  private oldest: E | undefined;
  size = 0;

  constructor(readonly max: number) {}

  /** `e` becomes the newest (added if it was not in the list); returns the entry this pushed out, if any. */
  touch(e: E): E | undefined {
    if (this.newest === e) return undefined;
    if (this.has(e)) this.unlink(e);
    e.older = this.newest;
    e.newer = undefined;
    if (this.newest !== undefined) this.newest.newer = e;
    this.newest = e;
    this.oldest ??= e;
    this.size++;
    if (this.size <= this.max) return undefined;
    const out = this.oldest;
    this.unlink(out);
    return out;
  }

  /** Whether `e` is in this list (an entry is in one list at most). */
  has(e: E): boolean {
    return e.newer !== undefined || e.older !== undefined || this.newest === e;
  }

  private unlink(e: E): void {
    if (e.newer !== undefined) e.newer.older = e.older;
    else this.newest = e.older as E | undefined;
    if (e.older !== undefined) e.older.newer = e.newer;
    else this.oldest = e.newer as E | undefined;
    e.newer = undefined;
    e.older = undefined;
    this.size--;
  }
}
