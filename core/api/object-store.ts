import { Packer, packedSeq, unpack, type Packed } from './stored-pack.js';
import type { KObject } from './types.js';

/** One stored object: frozen, with its JSON and its last write's seq. */
export interface Stored {
  readonly obj: Readonly<KObject>;
  /** The object as JSON, the bytes the write recorded (JSON.stringify of a frozen object never changes). */
  readonly json: string;
  readonly seq: number;
}

/**
 * A stored object whose JSON is made when first asked for, then kept. The write's JSON
 * goes to the recording and is dropped: only the REST layer reads it back (GET, LIST),
 * and a simulation without `live` never does. At 100,000 pods that is the store's
 * largest part: a pod's JSON is ~4.8 kB and its ~6 Events' ~1.1 kB each, ~11.5 kB of
 * text per pod held beside the objects themselves (docs/performance.md).
 */
export class StoredObject implements Stored {
  private text: string | undefined;

  constructor(
    readonly obj: Readonly<KObject>,
    readonly seq: number,
  ) {}

  get json(): string {
    return (this.text ??= JSON.stringify(this.obj));
  }
}

/**
 * A packed stored object as a reader sees it (stored-pack.ts): made by get() or list(),
 * the object rebuilt when first asked for and kept while this view is.
 */
class PackedView implements Stored {
  private built: Readonly<KObject> | undefined;

  constructor(readonly packed: Packed) {}

  get seq(): number {
    return packedSeq(this.packed);
  }

  get obj(): Readonly<KObject> {
    return (this.built ??= unpack(this.packed));
  }

  get json(): string {
    return JSON.stringify(this.obj);
  }
}

/**
 * Kinds kept packed (stored-pack.ts): written often, read back rarely. Events: one GET per
 * ~400 writes in the 10,000-pod bench (the correlator's bump), no informer in the
 * simulation. Not Pods: every status write reads the stored pod first.
 */
const PACKED_KINDS: ReadonlySet<string> = new Set(['Event']);

/** `<namespace>/` strings, one per namespace (bounded: past it keys are made whole). */
const prefixes = new Map<string, string>();
const MAX_PREFIXES = 1024;

/**
 * The store's key of an object: `<namespace>/<name>`, or the name of a cluster-scoped one.
 * Made as the namespace's one `<namespace>/` string joined to the name (V8 keeps a long
 * enough join as a pair of the two strings, 32 bytes), not a new `<namespace>/` string
 * per key: `${namespace}/${name}` made the short `default/` anew each time (24 bytes more
 * a key, measured 94 -> 68 bytes a key with its Map entry, 200,000 keys). Every stored
 * object's key and every informer's is one: ~(6.4 Events + 1 pod + ~4 informer copies)
 * a pod.
 */
export function objectKey(namespace: string | null | undefined, name: string): string {
  if (!namespace) return name;
  let prefix = prefixes.get(namespace);
  if (prefix === undefined) {
    prefix = `${namespace}/`;
    if (prefixes.size < MAX_PREFIXES) prefixes.set(namespace, prefix);
  }
  return prefix + name;
}

/**
 * One kind's objects with their keys kept in order. A LIST used to sort every key of the
 * kind (10,000 pods: ~130,000 string compares, each request); now the sorted array is
 * brought up to date only when keys were added since the last list: the new keys (a few
 * per rollout step) are sorted alone and merged in one pass, O(n + k log k). A write never
 * pays for it (a set of an existing key changes no order; a new key is pushed to `added`;
 * a delete leaves its key in `sorted` until the next merge skips it), so a simulation
 * that never lists pays nothing, and one that creates 100,000 pods does not splice into a
 * 100,000-entry array per pod (50 GB of memmove).
 */
class KindBucket {
  readonly map = new Map<string, Stored | Packed>();
  /**
   * Keys in order; may hold deleted keys (not in `map`) until the next merge. Undefined
   * until the kind is first listed: a kind never listed (the Events, in a simulation)
   * keeps no key list at all (at 10,000 pods two lists of ~95,000 Event keys, ~20 bytes a
   * key with their slack, held only for a LIST that never came).
   */
  private sorted: string[] | undefined;
  /** Keys added since the last merge, unsorted; may repeat one in `sorted` (deleted, then created again). */
  private added: string[] = [];
  /** Keys in `sorted` that are no longer in `map`. */
  private stale = 0;

  set(key: string, stored: Stored | Packed): void {
    if (this.sorted !== undefined && !this.map.has(key)) {
      this.added.push(key);
      // Bounded without any LIST: merged once it is as long as the sorted part (amortized O(log n) a key).
      if (this.added.length > 1024 && this.added.length > this.sorted.length) this.merge(this.sorted);
    }
    this.map.set(key, stored);
  }

