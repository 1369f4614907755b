import type { Recording } from '../record/recording.js';

const VERB_CODE: Record<string, number> = { create: 1, update: 2, delete: 3 };

/** A typed array that grows by doubling. */
class Column<A extends Int32Array | Float64Array | Uint8Array> {
  constructor(
    public data: A,
    private readonly make: (n: number) => A,
  ) {}

  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = this.make(Math.max(n, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/**
 * Per-event metadata of a whole recording, in typed arrays indexed by seq: which
 * object (an interned key), the verb, the time and the cause. About 17 bytes an event,
 * so a 1,000,000-event recording indexes in ~17 MB and a few hundred ms, and
 * state-at-seq, seq-at-time and effects never touch SQL for anything but objects.
 */
export class EventIndex {
  readonly keys: string[] = []; // keyId -> "Kind\0namespace\0name"
  readonly keyIds = new Map<string, number>();
  private readonly keyCol = new Column(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly verbCol = new Column(new Uint8Array(1024), (n) => new Uint8Array(n));
  private readonly causeCol = new Column(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly timeCol = new Column(new Float64Array(1024), (n) => new Float64Array(n));
  /** Effects of each seq, as CSR arrays: effects[effectStart[s] .. effectStart[s+1]). */
  private effectStart = new Int32Array(0);
  private effects = new Int32Array(0);
  length = 0; // highest seq indexed; seqs are 1..length

  static build(rec: Recording, onRow?: (seq: number) => void): EventIndex {
    const idx = new EventIndex();
    const stmt = rec.db.prepare('SELECT seq, time_ms, verb, kind, namespace, name, cause_seq FROM events ORDER BY seq').raw(true);
    for (const raw of stmt.iterate()) {
      const r = raw as [number, number, string, string, string | null, string, number | null];
      idx.add(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
      if (onRow !== undefined && (r[0] & 0xffff) === 0) onRow(r[0]);
    }
    idx.finish();
    return idx;
  }

  add(seq: number, timeMs: number, verb: string, kind: string, namespace: string | null, name: string, cause: number | null): void {
    const key = `${kind}\0${namespace ?? ''}\0${name}`;
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.keyIds.set(key, id);
    }
    if (seq >= this.keyCol.data.length) {
      // The four columns always grow together; grow them only when the first is full.
      this.keyCol.ensure(seq + 1);
      this.verbCol.ensure(seq + 1);
      this.causeCol.ensure(seq + 1);
      this.timeCol.ensure(seq + 1);
    }
    this.keyCol.data[seq] = id;
    this.verbCol.data[seq] = VERB_CODE[verb] ?? 2;
    this.causeCol.data[seq] = cause ?? 0;
    this.timeCol.data[seq] = timeMs;
    if (seq > this.length) this.length = seq;
  }

  /** Builds the reverse (effects) index once all rows are in. */
  finish(): void {
    const n = this.length;
    const counts = new Int32Array(n + 2);
    const cause = this.causeCol.data;
    for (let s = 1; s <= n; s++) {
      const c = cause[s] as number;
      if (c > 0 && c <= n) counts[c + 1] = (counts[c + 1] as number) + 1;
    }
    for (let s = 1; s < counts.length; s++) counts[s] = (counts[s] as number) + (counts[s - 1] as number);
    const effects = new Int32Array(counts[n + 1] as number);
    const fill = counts.slice();
    for (let s = 1; s <= n; s++) {
      const c = cause[s] as number;
      if (c > 0 && c <= n) {
        effects[fill[c] as number] = s;
        fill[c] = (fill[c] as number) + 1;
      }
    }
    this.effectStart = counts;
    this.effects = effects;
  }

  keyOf(seq: number): number {
    return this.keyCol.data[seq] as number;
  }

  /** 1 create, 2 update, 3 delete. */
  verbOf(seq: number): number {
    return this.verbCol.data[seq] as number;
  }

  causeOf(seq: number): number | null {
    const c = this.causeCol.data[seq] as number;
    return c === 0 ? null : c;
  }

  timeOf(seq: number): number {
    return this.timeCol.data[seq] as number;
  }

  effectsOf(seq: number): number[] {
    if (seq < 1 || seq > this.length) return [];
    return Array.from(this.effects.subarray(this.effectStart[seq] as number, this.effectStart[seq + 1] as number));
  }

  /** The last seq at or before `timeMs` (0 if none): the playhead position for a time. */
  seqAtTime(timeMs: number): number {
    let lo = 1;
    let hi = this.length;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.timeCol.data[mid] as number) <= timeMs) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  parseKey(id: number): { kind: string; namespace: string | null; name: string } {
    const [kind = '', ns = '', name = ''] = (this.keys[id] ?? '').split('\0');
    return { kind, namespace: ns === '' ? null : ns, name };
  }
}
