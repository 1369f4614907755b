import type { Recording } from '../record/recording.js';
import { LIGHT_INDEX } from '../record/schema.js';

const VERB_CODE: Record<string, number> = { create: 1, update: 2, delete: 3 };

/** Keys as the cache holds them: key id's bytes end at ends[id] (and start where the one before ends). */
export interface KeyText {
  bytes: Buffer;
  ends: Int32Array;
  encoding: 'latin1' | 'utf8';
}

/** What EventIndex.finish derives from the columns: kind names, each key's kind, each kind's seqs (CSR). */
export interface Derived {
  kinds: string[];
  keyKind: Int32Array;
  kindStart: Int32Array;
  kindSeqs: Int32Array;
}

/** A typed array that grows by doubling, or (an index from the cache) is read when first used. */
class Column<A extends Int32Array | Float64Array | Uint8Array> {
  private current: A | undefined;
  private loader: (() => A) | undefined;

  constructor(
    data: A,
    private readonly make: (n: number) => A,
  ) {
    this.current = data;
  }

  get data(): A {
    return (this.current ??= (this.loader as () => A)());
  }

  set data(a: A) {
    this.current = a;
    this.loader = undefined;
  }

  /** Read by `load` on first use: `get pods` never reads the causes, each key's kind, nor the times (seqAtTime peeks at ~21 of them). */
  lazy(load: () => A): void {
    this.current = undefined;
    this.loader = load;
  }

  get loaded(): boolean {
    return this.current !== undefined;
  }

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
  /** keyId -> "Kind\0namespace\0name"; read from the cache, made on first use (see keyAt). */
  private keyList: string[] | undefined = [];
  private keyText: KeyText | undefined;
  /** Reads the keys' bytes when first needed (an index from the cache: index-cache.ts). */
  private keySource: (() => KeyText) | undefined;
  private keyTotal = 0;
  private keyIdMap: Map<string, number> | undefined;
  /**
   * Every key, keyId -> "Kind\0namespace\0name". An index read from the cache makes these
   * strings on first use only: `get pods -A` needs none of the KWOK recording's 225,981
   * (~0.1-0.3 s of decoding and GC; ~1.1 M keys at 100,000 pods), `keyAt` makes one.
   */
  get keys(): string[] {
    if (this.keyList === undefined) {
      const list = new Array<string>(this.keyTotal);
      for (let id = 0; id < list.length; id++) list[id] = this.keyAt(id);
      this.keyList = list;
    }
    return this.keyList;
  }

  get keyCount(): number {
    return this.keyList?.length ?? this.keyTotal;
  }

  /** The key of one keyId, made from the cache's bytes if the list is not made. */
  keyAt(id: number): string {
    if (this.keyList !== undefined) return this.keyList[id] as string;
    const { bytes, ends, encoding } = (this.keyText ??= (this.keySource as () => KeyText)());
    return bytes.toString(encoding, id === 0 ? 0 : (ends[id - 1] as number), ends[id] as number);
  }

  /**
   * keyAt, but from the cache file without reading every key when none is read yet (two
   * small reads): for a search through a few dozen keys (Replay's namespace range, a
   * name), where reading all of them (~50 MB at 100,000 Pods) would cost more than the search.
   */
  keyPeek(id: number): string {
    if (this.keyList !== undefined || this.keyText !== undefined || this.peek === undefined) return this.keyAt(id);
    return this.peek(id);
  }

  private peek: ((id: number) => string) | undefined;

