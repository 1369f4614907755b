import type { EventIndex } from './event-index.js';

/** One kind's live objects after its `pos` first writes: key ids and the seq of each one's latest version. */
export interface Checkpoint {
  pos: number;
  keys: Int32Array;
  seqs: Int32Array;
}

/**
 * Every kind's snapshots and key order, built (`Checkpoints.parts`) or read back from the
 * index cache, one kind at a time (undefined: not there, build it).
 */
export interface CheckpointParts {
  list: (kindId: number) => Checkpoint[] | undefined;
  order: (kindId: number) => Int32Array | undefined;
}

/**
 * Per kind, snapshots of "which version of which object is live", taken after
 * max(minInterval, live/2) writes of that kind and built the first time the kind is
 * asked for. A one-kind query folds only that kind's writes since its nearest snapshot:
 * on the 100,000-pod recording the 1,000 Nodes' state needs 1,000 entries and at most
 * 2,000 Node writes, never the 500,000 Events around them. Each kind's snapshots hold
 * at most about two entries per write of it (8 bytes each).
 */
export class Checkpoints {
  private readonly byKind: Array<Checkpoint[] | undefined>;
  /** Latest version seq by key id (0: not live), reused by every query: no Map per query. */
  private readonly scratch: Int32Array;
  private readonly orders: Array<Int32Array | undefined>;

  /**
   * `prebuilt`: every kind's snapshots and order as the index cache keeps them (taken with
   * the default interval): a cached open builds none. On the KWOK recording the Pods'
   * were ~0.11 s of a cached `get pods -A` (a pass over their writes with a Map, and
   * 20,202 keys sorted as strings), ~0.5 s at 100,000 Pods.
   */
  constructor(
    private readonly index: EventIndex,
    private readonly minInterval = 2000,
    prebuilt?: CheckpointParts,
  ) {
    this.byKind = new Array<Checkpoint[] | undefined>(index.kinds.length);
    this.orders = new Array<Int32Array | undefined>(index.kinds.length);
    this.scratch = new Int32Array(index.keyCount);
    this.prebuilt = prebuilt;
  }

  private readonly prebuilt: CheckpointParts | undefined;
  /** list's place of each key in its live arrays, all zeros between kinds (made on first build). */
  private places: Int32Array | undefined;

  /** Every kind's snapshots and key order, built now (for the index cache). */
  all(): { lists: Checkpoint[][]; orders: Int32Array[] } {
    const kinds = this.index.kinds.map((_, k) => k);
    return { lists: kinds.map((k) => this.list(k)), orders: kinds.map((k) => this.order(k)) };
  }

  /** These checkpoints as parts another Checkpoints can start from. */
  parts(): CheckpointParts {
    return { list: (k) => this.list(k), order: (k) => this.order(k) };
  }

  /** Snapshots built so far (kinds are built when first asked for). */
  get count(): number {
    return this.byKind.reduce((n, list) => n + (list?.length ?? 0), 0);
  }

  /** Builds every kind's snapshots now (a bench or a server that wants no first-query cost). */
  buildAll(): this {
    for (let k = 0; k < this.index.kinds.length; k++) this.list(k);
    return this;
  }

  /**
   * Calls `emit(keyId, versionSeq)` for each object of kind `kindId` live right after
   * `seq`, in key order (namespace, then name).
   */
  liveOfKind(kindId: number, seq: number, emit: (keyId: number, versionSeq: number) => void): void {
    const { keys, seqs } = this.liveArrays(kindId, seq);
    for (let i = 0; i < keys.length; i++) emit(keys[i] as number, seqs[i] as number);
  }

  /**
   * liveOfKind as two arrays, key ids and version seqs, in key order: no call and no
   * object per live object (100,000 Pods: two 400 kB arrays, not 100,000 `{keyId, seq}`).
   */
  liveArrays(kindId: number, seq: number): { keys: Int32Array; seqs: Int32Array } {
    const size = this.order(kindId).length;
    const keys = new Int32Array(size);
    const seqs = new Int32Array(size);
    const n = this.liveInto(kindId, seq, keys, seqs, 0);
    return { keys: keys.subarray(0, n), seqs: seqs.subarray(0, n) };
  }

  /** How many keys kind `kindId` ever had: liveInto writes at most this many entries. */
  keysOfKind(kindId: number): number {
    return this.order(kindId).length;
  }

