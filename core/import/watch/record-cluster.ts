import type { EpochMs } from '../../sim/time.js';
import type { ObservedWrite } from '../observed-write.js';
import { changeToWrite } from './change-to-write.js';
import { ClusterError, type ClusterTransport } from './cluster-transport.js';
import { ListWatch, type ListWatchOptions } from './list-watch.js';
import { resourcePath, type WatchedResource } from './watched-resources.js';

export interface RecordClusterOptions extends ListWatchOptions {
  resources: WatchedResource[];
  namespace?: string;
  /** receive time (the CLI's wall clock: a watch event carries no time) */
  now(): EpochMs;
  write(w: ObservedWrite): void;
}

export interface ClusterRecording {
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
  const unavailable: string[] = [];
  const watches: ListWatch[] = [];
  for (const r of opts.resources) {
    const path = resourcePath(r, opts.namespace);
    const lw = new ListWatch(path, transport, (c) => {
      const now = Math.max(opts.now(), last) as EpochMs;
      last = now;
      const w = changeToWrite(c, now, { file: transport.server + path, line: ++changes });
      if (w !== undefined) opts.write(w);
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
  return {
    unavailable,
    get relists() {
      return watches.reduce((n, w) => n + w.relists, 0);
    },
    get changes() {
      return changes;
    },
    stop: async () => {
      await Promise.all(watches.map((w) => w.stop()));
    },
  };
}