  /** Key -> keyId, built on first use: an index read from the cache never needs it (226,000 keys on the 20,000-pod recording). */
  get keyIds(): Map<string, number> {
    return (this.keyIdMap ??= new Map(this.keys.map((k, i) => [k, i])));
  }
  private readonly keyCol = new Column(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly verbCol = new Column(new Uint8Array(1024), (n) => new Uint8Array(n));
  private readonly causeCol = new Column(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly timeCol = new Column(new Float64Array(1024), (n) => new Float64Array(n));
  /** Effects of each seq, as CSR arrays: effects[effectStart[s] .. effectStart[s+1]). */
  private effectStart = new Int32Array(0);
  private effects = new Int32Array(0);
  /** Kind names, sorted, and each key's kind (an index into them). */
  kinds: string[] = [];
  private readonly keyKindCol = new Column<Int32Array>(new Int32Array(0), (n) => new Int32Array(n));
  /** One time by seq from the cache file, when the times are not read (seqAtTime's binary search). */
  private timePeek: ((seq: number) => number) | undefined;
  /** The seqs of each kind's writes, ascending, as CSR arrays: kindSeqs[kindStart[k] .. kindStart[k+1]). */
  private kindStart: Int32Array = new Int32Array(1);
  private kindSeqs: Int32Array = new Int32Array(0);
  length = 0; // highest seq indexed; seqs are 1..length
  /**
   * Key ids were given in key order (buildGrouped): each kind's keys are then one run of
   * ids, already sorted, and Checkpoints takes that run instead of sorting its keys
   * (784,357 keys on the 100,000-pod recording: ~0.8 s of a cold open).
   */
  keysInOrder = false;

  /**
   * The query an index is built from. A schema-5 recording answers it from its covering
   * index `events_light` (~60 bytes an event: 1,000,000 events are ~60 MB of pages);
   * an older one from the table, whose pages hold each row's object too (~3.5 kB an event
   * on bench item 2's recording: the whole 4.1 GB file read, 16 s cold on a loaded machine).
   * INDEXED BY says so rather than leaving it to the planner: if the index is gone the
   * statement fails loudly instead of silently reading the table.
   */
  static buildSql(rec: Recording): string {
    // SQLite makes the key and the verb's code: one string a row handed to JS instead of
    // four, and no concatenation here (on the KWOK recording, 396,141 rows, the JS side of
    // indexing was ~1.3 s of add() and ~1.1 s of GC for ~2.2 s of SQLite stepping).
    const cols = "SELECT seq, time_ms, CASE verb WHEN 'create' THEN 1 WHEN 'delete' THEN 3 ELSE 2 END, kind || char(0) || coalesce(namespace, '') || char(0) || name, cause_seq FROM events";
    return rec.hasLightIndex() ? `${cols} INDEXED BY ${LIGHT_INDEX} ORDER BY seq` : `${cols} ORDER BY seq`;
  }

  /**
   * The index of `rec`: from schema 5's grouped texts where they read back exactly, else a
   * row at a time. `onRow` hears every 65,536th seq of the row-at-a-time build, and the last
   * seq once when the grouped build is done (it has no rows to count).
   */
  static build(rec: Recording, onRow?: (seq: number) => void): EventIndex {
    if (rec.hasLightIndex()) {
      const grouped = buildGrouped(rec);
      if (grouped !== undefined) {
        if (onRow !== undefined && grouped.length > 0) onRow(grouped.length);
        return grouped;
      }
    }
    return EventIndex.buildByRows(rec, onRow);
  }

  /** build, one row of events_light (or of the table) handed to JS per event. */
  static buildByRows(rec: Recording, onRow?: (seq: number) => void): EventIndex {
    const idx = new EventIndex();
    const stmt = rec.db.prepare(EventIndex.buildSql(rec)).raw(true);
    for (const raw of stmt.iterate()) {
      const r = raw as [number, number, number, string, number | null];
      idx.addKeyed(r[0], r[1], r[2], r[3], r[4]);
      if (onRow !== undefined && (r[0] & 0xffff) === 0) onRow(r[0]);
    }
    idx.finish();
    return idx;
  }

  add(seq: number, timeMs: number, verb: string, kind: string, namespace: string | null, name: string, cause: number | null): void {
    this.addKeyed(seq, timeMs, VERB_CODE[verb] ?? 2, `${kind}\0${namespace ?? ''}\0${name}`, cause);
  }

  /** `add` with the key already made ("Kind\0namespace\0name") and the verb as its code (1 create, 2 update, 3 delete). */
  addKeyed(seq: number, timeMs: number, verbCode: number, key: string, cause: number | null): void {
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
    this.verbCol.data[seq] = verbCode;
    this.causeCol.data[seq] = cause ?? 0;
    this.timeCol.data[seq] = timeMs;
    if (seq > this.length) this.length = seq;
  }

  /**
   * The columns as stored in the index cache (index-cache.ts): seq-indexed, 0..length.
   * `fromColumns` takes them back; `finish` rebuilds everything derived from them.
   */
  columns(): { key: Int32Array; verb: Uint8Array; cause: Int32Array; time: Float64Array } {
    const n = this.length + 1;
    return { key: this.keyCol.data.subarray(0, n), verb: this.verbCol.data.subarray(0, n), cause: this.causeCol.data.subarray(0, n), time: this.timeCol.data.subarray(0, n) };
  }

  /**
   * `owned`: the arrays are the caller's to give (index-cache.ts reads them into a buffer
   * of their own, aligned): kept as they are, not copied again (~7 MB on the KWOK recording).
   */
  static fromColumns(keys: string[], cols: { key: Int32Array<ArrayBuffer>; verb: Uint8Array<ArrayBuffer>; cause: Int32Array<ArrayBuffer>; time: Float64Array<ArrayBuffer> }, owned = false): EventIndex {
    const idx = new EventIndex();
    idx.keyList = owned ? keys : [...keys];
    // Copies otherwise (a few ms for a million events): the columns own their memory, aligned.
    idx.keyCol.data = owned ? cols.key : new Int32Array(cols.key);
    idx.verbCol.data = owned ? cols.verb : new Uint8Array(cols.verb);
    idx.causeCol.data = owned ? cols.cause : new Int32Array(cols.cause);
    idx.timeCol.data = owned ? cols.time : new Float64Array(cols.time);
    idx.length = cols.key.length - 1;
    idx.finish();
    return idx;
  }

  /**
   * An index from columns and keys made elsewhere (buildGrouped), key ids in key order;
   * `finish` derives the rest.
   */
  static fromGrouped(keys: string[], cols: { key: Int32Array<ArrayBuffer>; verb: Uint8Array<ArrayBuffer>; cause: Int32Array<ArrayBuffer>; time: Float64Array<ArrayBuffer> }, length: number): EventIndex {
    const idx = new EventIndex();
    idx.keyList = keys;
    idx.keyCol.data = cols.key;
    idx.verbCol.data = cols.verb;
    idx.causeCol.data = cols.cause;
    idx.timeCol.data = cols.time;
    idx.length = length;
    idx.keysInOrder = true;
    idx.finish();
    return idx;
  }

  /** What `finish` derives from the columns, as the index cache keeps it (index-cache.ts). */
  derived(): Derived {
    return { kinds: this.kinds, keyKind: this.keyKindCol.data, kindStart: this.kindStart, kindSeqs: this.kindSeqs };
  }

  /**
   * An index from the cache: the columns and what `finish` derived from them, kept as
   * given (views of the file's buffer): nothing is rebuilt. The keys are read when first
   * needed (`keys()` gives their bytes, `ends[id]`: where key id ends), no string made
   * before `keyAt` asks for one.
   */
  static fromCache(
    keyCount: number,
    keys: () => KeyText,
    peek: ((id: number) => string) | undefined,
    cols: { key: Int32Array<ArrayBuffer>; verb: Uint8Array<ArrayBuffer>; cause: () => Int32Array<ArrayBuffer>; time: () => Float64Array<ArrayBuffer>; timeAt: (seq: number) => number },
    derived: Omit<Derived, 'keyKind'> & { keyKind: () => Int32Array },
  ): EventIndex {
    const idx = new EventIndex();
    idx.keyList = undefined;
    idx.keyTotal = keyCount;
    idx.keySource = keys;
    idx.peek = peek;
    idx.keyCol.data = cols.key;
    idx.verbCol.data = cols.verb;
    idx.causeCol.lazy(cols.cause);
    idx.timeCol.lazy(cols.time);
    idx.timePeek = cols.timeAt;
    idx.length = cols.key.length - 1;
    idx.kinds = derived.kinds;
    idx.keyKindCol.lazy(derived.keyKind);
    idx.kindStart = derived.kindStart;
    idx.kindSeqs = derived.kindSeqs;
    idx.effectsBuilt = false;
    return idx;
  }

  /**
   * Builds the per-kind seq lists once all rows are in; the reverse (effects) index waits
   * for its first use (`why`, the viewer's chains): `get` and `events` never need it, and
   * it was ~60-120 ms of a cached `get` on the KWOK recording (396,141 causes walked twice).
   */
  finish(): void {
    this.finishKinds();
    this.effectsBuilt = false;
  }

  private effectsBuilt = false;

  private finishEffects(): void {
    this.effectsBuilt = true;
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

  /**
   * Each kind's writes in seq order, so a one-kind query folds only that kind's rows: on
   * the 100,000-pod recording the 1,000 Nodes' 1.2 % of the writes, not every Event's.
   */
  private finishKinds(): void {
    // Each key's kind in first-seen order, then renumbered in name order. A key of the
    // same kind as the one before it (most are: keys are interned as their kinds' writes
    // come) is told by a prefix check, not a slice and a Map lookup: 225,981 keys on the
    // KWOK recording, ~60 ms -> ~15 ms.
    const names = new Map<string, number>();
    const keys = this.keys;
    const keyKind = new Int32Array(keys.length);
    let prev = '\0'; // no kind: the first key never matches it
    let prevId = -1;
    for (let id = 0; id < keys.length; id++) {
      const key = keys[id] as string;
      if (key.charCodeAt(prev.length) !== 0 || !key.startsWith(prev)) {
        prev = key.slice(0, key.indexOf('\0'));
        let known = names.get(prev);
        if (known === undefined) names.set(prev, (known = names.size));
        prevId = known;
      }
      keyKind[id] = prevId;
    }
    this.kinds = [...names.keys()].sort();
    const rank = new Int32Array(names.size);
    for (const [kind, firstSeen] of names) rank[firstSeen] = this.kinds.indexOf(kind);
    for (let id = 0; id < keyKind.length; id++) keyKind[id] = rank[keyKind[id] as number] as number;
    this.keyKindCol.data = keyKind;
    const n = this.length;
    const start = new Int32Array(this.kinds.length + 1);
    const keyCol = this.keyCol.data;
    const verbCol = this.verbCol.data;
    for (let s = 1; s <= n; s++) {
      if (verbCol[s] === 0) continue; // a gap in seqs
      const k = (keyKind[keyCol[s] as number] as number) + 1;
      start[k] = (start[k] as number) + 1;
    }
    for (let k = 1; k < start.length; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
    const fill = start.slice();
    const seqs = new Int32Array(start[this.kinds.length] as number);
    for (let s = 1; s <= n; s++) {
      if (verbCol[s] === 0) continue; // a gap in seqs
      const k = keyKind[keyCol[s] as number] as number;
      seqs[fill[k] as number] = s;
      fill[k] = (fill[k] as number) + 1;
    }
    this.kindStart = start;
    this.kindSeqs = seqs;
  }

  /** The kind id of a kind name, or -1 when the recording has none of it. */
  kindId(kind: string): number {
    let lo = 0;
    let hi = this.kinds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = this.kinds[mid] as string;
      if (k === kind) return mid;
      if (k < kind) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  kindOfKey(keyId: number): number {
    return this.keyKindCol.data[keyId] as number;
  }

  /** The seqs of one kind's writes, ascending (a view, not a copy). */
  seqsOfKind(kindId: number): Int32Array {
    return this.kindSeqs.subarray(this.kindStart[kindId] as number, this.kindStart[kindId + 1] as number);
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
    // A seq outside 0..length reads the column, as before (undefined), never other bytes of the file.
    if (!this.timeCol.loaded && this.timePeek !== undefined && Number.isInteger(seq) && seq >= 0 && seq <= this.length) return this.timePeek(seq);
    return this.timeCol.data[seq] as number;
  }

  effectsOf(seq: number): number[] {
    if (seq < 1 || seq > this.length) return [];
    if (!this.effectsBuilt) this.finishEffects();
    return Array.from(this.effects.subarray(this.effectStart[seq] as number, this.effectStart[seq + 1] as number));
  }

  /** The last seq at or before `timeMs` (0 if none): the playhead position for a time. */
  seqAtTime(timeMs: number): number {
    let lo = 1;
    let hi = this.length;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeOf(mid) <= timeMs) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  parseKey(id: number): { kind: string; namespace: string | null; name: string } {
    const [kind = '', ns = '', name = ''] = (id >= 0 && id < this.keyCount ? this.keyAt(id) : '').split('\0');
    return { kind, namespace: ns === '' ? null : ns, name };
  }
}

/** Seqs a statement of buildGrouped's columns covers: its text ~20 bytes a row, ~20 MB. */
const GROUP_SEQS = 1 << 20;

/**
 * `EventIndex.build` of a schema-5 recording with SQLite doing the stepping, and handing
 * JS a few long strings instead of a row an event: better-sqlite3 costs ~0.9 us a row
 * (the 100,000-pod recording's 1.3 M events: 1.1 s of CPU for the rows alone, then ~1.3 s
 * interning each row's key in a Map and ~0.8 s sorting 784,357 keys for the checkpoints).
 * Here: (1) seq, time, verb and cause of every event from events_light as one text of
 * numbers a chunk of seqs (`group_concat`, ~0.4 s with its parse), and (2) each kind's
 * keys from events_object, grouped by key, in key order, each with its seqs: the key id
 * is the key's place in that order, so no Map, and each kind's keys are already sorted.
 * Whatever does not read back exactly (a character that is not a digit where a number
 * is, a key out of order, a seq given twice or missing, a text too long for a string)
 * returns undefined and the caller indexes row by row.
 */
function buildGrouped(rec: Recording): EventIndex | undefined {
  // A run killed before its seal has no events_object (Recording.hasObjectIndex): row by row then.
  if (!rec.hasObjectIndex()) return undefined;
  try {
    const last = rec.db.prepare(`SELECT max(seq) FROM events INDEXED BY ${LIGHT_INDEX}`).pluck(true).get() as number | null;
    if (last === null || !Number.isSafeInteger(last) || last < 1 || last >= 2 ** 31 - 1) return undefined;
    const n = last + 1;
    const key = new Int32Array(n).fill(-1);
    const verb = new Uint8Array(n);
    const cause = new Int32Array(n);
    const time = new Float64Array(n);
    const colsStmt = rec.db
      .prepare(
        `SELECT group_concat(seq || ',' || time_ms || ',' || CASE verb WHEN 'create' THEN 1 WHEN 'delete' THEN 3 ELSE 2 END || ',' || coalesce(cause_seq, 0), ',') ` +
          `FROM (SELECT seq, time_ms, verb, cause_seq FROM events INDEXED BY ${LIGHT_INDEX} WHERE seq >= ? AND seq < ? ORDER BY seq)`,
      )
      .pluck(true);
    let rows = 0;
    const nums = new Float64Array(4);
    for (let from = 1; from <= last; from += GROUP_SEQS) {
      const text = colsStmt.get(from, from + GROUP_SEQS) as string | null;
      if (text === null) continue;
      // Four numbers a row, all separated by commas: seq, time, verb code, cause (0: none).
      let f = 0;
      let v = 0;
      let neg = false;
      let digits = 0;
      for (let i = 0; i <= text.length; i++) {
        const c = i < text.length ? text.charCodeAt(i) : 44;
        if (c >= 48 && c <= 57) {
          v = v * 10 + (c - 48);
          digits++;
        } else if (c === 45 && digits === 0 && !neg && f === 1) neg = true; // only a time may be negative
        else if (c === 44 && digits > 0 && digits <= 15) {
          nums[f] = neg ? -v : v;
          v = 0;
          digits = 0;
          neg = false;
          if (++f === 4) {
            f = 0;
            const s = nums[0] as number;
            if (s < from || s >= from + GROUP_SEQS || s > last || verb[s] !== 0) return undefined;
            time[s] = nums[1] as number;
            verb[s] = nums[2] as number;
            const cs = nums[3] as number;
            if (cs > 2 ** 31 - 1) return undefined;
            cause[s] = cs;
            rows++;
          }
        } else return undefined; // a number this cannot read exactly: index row by row
      }
      if (f !== 0) return undefined;
    }
    // The kinds by one seek each in events_object (~15 on the 100,000-pod recording), not a
    // DISTINCT over its 1.3 M entries (46 ms).
    const kinds = (
      rec.db
        .prepare('WITH RECURSIVE k(x) AS (SELECT min(kind) FROM events UNION ALL SELECT (SELECT min(kind) FROM events WHERE kind > x) FROM k WHERE x IS NOT NULL) SELECT x FROM k WHERE x IS NOT NULL')
        .pluck(true)
        .all() as string[]
    ).sort();
    const keysStmt = rec.db
      .prepare(
        "SELECT group_concat(k || char(1) || s, char(2)) FROM (SELECT kind || char(0) || coalesce(namespace, '') || char(0) || name AS k, group_concat(seq) AS s " +
          'FROM events INDEXED BY events_object WHERE kind = ? GROUP BY namespace, name ORDER BY namespace, name)',
      )
      .pluck(true);
    const keys: string[] = [];
    let prev = '';
    let placed = 0;
    for (const kind of kinds) {
      const text = keysStmt.get(kind) as string | null;
      if (text === null) continue;
      let at = 0;
      while (at < text.length) {
        const sep = text.indexOf('\u0001', at);
        if (sep < 0) return undefined;
        let end = text.indexOf('\u0002', sep);
        if (end < 0) end = text.length;
        const k = text.slice(at, sep);
        if (!k.startsWith(`${kind}\0`)) return undefined;
        // A cluster-scoped key written with a null and an empty namespace is one key, as in
        // buildByRows; anything else out of JS's string order is not ours to trust.
        if (keys.length === 0 || k > prev) keys.push((prev = k));
        else if (k !== prev) return undefined;
        const id = keys.length - 1;
        let v = 0;
        let digits = 0;
        for (let i = sep + 1; i <= end; i++) {
          const c = i < end ? text.charCodeAt(i) : 44;
          if (c >= 48 && c <= 57) {
            v = v * 10 + (c - 48);
            digits++;
          } else if (c === 44 && digits > 0 && digits <= 10) {
            if (v < 1 || v > last || verb[v] === 0 || key[v] !== -1) return undefined;
            key[v] = id;
            placed++;
            v = 0;
            digits = 0;
          } else return undefined;
        }
        at = end + 1;
      }
    }
    if (placed !== rows) return undefined;
    for (let s = 0; s < n; s++) if (key[s] === -1) key[s] = 0; // seq 0 and gaps: as buildByRows leaves them
    return EventIndex.fromGrouped(keys, { key, verb, cause, time }, last);
  } catch {
    return undefined; // e.g. a text longer than a string can be: index row by row
  }
}
