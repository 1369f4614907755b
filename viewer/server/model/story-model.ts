import type { Recording } from '../../../core/record/recording.js';
import type { StoryModel } from '../../shared/model.js';
import { endpointSpans } from './endpoints.js';
import { Interner } from './interner.js';
import { nodeTracks } from './nodes.js';
import { podTracks } from './pods.js';
import { trafficModel } from './traffic.js';
import { deploymentTracks, replicaSetTracks } from './workloads.js';

/** Everything the front end draws without asking again: built once per recording (and per change of a live one). */
export function buildStoryModel(rec: Recording, name: string): StoryModel {
  const meta = rec.meta();
  const strings = new Interner();
  const times = rec.db.prepare('SELECT time_ms FROM events ORDER BY seq').pluck(true).all() as number[];
  const last = times.length === 0 ? 0 : (times[times.length - 1] as number);
  const end = Number(meta.end_time_ms);
  const nodes = nodeTracks(rec, strings);
  return {
    name,
    title: meta.title ?? name,
    source: meta.source ?? 'unknown',
    complete: meta.complete === '1',
    endTimeMs: Number.isFinite(end) && end >= last ? end : last,
    lastSeq: times.length,
    times,
    strings: strings.strings,
    nodes,
    pods: podTracks(rec, strings),
    replicaSets: replicaSetTracks(rec),
    deployments: deploymentTracks(rec),
    endpoints: endpointSpans(rec),
    traffic: trafficModel(rec),
    markers: rec.markers().map((m) => ({ ...m, id: m.id ?? 0 })),
    actors: rec.db.prepare('SELECT DISTINCT actor FROM events ORDER BY actor').pluck(true).all() as string[],
    kinds: rec.db.prepare('SELECT DISTINCT kind FROM events ORDER BY kind').pluck(true).all() as string[],
  };
}
