import { microsPastMilli, parseEpoch, type EpochMs } from '../../sim/time.js';
import type { PathIndex } from './archive-format.js';

/**
 * Every record of a capture worth reading, in capture order, built from the two indexes
 * alone (no record is opened to order them). Table responses (`?as=Table`,
 * `?as=TableSchema`) and discovery/OpenAPI documents say nothing about objects and are
 * left out; what is left is LIST responses of resource paths (polls) and watch events.
 */
export interface TimelineEntry {
  apiPath: string;
  seq: number;
  at: EpochMs;
  atMicros: number;
  /** null for a poll (a LIST response); ADDED / MODIFIED / DELETED for a watch event */
  eventType: string | null;
}

export interface Timeline {
  entries: TimelineEntry[];
  /** index entries left out: Table responses and discovery documents */
  ignored: number;
  /** index entries whose time could not be read (skipped, with where) */
  badTimes: Array<{ apiPath: string; seq: number; time: unknown }>;
}

/**
 * Whether a path lists a resource: /api/v1/pods, /api/v1/namespaces/NS/pods,
 * /apis/apps/v1/replicasets, /apis/apps/v1/namespaces/NS/replicasets. /api, /api/v1,
 * /apis/apps/v1 (discovery) and /openapi/... are not.
 */
export function isResourcePath(apiPath: string): boolean {
  if (apiPath.includes('?')) return false;
  const parts = apiPath.split('/').filter((p) => p !== '');
  if (parts[0] === 'api') return parts.length >= 3;
  if (parts[0] === 'apis') return parts.length >= 4;
  return false;
}

export function buildTimeline(polls: PathIndex[], watches: PathIndex[]): Timeline {
  const entries: TimelineEntry[] = [];
  const badTimes: Timeline['badTimes'] = [];
  let ignored = 0;
  const add = (ix: PathIndex, watch: boolean): void => {
    if (!isResourcePath(ix.apiPath)) {
      ignored += ix.seqs.length;
      return;
    }
    ix.seqs.forEach((seq, i) => {
      const time = ix.times[i];
      const at = typeof time === 'string' ? parseEpoch(time) : undefined;
      if (at === undefined || typeof seq !== 'number') {
        badTimes.push({ apiPath: ix.apiPath, seq, time });
        return;
      }
      entries.push({ apiPath: ix.apiPath, seq, at, atMicros: microsPastMilli(time as string), eventType: watch ? (ix.eventTypes?.[i] ?? 'MODIFIED') : null });
    });
  };
  for (const ix of polls) add(ix, false);
  for (const ix of watches) add(ix, true);
  // Capture order: time to the microsecond; on a tie a path's own seq order, then the path.
  entries.sort((a, b) => a.at - b.at || a.atMicros - b.atMicros || (a.apiPath === b.apiPath ? a.seq - b.seq : a.apiPath < b.apiPath ? -1 : 1));
  return { entries, ignored, badTimes };
}
