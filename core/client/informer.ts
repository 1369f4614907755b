import type { Subscription } from 'rxjs';
import { matches, type Selector } from '../api/labels.js';
import { objectKey } from '../api/object-store.js';
import type { KObject, WatchEvent } from '../api/types.js';
import type { Client } from './client.js';

export interface InformerEvent extends WatchEvent {
  /** The cached object before this event (MODIFIED, DELETED). */
  old: Readonly<KObject> | undefined;
}

export type InformerHandler = (event: InformerEvent) => void;

/** A cached object with the key it is held under: its newest version is written in place. */
interface Cached {
  readonly key: string;
  object: Readonly<KObject>;
}

/**
 * A shared informer: list+watch one kind into a local cache and tell handlers about
 * every change, with the seq of the write that caused it. The cache lags the API server
 * by the watch latency, exactly the lag controllers must tolerate (hence expectations).
 */
export class Informer {
  /** key ("ns/name", or name) -> the cached object, in the order the keys first came (as a Map of objects kept them). */
  private readonly cache = new Map<string, Cached>();
  /**
   * The same entries by namespace ('' for a cluster-scoped kind) and name, which is how an
   * event finds its object: an object's versions carry the very same name string (one
   * object in V8, its hash kept in it), so the lookup hashes nothing and compares by
   * pointer, and a new version is written into the entry, with no second lookup. A key
   * made again per event (`default/` + name: a new string to flatten, hash and compare by
   * content with the one the Map held), then `get` and `set` in a Map of 100,000, was the
   * informer's largest cost: line `cache.get(key)` alone was 736 of `apply`'s 1,442 ticks
   * in the lead's 100,000-pod profile, with 4 Pod informers (controller-manager,
   * scheduler, metrics-server, the pod's kubelet) seeing each of the scale-up's ~540,000
   * Pod events. A 100,000-entry Map asked 1 M times (tmp bench): 2.5 us a lookup with a
   * key made each time, 0.27 us with the held key. The cost in memory: an entry and a slot
   * in the by-name Map, ~65 bytes a cached object (kwok-scale 30: live heap +3 / +8 / +8 MB
   * after each phase over 4 Pod informers), so ~25 MB at 100,000 pods.
   */
  private readonly byName = new Map<string, Map<string, Cached>>();
  private readonly handlers: InformerHandler[] = [];
  /**
   * Index name -> value -> the cached entries with that value, in (re)insertion order. The
   * entries themselves, not their keys: byIndex reads each one's object with no lookup
   * (a ReplicaSet's sync lists its 1,000 pods, each a `cache.get` in a Map of 100,000:
   * byIndex 0.7 s of the lead's 100,000-pod scale-up, 351 ticks on that line).
   */
  private readonly indices = new Map<string, Map<string, Set<Cached>>>();
  /**
   * The indexes with their functions, in the order they were added: what `apply` walks on
   * every event, without iterating the Map's entries (an array per index per event) and
   * looking each index up by name.
   */
  private readonly indexList: Array<{ fn: (obj: Readonly<KObject>) => readonly string[]; index: Map<string, Set<Cached>> }> = [];
  private subscription: Subscription | undefined;
  private lastSeq = 0;

  constructor(
    private readonly client: Client,
    readonly kind: string,
    private readonly options: { namespace?: string; fieldSelector?: string } = {},
  ) {}

  on(handler: InformerHandler): this {
    this.handlers.push(handler);
    return this;
  }