  delete(key: string): void {
    if (this.map.delete(key) && this.sorted !== undefined) {
      this.stale++;
      if (this.stale > 1024 && this.stale * 2 > this.sorted.length) this.merge(this.sorted);
    }
  }

  /** Every key in order (no deleted key, none twice). */
  keys(): readonly string[] {
    // The first LIST sorts every key once (plain sort: UTF-16 code units, as the merge's `<=`).
    if (this.sorted === undefined) return (this.sorted = [...this.map.keys()].sort());
    if (this.added.length > 0 || this.stale > 0) this.merge(this.sorted);
    return this.sorted;
  }

  private merge(old: readonly string[]): void {
    // Plain sort compares UTF-16 code units, as the `<` the store always sorted with.
    const add = this.added.sort();
    const out: string[] = [];
    let i = 0;
    let j = 0;
    let last: string | undefined;
    while (i < old.length || j < add.length) {
      const k = j >= add.length || (i < old.length && (old[i] as string) <= (add[j] as string)) ? (old[i++] as string) : (add[j++] as string);
      // A key deleted and created again is in both lists; a deleted one is in `sorted` only.
      if (k !== last && this.map.has(k)) out.push(k);
      last = k;
    }
    this.sorted = out;
    this.added = [];
    this.stale = 0;
  }
}

/** What the store holds as a reader sees it. */
function view(s: Stored | Packed): Stored {
  return Array.isArray(s) ? new PackedView(s) : s;
}

/**
 * The objects of every kind, keyed like etcd (namespace/name). Lists come back in key
 * order, as a real API server returns them and kubectl prints them.
 */
export class ObjectStore {
  private readonly kinds = new Map<string, KindBucket>();
  /** Per kind, the seq of its last write: what a cached LIST body of that kind depends on. */
  private readonly changed = new Map<string, number>();
  private readonly packer = new Packer();

  private bucket(kind: string): KindBucket {
    let b = this.kinds.get(kind);
    if (b === undefined) {
      b = new KindBucket();
      this.kinds.set(kind, b);
    }
    return b;
  }

  get(kind: string, key: string): Stored | undefined {
    const s = this.kinds.get(kind)?.map.get(key);
    return s === undefined ? undefined : view(s);
  }

  /**
   * Keeps `stored` under `key`: an object of a packed kind is packed (a view from get(),
   * set back by a rolled-back write, keeps the list it was made from).
   */
  set(kind: string, key: string, stored: Stored): void {
    const kept = stored instanceof PackedView ? stored.packed : PACKED_KINDS.has(kind) ? (this.packer.pack(stored.obj, stored.seq) ?? stored) : stored;
    this.bucket(kind).set(key, kept);
    this.changed.set(kind, (this.changed.get(kind) ?? 0) + 1);
  }

  delete(kind: string, key: string): void {
    this.kinds.get(kind)?.delete(key);
    this.changed.set(kind, (this.changed.get(kind) ?? 0) + 1);
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.map.size ?? 0;
  }

  /**
   * A number that changes whenever an object of `kind` is set or deleted (rolled-back
   * writes included): equal numbers mean the same objects, so a LIST body built at one
   * is still right at the other.
   */
  version(kind: string): number {
    return this.changed.get(kind) ?? 0;
  }

  /** Objects of a kind, optionally in one namespace, sorted by key. */
  list(kind: string, namespace?: string | null): Stored[] {
    const b = this.kinds.get(kind);
    if (b === undefined) return [];
    const keys = b.keys();
    let from = 0;
    let to = keys.length;
    if (namespace) {
      // A namespace's keys are one run of the order: "ns/" up to (not including) "ns0"
      // ('0' is the code unit after '/').
      from = lowerBound(keys, `${namespace}/`);
      to = lowerBound(keys, `${namespace}0`);
    }
    const out: Stored[] = new Array(to - from);
    for (let i = from; i < to; i++) out[i - from] = view(b.map.get(keys[i] as string) as Stored | Packed);
    return out;
  }
}

/** The first index whose key is >= `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Freezes `value` and everything in it. An array in it that is not frozen yet is replaced
 * by a copy of itself first (`slice`): an array built with push() has room for ~17
 * elements whatever its length (V8 grows a backing store to 1.5 x + 16), so a stored
 * pod's one-entry managedFields took 152 bytes of elements, not 24, and an Event's the
 * same; the copy has exactly its length. Same elements in the same order, so the same
 * JSON. (A frozen array is a stored object's part, already copied when it was frozen.)
 */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    const o = value as Record<string, unknown>;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (Array.isArray(v) && !Object.isFrozen(v)) value[i] = v.slice();
      }
    } else {
      for (const k in o) {
        const v = o[k];
        if (Array.isArray(v) && !Object.isFrozen(v) && Object.prototype.hasOwnProperty.call(o, k)) o[k] = v.slice();
      }
    }
    Object.freeze(value);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return value;
}
