import { idOf, isObject, keyOf, newerVersion, resourceVersionOf, type KObj } from '../captured-object.js';
import type { ClusterTransport } from './cluster-transport.js';

/** How one object came to be seen: the first list, a watch event, or a relist's difference. */
export type Sighting = 'list' | 'watch' | 'relist';

export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KObj;
  /** the state before (undefined for ADDED and for the first sighting) */
  prev: KObj | undefined;
  via: Sighting;
}

export interface ListWatchOptions {
  /** Seconds the server keeps a watch open before the client re-watches (client-go: 5 to 10 minutes). */
  timeoutSeconds: number;
  /** Waits before retrying after an error: wall time, injected (core/ has no real timers). */
  sleep(ms: number): Promise<void>;
  /** A failure worth telling the user (a retry follows). */
  warn(message: string): void;
}

/**
 * One resource's list-then-watch, as client-go's reflector does it: LIST, then WATCH
 * from the list's resourceVersion, re-WATCH from the newest resourceVersion seen when
 * the server ends the stream (its timeout), and on 410 Gone (the resourceVersion fell out
 * of the server's watch cache / etcd compaction) LIST again: the differences between the
 * new list and the cache are the changes the watch missed, delivered as `relist`
 * changes. BOOKMARK events only move the resourceVersion on.
 */
export class ListWatch {
  private readonly cache = new Map<string, KObj>();
  private rv = '';
  private current: { abort(): void } | undefined;
  private stopped = false;
  /** 410s answered: each one a relist */
  relists = 0;
  private finished: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly transport: ClusterTransport,
    private readonly emit: (c: Change) => void,
    private readonly opts: ListWatchOptions,
  ) {}

  /** Lists (the initial state, delivered before this resolves) and starts watching. */
  async start(): Promise<void> {
    await this.list('list');
    this.finished = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.abort();
    await this.finished;
  }

  private async list(via: 'list' | 'relist'): Promise<void> {
    const { items, resourceVersion } = await this.transport.list(this.path);
    const seen = new Set<string>();
    for (const object of items) {
      const id = idOf(object);
      if (id === undefined) continue;
      const key = keyOf(id);
      seen.add(key);
      const prev = this.cache.get(key);
      this.cache.set(key, object);
      if (prev === undefined) this.emit({ type: 'ADDED', object, prev: undefined, via });
      else if (newerVersion(resourceVersionOf(object), resourceVersionOf(prev))) this.emit({ type: 'MODIFIED', object, prev, via });
    }
    for (const [key, prev] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      this.emit({ type: 'DELETED', object: prev, prev, via });
    }
    this.rv = resourceVersion;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const ended = await this.watchOnce();
      if (this.stopped) return;
      if (ended === 'gone') {
        this.relists++;
        try {
          await this.list('relist');
          failures = 0;
        } catch (err) {
          this.opts.warn(`${this.path}: relist failed: ${(err as Error).message}`);
          await this.backoff(++failures);
        }
      } else if (ended instanceof Error) {
        this.opts.warn(`${this.path}: watch ended: ${ended.message}`);
        await this.backoff(++failures);
      } else failures = 0;
    }
  }

  /** 0.8 s, 1.6 s, ... up to 30 s: client-go's reflector backoff (initial 800 ms, cap 30 s). */
  private backoff(failures: number): Promise<void> {
    return this.opts.sleep(Math.min(30_000, 800 * 2 ** Math.min(failures - 1, 6)));
  }

  /** Resolves when the watch ends: null (closed by the server), 'gone' (410) or the error. */
  private watchOnce(): Promise<null | 'gone' | Error> {
    return new Promise((resolve) => {
      let gone = false;
      const onEvent = (type: string, object: unknown): void => {
        if (this.stopped || gone || !isObject(object)) return;
        if (type === 'ERROR') {
          if (object.code === 410) {
            gone = true;
            this.current?.abort();
          }
          return;
        }
        const rv = resourceVersionOf(object as KObj);
        if (type === 'BOOKMARK') {
          if (rv !== null) this.rv = rv;
          return;
        }
        if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
        const id = idOf(object as KObj);
        if (id === undefined) return;
        const key = keyOf(id);
        const prev = this.cache.get(key);
        if (type === 'DELETED') this.cache.delete(key);
        else this.cache.set(key, object as KObj);
        if (rv !== null) this.rv = rv;
        this.emit({ type, object: object as KObj, prev, via: 'watch' });
      };
      const onDone = (err: Error | null): void => {
        const code = (err as { code?: unknown } | null)?.code;
        resolve(gone || code === 410 ? 'gone' : err);
      };
      this.transport.watch(this.path, this.rv, this.opts.timeoutSeconds, onEvent, onDone).then(
        (handle) => {
          this.current = handle;
          if (this.stopped) handle.abort();
        },
        (err: unknown) => resolve(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }
}
