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
}

interface Watcher {
  kind: string;
  filter: WatchFilter;
  push: (event: WatchEvent) => void;
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
  private readonly watchers = new Set<Watcher>();

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly latencyMs: number,
    private readonly capacity: number,
  ) {}

  get watcherCount(): number {
    return this.watchers.size;
  }

  publish(change: Change): void {
    if (this.history.length < this.capacity) this.history.push(change);
    else {
      this.history[this.head] = change;
      this.head = (this.head + 1) % this.capacity;
    }
    for (const w of this.watchers) {
      if (w.kind !== change.kind) continue;
      const event = translate(change, w.filter);
      if (event !== undefined) w.push(event);
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
   * An Observable of watch events: `initial` first (synthetic ADDED for a fresh watch,
   * or replayed history for a resumed one), then live changes, all delivered in order.
   */
  watch(kind: string, filter: WatchFilter, initial: () => WatchEvent[]): Observable<WatchEvent> {
    return new Observable<WatchEvent>((subscriber) => {
      let queue: WatchEvent[] = [];
      let scheduled = false;
      const flush = (): void => {
        scheduled = false;
        const batch = queue;
        queue = [];
        for (const e of batch) {
          if (subscriber.closed) return;
          subscriber.next(e);
        }
      };
      const push = (event: WatchEvent): void => {
        queue.push(event);
        if (!scheduled) {
          scheduled = true;
          this.scheduler.after(this.latencyMs, flush, `watch ${kind}`);
        }
      };
      const watcher: Watcher = { kind, filter, push };
      for (const e of initial()) push(e);
      this.watchers.add(watcher);
      return () => {
        this.watchers.delete(watcher);
        queue = [];
      };
    });
  }
}

export function translate(change: Change, filter: WatchFilter): WatchEvent | undefined {
  const inScope = (o: Readonly<KObject> | undefined): boolean =>
    o !== undefined &&
    (filter.namespace === undefined || filter.namespace === null || o.metadata.namespace === filter.namespace) &&
    (filter.accept === undefined || filter.accept(o));
  const now = change.type !== 'DELETED' && inScope(change.object);
  const before = change.type === 'ADDED' ? false : change.type === 'DELETED' ? inScope(change.object) : inScope(change.previous);
  // A filtered watch sees an object enter (ADDED) and leave (DELETED) its selector,
  // as upstream's watch cache does.
  if (change.type === 'DELETED') return before ? { type: 'DELETED', object: change.object, seq: change.seq } : undefined;
  if (now && before) return { type: 'MODIFIED', object: change.object, seq: change.seq };
  if (now) return { type: 'ADDED', object: change.object, seq: change.seq };
  if (before) return { type: 'DELETED', object: change.object, seq: change.seq };
  return undefined;
}