  /**
   * liveArrays written into `outKeys` / `outSeqs` from position `at`; returns the position
   * after the last one written. Every kind's live set goes into one pair of arrays this
   * way (Replay.liveArraysAt): on the 100,000-pod recording ~430,000 live objects at a
   * random seq (784,357 keys ever), which as one `{keyId, seq}` object each took 84-183 ms
   * a query (p95, load 6-7), and as two arrays 7-10 ms.
   */
  liveInto(kindId: number, seq: number, outKeys: Int32Array, outSeqs: Int32Array, at: number): number {
    const list = this.list(kindId);
    const seqs = this.index.seqsOfKind(kindId);
    const end = upperBound(seqs, seq); // this kind's writes at or before seq: seqs[0 .. end)
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((list[mid] as Checkpoint).pos <= end) lo = mid;
      else hi = mid - 1;
    }
    const cp = list[lo] as Checkpoint;
    const cpKeys = cp.keys; // once: a snapshot from the index cache is read when first asked for
    const cpSeqs = cp.seqs;
    const live = this.scratch;
    for (let i = 0; i < cpKeys.length; i++) live[cpKeys[i] as number] = cpSeqs[i] as number;
    for (let i = cp.pos; i < end; i++) {
      const s = seqs[i] as number;
      const key = this.index.keyOf(s);
      live[key] = this.index.verbOf(s) === 3 ? 0 : s;
    }
    const order = this.order(kindId);
    let n = at;
    for (let i = 0; i < order.length; i++) {
      const key = order[i] as number;
      const v = live[key] as number;
      if (v !== 0) {
        outKeys[n] = key;
        outSeqs[n++] = v;
      }
    }
    // Back to all zeros for the next query: only the entries this one set.
    for (let i = 0; i < cpKeys.length; i++) live[cpKeys[i] as number] = 0;
    for (let i = cp.pos; i < end; i++) live[this.index.keyOf(seqs[i] as number)] = 0;
    return n;
  }

  private list(kindId: number): Checkpoint[] {
    const built = this.byKind[kindId] ?? (this.byKind[kindId] = this.prebuilt?.list(kindId));
    if (built !== undefined) return built;
    const list: Checkpoint[] = [{ pos: 0, keys: new Int32Array(0), seqs: new Int32Array(0) }];
    // The live objects as two dense arrays and each key's place in them (+1; 0: not live),
    // a delete moving the last entry into the hole: no Map entry a write (the 100,000-pod
    // recording's 1.3 M writes through a Map were ~0.4 s of a cold open).
    const seqs = this.index.seqsOfKind(kindId);
    const cap = Math.min(seqs.length, this.index.keyCount);
    const liveKeys = new Int32Array(cap);
    const liveSeqs = new Int32Array(cap);
    const place = (this.places ??= new Int32Array(this.index.keyCount));
    let size = 0;
    let since = 0;
    for (let i = 0; i < seqs.length; i++) {
      const s = seqs[i] as number;
      const key = this.index.keyOf(s);
      const at = place[key] as number;
      if (this.index.verbOf(s) === 3) {
        if (at !== 0) {
          const lastKey = liveKeys[--size] as number;
          liveKeys[at - 1] = lastKey;
          liveSeqs[at - 1] = liveSeqs[size] as number;
          place[lastKey] = at;
          place[key] = 0;
        }
      } else if (at !== 0) liveSeqs[at - 1] = s;
      else {
        liveKeys[size] = key;
        liveSeqs[size++] = s;
        place[key] = size;
      }
      if (++since >= Math.max(this.minInterval, size >> 1)) {
        list.push({ pos: i + 1, keys: liveKeys.slice(0, size), seqs: liveSeqs.slice(0, size) });
        since = 0;
      }
    }
    for (let i = 0; i < size; i++) place[liveKeys[i] as number] = 0; // all zeros again for the next kind
    this.byKind[kindId] = list;
    return list;
  }

  /** The kind's key ids sorted by key ("Kind\0namespace\0name"), once per kind. */
  private order(kindId: number): Int32Array {
    const built = this.orders[kindId] ?? (this.orders[kindId] = this.prebuilt?.order(kindId));
    if (built !== undefined) return built;
    if (this.index.keysInOrder) {
      // Key ids given in key order: this kind's keys are one run of ids (keyKind is sorted too).
      const keyKind = (id: number): number => this.index.kindOfKey(id);
      const first = lowerBound(this.index.keyCount, (id) => keyKind(id) >= kindId);
      const end = lowerBound(this.index.keyCount, (id) => keyKind(id) > kindId);
      const order = new Int32Array(end - first);
      for (let i = 0; i < order.length; i++) order[i] = first + i;
      this.orders[kindId] = order;
      return order;
    }
    const ids: number[] = [];
    const keys = this.index.keys;
    for (let id = 0; id < keys.length; id++) if (this.index.kindOfKey(id) === kindId) ids.push(id);
    ids.sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
    const order = Int32Array.from(ids);
    this.orders[kindId] = order;
    return order;
  }
}

/** The number of entries of the ascending `a` that are <= x. */
function upperBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first of 0..n for which the monotone `pred` holds (n if none). */
function lowerBound(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
