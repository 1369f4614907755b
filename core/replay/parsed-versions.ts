import type { KObject } from '../api/types.js';
import { deepFreeze } from '../api/object-store.js';

/**
 * Parsed versions of objects by the seq that wrote them, frozen, the least recently used
 * dropped first once their JSON adds up to more than `budget` characters. A version never
 * changes, and the versions of a kind's state at nearby seqs are mostly the same ones: the
 * 1,000 Nodes of the 100,000-pod recording cost ~25 us each to parse (2.5 kB of JSON), ~25 ms
 * a state; a scrub to the next seq finds all but the few written since here and parses those.
 *
 * Frozen (deepFreeze, as the API's store keeps its objects) because every caller of the same
 * version gets the same object: one that changed it would change every later answer.
 * Freezing costs about as much again as the parse (a 5 kB Pod: ~30 us parse, ~23 us freeze),
 * which a second use repays; so Replay keeps only queries small enough to be asked again
 * from this cache (see Replay's KEEP_OBJECTS), not 100,000 Pods that would only evict each other.
 */
export class ParsedVersions {
  /** Newest use last: a Map keeps insertion order, so the first entry is the one to drop. */
  private readonly entries = new Map<number, { object: KObject; chars: number }>();
  private chars = 0;

  constructor(readonly budget: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The version written at `seq` if kept, now the most recently used. */
  get(seq: number): KObject | undefined {
    const e = this.entries.get(seq);
    if (e === undefined) return undefined;
    this.entries.delete(seq);
    this.entries.set(seq, e);
    return e.object;
  }

  /** The kept version without making it the most recently used (a caller that only reads it once). */
  peek(seq: number): KObject | undefined {
    return this.entries.get(seq)?.object;
  }

  /**
   * Freezes `object` (parsed from `chars` characters of JSON) and keeps it, dropping the
   * least recently used versions over the budget; returns the frozen object. A version
   * larger than a sixteenth of the budget is frozen but not kept (one big CRD would
   * otherwise empty the cache).
   */
  keep(seq: number, object: KObject, chars: number): KObject {
    const frozen = deepFreeze(object) as KObject;
    if (chars > this.budget / 16) return frozen;
    const old = this.entries.get(seq);
    if (old !== undefined) {
      this.entries.delete(seq);
      this.chars -= old.chars;
    }
    this.entries.set(seq, { object: frozen, chars });
    this.chars += chars;
    for (const [s, e] of this.entries) {
      if (this.chars <= this.budget) break;
      this.entries.delete(s);
      this.chars -= e.chars;
    }
    return frozen;
  }
}
