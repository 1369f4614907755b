import { Observable } from 'rxjs';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { KObject, WatchEvent, WatchEventType } from './types.js';
import { gone } from './status.js';

/** A change as the hub sees it: the object before (if any) and after. */
export interface Change {
  seq: number;
  resourceVersion: number;
  kind: string;
  type: WatchEventType;
  object: Readonly<KObject>;
  previous: Readonly<KObject> | undefined;
}

export interface WatchFilter {
  namespace?: string | null;
  /** Does the object pass the label and field selectors? */
  accept?: (obj: Readonly<KObject>) => boolean;
  /**
   * The `spec.nodeName=<value>` requirement of the field selector, when it has one (an
   * unscheduled pod's is ''): `accept` checks it too; the hub uses it as an index.
   */
  nodeName?: string;
}

interface Watcher {
  /** Order of subscription: watchers get a change in this order, however they are found. */
  id: number;
  kind: string;
  filter: WatchFilter;
  push: (event: WatchEvent) => void;
}

/** The node a pod is bound to, as a field selector compares it: missing is ''. */
function nodeOf(obj: Readonly<KObject> | undefined): string | undefined {
  if (obj === undefined) return undefined;
  const n = (obj.spec as { nodeName?: unknown } | undefined)?.nodeName;
  return n === undefined || n === null ? '' : String(n);
}

/** Adds to a list kept in subscription order (ids only grow, so appending keeps it sorted). */
function addTo<K>(map: Map<K, Watcher[]>, key: K, w: Watcher): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [w]);
  else list.push(w);
}

function removeFrom<K>(map: Map<K, Watcher[]>, key: K, w: Watcher): void {
  const list = map.get(key);
  if (list === undefined) return;
  const i = list.indexOf(w);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}

const NONE: readonly Watcher[] = [];

/**
 * The watchers of three lists sorted by id, in id order (a watcher is in one list only):
 * a merge into one array of the right length, where a spread of the three and a sort
 * with a comparator ran ~60 comparisons and grew an array on every pod write.
 */
function merged(x: readonly Watcher[], y: readonly Watcher[], z: readonly Watcher[]): Watcher[] {
  const out = new Array<Watcher>(x.length + y.length + z.length);
  let i = 0;
  let j = 0;
  let k = 0;
  for (let n = 0; n < out.length; n++) {
    const a = x[i];
    const b = y[j];
    const c = z[k];
    const ida = a === undefined ? Infinity : a.id;
    const idb = b === undefined ? Infinity : b.id;
    const idc = c === undefined ? Infinity : c.id;
    if (ida < idb && ida < idc) {
      out[n] = a as Watcher;
      i++;
    } else if (idb < idc) {
      out[n] = b as Watcher;
      j++;
    } else {
      out[n] = c as Watcher;
      k++;
    }
  }
  return out;
}

/**
 * Fans every change out to the watchers of its kind, and keeps a bounded history so a
 * watch can resume from a resourceVersion (410 Gone once it has fallen out, as with
 * etcd compaction). Delivery goes through the virtual scheduler after `latencyMs`, so a
 * component never reacts inside the write that it observes: like a real watch, the
 * event arrives a moment later, in order.
 */