  start(): this {
    if (this.subscription !== undefined) return this;
    this.subscription = this.client.watch(this.kind, {
      namespace: this.options.namespace ?? null,
      ...(this.options.fieldSelector !== undefined ? { fieldSelector: this.options.fieldSelector } : {}),
    }).subscribe((e) => this.apply(e));
    return this;
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** The seq of the newest event this cache has seen. */
  get observedSeq(): number {
    return this.lastSeq;
  }

  get(namespace: string | null | undefined, name: string): Readonly<KObject> | undefined {
    return this.byName.get(namespace || '')?.get(name)?.object;
  }

  list(namespace?: string | null, selector?: Selector | null): Array<Readonly<KObject>> {
    const out: Array<Readonly<KObject>> = [];
    for (const { object: obj } of this.cache.values()) {
      if (namespace && obj.metadata.namespace !== namespace) continue;
      if (selector === null) continue; // a nil selector selects nothing
      if (selector !== undefined && !matches(selector, obj.metadata.labels)) continue;
      out.push(obj);
    }
    return out;
  }

  /**
   * cache.Indexer: objects by a derived value (pods by their controller's uid), so a
   * ReplicaSet of 5,000 replicas does not scan every pod of the namespace per sync.
   */
  addIndex(name: string, fn: (obj: Readonly<KObject>) => readonly string[]): this {
    if (this.indices.has(name)) return this;
    const index = new Map<string, Set<Cached>>();
    this.indices.set(name, index);
    this.indexList.push({ fn, index });
    for (const cached of this.cache.values()) for (const v of fn(cached.object)) addTo(index, v, cached);
    return this;
  }

  byIndex(name: string, value: string): Array<Readonly<KObject>> {
    const entries = this.indices.get(name)?.get(value);
    if (entries === undefined) return [];
    const out: Array<Readonly<KObject>> = [];
    for (const cached of entries) out.push(cached.object);
    return out;
  }

  /** Whether some value of index `name` has a cached object and passes `test` (false for an index not added). */
  someIndexValue(name: string, test: (value: string) => boolean): boolean {
    const index = this.indices.get(name);
    if (index === undefined) return false;
    for (const [value, entries] of index) if (entries.size > 0 && test(value)) return true;
    return false;
  }

  /** Every cached object, in no particular order. */
  values(): IterableIterator<Readonly<KObject>> {
    return new CachedObjects(this.cache.values());
  }

  get size(): number {
    return this.cache.size;
  }

  /** How many values of index `name` have a cached object (0 for an index not added): what the index keeps a Set for. */
  indexValueCount(name: string): number {
    return this.indices.get(name)?.size ?? 0;
  }

  /** How many namespaces hold a cached object (cluster-scoped objects count as one, ''): what the by-name lookup keeps a Map for. */
  get namespaceCount(): number {
    return this.byName.size;
  }

  /**
   * The cache and the indexes change, then every handler runs, all in this one call: a
   * handler that keeps state beside the cache (the garbage collector's set of owners being
   * deleted) relies on no other delivery coming in between.
   */
  private apply(e: WatchEvent): void {
    const namespace = e.object.metadata.namespace || '';
    const name = e.object.metadata.name ?? '';
    let names = this.byName.get(namespace);
    if (names === undefined) this.byName.set(namespace, (names = new Map()));
    let cached = names.get(name);
    const old = cached?.object;
    if (cached === undefined) {
      cached = { key: objectKey(namespace, name), object: e.object };
      if (e.type !== 'DELETED') {
        names.set(name, cached);
        this.cache.set(cached.key, cached);
      }
    } else if (e.type === 'DELETED') {
      names.delete(name);
      this.cache.delete(cached.key);
    } else cached.object = e.object;
    // A namespace's map goes with its last object: a namespace per test run or per CI job,
    // created and deleted, would otherwise leave an empty Map (~200 bytes) per name for good.
    if (names.size === 0) this.byName.delete(namespace);
    for (let i = 0; i < this.indexList.length; i++) {
      const { fn, index } = this.indexList[i] as (typeof this.indexList)[number];
      // Indexed loops: `for...of` over the index function's list made an iterator per
      // event and index (~50 MB of the 10,000-pod run's allocation, kub10's profile).
      const oldValues = old === undefined ? undefined : fn(old);
      if (oldValues !== undefined) for (let j = 0; j < oldValues.length; j++) index.get(oldValues[j] as string)?.delete(cached);
      if (e.type !== 'DELETED') {
        const values = fn(e.object);
        for (let j = 0; j < values.length; j++) addTo(index, values[j] as string, cached);
      }
      // A value's Set goes with its last object, as a namespace's map does: pods by their
      // ReplicaSet's uid, each ReplicaSet of a rollout deleted in turn, or by a node that
      // left, would keep an empty Set and its key per value for good. Looked
      // at after the add, so an update that keeps its values (most: a status write) keeps
      // the Set it is in rather than dropping and making it again.
      if (oldValues !== undefined) {
        for (let j = 0; j < oldValues.length; j++) {
          const value = oldValues[j] as string;
          if (index.get(value)?.size === 0) index.delete(value);
        }
      }
    }
    if (e.seq > this.lastSeq) this.lastSeq = e.seq;
    // The three members of a watch event and `old`, as a literal: a spread copied `e`'s
    // shape and then added `old` past its in-object room (a property array of its own).
    const event: InformerEvent = { type: e.type, object: e.object, seq: e.seq, old };
    for (const h of this.handlers) {
      // rxjs would swallow what a handler throws and rethrow it later on a real timer:
      // hand it to the clock, which treats it as the task's own error.
      try {
        h(event);
      } catch (error) {
        this.client.api.scheduler.reportTaskError(error, `${this.client.actor} ${this.kind} watch`);
      }
    }
  }
}

/**
 * The objects of the cache's entries, in its order: an iterator of its own rather than a
 * generator (metrics-server's scrape walks 100,000 of them every 15 s; a generator's
 * resume and result per object measured 23-31 ns against 5-9 ns for this, alone).
 */
class CachedObjects implements IterableIterator<Readonly<KObject>> {
  private readonly result: IteratorResult<Readonly<KObject>> = { done: false, value: undefined as unknown as Readonly<KObject> };

  constructor(private readonly entries: IterableIterator<Cached>) {}

  next(): IteratorResult<Readonly<KObject>> {
    const n = this.entries.next();
    if (n.done === true) return { done: true, value: undefined };
    (this.result as { value: Readonly<KObject> }).value = n.value.object;
    return this.result;
  }

  [Symbol.iterator](): IterableIterator<Readonly<KObject>> {
    return this;
  }
}

function addTo(index: Map<string, Set<Cached>>, value: string, cached: Cached): void {
  let set = index.get(value);
  if (set === undefined) index.set(value, (set = new Set()));
  set.add(cached);
}
