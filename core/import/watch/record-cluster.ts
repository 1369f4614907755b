import type { EpochMs } from '../../sim/time.js';
import { creationOrder } from '../creation-order.js';
import type { ObservedWrite } from '../observed-write.js';
import { changeToWrite } from './change-to-write.js';
import { ClusterError, type ClusterTransport } from './cluster-transport.js';
import { ListWatch, type Change, type ListWatchOptions } from './list-watch.js';
import { resourcePath, type WatchedResource } from './watched-resources.js';

export interface RecordClusterOptions extends ListWatchOptions {
  resources: WatchedResource[];
  namespace?: string;
  /** receive time (the CLI's wall clock: a watch event carries no time) */
  now(): EpochMs;
  write(w: ObservedWrite): void;
}

export interface ClusterRecording {
  /**
   * Writes out the changes held for more than `holdMs`, in resourceVersion order. Each
   * resource has its own watch stream, so a pod's ADDED can arrive before the ReplicaSet
   * scale that caused it (1172048 then 1172053 in etcd, the other way round on the wire);
   * etcd's revision is the cluster's one order of writes, so changes are held a moment
   * and written in that order. Called by the CLI's wall timer; `drain()` writes them all.
   */
  drain(holdMs?: number): void;
  /** resources the cluster does not serve or forbids (each also warned) */
  readonly unavailable: string[];
  readonly relists: number;
  readonly changes: number;
  stop(): Promise<void>;
}

/**
 * Lists and watches every resource, turning each change into an ObservedWrite in the
 * order received. Receive times never go backwards (a wall clock stepped back by NTP
 * would break the recording's time order): a change is placed at the later of now and
 * the previous change. A resource the cluster does not serve (404) or forbids (403) is
 * left out with a warning; any other failure of the first list is thrown.
 */
export async function recordCluster(transport: ClusterTransport, opts: RecordClusterOptions): Promise<ClusterRecording> {
  let last = 0;
  let changes = 0;
  const held: Array<{ c: Change; at: EpochMs; path: string; line: number }> = [];
  const emit = (h: (typeof held)[number]): void => {
    const at = Math.max(h.at, last) as EpochMs;
    last = at;
    const w = changeToWrite(h.c, at, { file: transport.server + h.path, line: h.line });
    if (w !== undefined) opts.write(w);
  };
  const drain = (holdMs = 0): void => {
    const cutoff = opts.now() - holdMs;
    held.sort((a, b) => compareVersions(a.c, b.c) || a.line - b.line);
    // Only a prefix whose every change is old enough: a younger one may still be overtaken.
    let n = 0;
    while (n < held.length && (held[n] as { at: number }).at <= cutoff) n++;
    for (const h of held.splice(0, n)) emit(h);
  };
  /**
   * The first lists' objects existed before the recording began: they are written first,
   * in creation order (creation-order.ts, as a k8shark capture's first polls), not in
   * resourceVersion order. A resourceVersion is the object's last write, not its create:
   * a Deployment whose status was written last came after its own ReplicaSet, pods and
   * Events, so the recording opened with pods whose owner did not exist yet, and a
   * "Created pod" Event before the pod it reports. The watch changes received meanwhile
   * follow, in resourceVersion order.
   */
  const drainFirstLists = (): void => {
    const lists = held.filter((h) => h.c.via === 'list');
    const rest = held.filter((h) => h.c.via !== 'list');
    held.length = 0;
    held.push(...rest);
    for (const h of creationOrder(lists.map((x) => ({ ...x, object: x.c.object })))) emit(h);
    drain();
  };
  const unavailable: string[] = [];
  const watches: ListWatch[] = [];
  for (const r of opts.resources) {
    const path = resourcePath(r, opts.namespace);
    const lw = new ListWatch(path, transport, (c) => {
      held.push({ c, at: opts.now(), path, line: ++changes });
    }, opts);
    try {
      await lw.start();
      watches.push(lw);
    } catch (err) {
      if (err instanceof ClusterError && (err.code === 404 || err.code === 403)) {
        unavailable.push(r.resource);
        opts.warn(`${r.resource}: not recorded (${err.code === 404 ? 'not served by this cluster' : 'forbidden'}: ${err.message})`);
        continue;
      }
      await Promise.all(watches.map((w) => w.stop()));
      throw err;
    }
  }
  drainFirstLists();
  return {
    drain,
    unavailable,
    get relists() {
      return watches.reduce((n, w) => n + w.relists, 0);
    },
    get changes() {
      return changes;
    },
    stop: async () => {
      await Promise.all(watches.map((w) => w.stop()));
      drain();
    },
  };
}

/** etcd revisions in order; a change without a numeric one keeps its arrival place. */
function compareVersions(a: Change, b: Change): number {
  const ra = a.object.metadata?.resourceVersion;
  const rb = b.object.metadata?.resourceVersion;
  if (typeof ra !== 'string' || typeof rb !== 'string' || !/^\d+$/.test(ra) || !/^\d+$/.test(rb)) return 0;
  return ra.length - rb.length || (ra < rb ? -1 : ra > rb ? 1 : 0);
}