export class WatchHub {
  private readonly history: Change[] = [];
  private head = 0; // index of the oldest kept change in the ring
  private nextId = 0;
  private count = 0;
  /** Watchers of each kind without a node index, in subscription order. */
  private readonly byKind = new Map<string, Watcher[]>();
  /**
   * Watchers with a `spec.nodeName=` field selector, by kind and node: each kubelet
   * watches its own node's pods, so at 1,000 nodes a pod write was offered to 1,000
   * watchers and 999 of them ran their selector only to refuse it. Upstream's watch
   * cache indexes pod watchers by spec.nodeName the same way (cacher's
   * indexedTrigger); here a pod write reaches the watchers of its node (before and
   * after) and the unindexed ones: 1,000 selector checks a write become ~20.
   */
  private readonly byNode = new Map<string, Map<string, Watcher[]>>();
  /**
   * The queues of watchers outside the simulation (HTTP clients), by watcher id (so in
   * subscription order): drained by deliverOutside() as well as by their virtual flush.
   */
  private readonly outside = new Map<number, () => void>();
  /** Whether an outside watcher has queued an event since the last deliverOutside(). */
  private outsideQueued = false;

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly latencyMs: number,
    private readonly capacity: number,
  ) {}

  get watcherCount(): number {
    return this.count;
  }

  publish(change: Change): void {
    if (this.history.length < this.capacity) this.history.push(change);
    else {
      this.history[this.head] = change;
      this.head = (this.head + 1) % this.capacity;
    }
    for (const w of this.candidates(change)) {
      const event = translate(change, w.filter);
      if (event !== undefined) w.push(event);
    }
  }

  /**
   * The watchers that may want `change`, in subscription order (the order deliveries are
   * scheduled in, and so the order components react in: the same as offering it to every
   * watcher in turn, as before the index). A node-indexed watcher can only want a pod that
   * is, or was, on its node: its selector refuses any other.
   */
  private candidates(change: Change): readonly Watcher[] {
    const plain = this.byKind.get(change.kind) ?? [];
    const nodes = this.byNode.get(change.kind);
    if (nodes === undefined) return plain;
    const now = nodeOf(change.object);
    const before = nodeOf(change.previous);
    const a = now === undefined ? undefined : nodes.get(now);
    const b = before === undefined || before === now ? undefined : nodes.get(before);
    if (a === undefined && b === undefined) return plain;
    return merged(plain, a ?? NONE, b ?? NONE);
  }

  private add(w: Watcher): void {
    this.count++;
    if (w.filter.nodeName === undefined) addTo(this.byKind, w.kind, w);
    else {
      let nodes = this.byNode.get(w.kind);
      if (nodes === undefined) this.byNode.set(w.kind, (nodes = new Map()));
      addTo(nodes, w.filter.nodeName, w);
    }
  }

  private remove(w: Watcher): void {
    this.count--;
    if (w.filter.nodeName === undefined) removeFrom(this.byKind, w.kind, w);
    else {
      const nodes = this.byNode.get(w.kind);
      if (nodes !== undefined) removeFrom(nodes, w.filter.nodeName, w);
    }
  }

  /** Changes of `kind` after resourceVersion `rv`, or 410 Gone if some were forgotten. */
  since(kind: string, rv: number, currentRv: number): Change[] {
    const n = this.history.length;
    const oldest = n === 0 ? undefined : this.history[n < this.capacity ? 0 : this.head];
    if (rv < currentRv && (oldest === undefined || oldest.resourceVersion > rv + 1)) {
      throw gone(`too old resource version: ${rv} (${oldest?.resourceVersion ?? currentRv})`);
    }
    const out: Change[] = [];
    for (let i = 0; i < n; i++) {
      const c = this.history[(this.head + i) % n] as Change;
      if (c.kind === kind && c.resourceVersion > rv) out.push(c);
    }
    return out;
  }

  /**
   * Hands every outside watcher (`watch(..., outside: true)`) what it has queued, now,
   * ahead of its virtual flush, which then delivers only what came after. Live mode calls
   * it from inside a long task: a ReplicaSet sync that creates 250 pods at 10,000 pods
   * ran 0.4-2.8 s, and its first pods reached no client before its last one was made.
   * Nothing in the simulation hears of it: in-sim watchers keep their virtual flush, and
   * every flush task is scheduled exactly as before (a drained queue's task finds it empty).
   */
  deliverOutside(): void {
    this.outsideQueued = false;
    for (const drain of [...this.outside.values()]) drain();
  }

  /** True when deliverOutside() would hand an outside watcher something (a flag: no queue is walked). */
  get outsidePending(): boolean {
    return this.outsideQueued;
  }

  /**
   * An Observable of watch events: `initial` first (synthetic ADDED for a fresh watch,
   * or replayed history for a resumed one), then live changes, all delivered in order.
   * `outside`: a client outside the simulation (an HTTP watch), whose queue
   * deliverOutside() may also drain.
   */
  watch(kind: string, filter: WatchFilter, initial: () => WatchEvent[], outside = false): Observable<WatchEvent> {
    return new Observable<WatchEvent>((subscriber) => {
      let queue: WatchEvent[] = [];
      let scheduled = false;
      const drain = (): void => {
        const batch = queue;
        queue = [];
        for (const e of batch) {
          if (subscriber.closed) return;
          subscriber.next(e);
        }
      };
      const flush = (): void => {
        scheduled = false;
        drain();
      };
      const push = (event: WatchEvent): void => {
        queue.push(event);
        if (outside) this.outsideQueued = true;
        if (!scheduled) {
          scheduled = true;
          this.scheduler.after(this.latencyMs, flush, `watch ${kind}`);
        }
      };
      const watcher: Watcher = { id: this.nextId++, kind, filter, push };
      for (const e of initial()) push(e);
      this.add(watcher);
      if (outside) this.outside.set(watcher.id, drain);
      let removed = false;
      return () => {
        if (!removed) this.remove(watcher);
        removed = true;
        this.outside.delete(watcher.id);
        queue = [];
      };
    });
  }
}

/** Whether `o` is in the watch's scope: its namespace, then its label and field selectors. */
function inScope(o: Readonly<KObject> | undefined, filter: WatchFilter): boolean {
  return (
    o !== undefined &&
    (filter.namespace === undefined || filter.namespace === null || o.metadata.namespace === filter.namespace) &&
    (filter.accept === undefined || filter.accept(o))
  );
}

/**
 * The event `change` is for a watcher with `filter`, if any. Called for every change and
 * every watcher it may reach (~20 a pod write at 1,000 nodes): a plain function of its
 * arguments, where a closure over `filter` made per call was ~32 bytes of garbage each
 * time (~640 bytes a pod write, all of it young: more scavenges, nothing kept).
 */
export function translate(change: Change, filter: WatchFilter): WatchEvent | undefined {
  const now = change.type !== 'DELETED' && inScope(change.object, filter);
  const before = change.type === 'ADDED' ? false : change.type === 'DELETED' ? inScope(change.object, filter) : inScope(change.previous, filter);
  // A filtered watch sees an object enter (ADDED) and leave (DELETED) its selector,
  // as upstream's watch cache does.
  if (change.type === 'DELETED') return before ? { type: 'DELETED', object: change.object, seq: change.seq } : undefined;
  if (now && before) return { type: 'MODIFIED', object: change.object, seq: change.seq };
  if (now) return { type: 'ADDED', object: change.object, seq: change.seq };
  if (before) return { type: 'DELETED', object: change.object, seq: change.seq };
  return undefined;
}
