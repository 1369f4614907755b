import type { Recording } from '../../../core/record/recording.js';
import { recordingEndMs } from '../../../core/replay/end-time.js';
import type { StoryModel } from '../../shared/model.js';
import { endpointSpans } from './endpoints.js';
import { Interner } from './interner.js';
import { nodeTracks } from './nodes.js';
import { podTracks } from './pods.js';
import { trafficModel } from './traffic.js';
import { deploymentTracks, replicaSetTracks } from './workloads.js';
import { controllerRevisionTracks } from './revisions.js';
import { daemonSetTracks } from './daemonsets.js';
import { claimTracks, statefulSetTracks } from './statefulsets.js';
import { cronJobTracks, jobTracks } from './jobs.js';
import { cpuThrottles } from './cpu-throttle.js';
import { recoveries } from './recoveries.js';
import { restartsInPlace } from './restarts-in-place.js';
import { aggregateFromPods, countPods } from './aggregate-line.js';
import { podCensus, type PodHeaders } from './pod-census.js';
import { packAggregates } from '../../shared/aggregate-model.js';

/**
 * Everything the front end needs for its first frame: built once per recording (and per
 * change of a live one). The story lens's noise runs (lens/noise-index.ts) and the
 * kube-proxy lane (proxy-model.ts) have their own endpoints, asked for when needed.
 */
export function buildStoryModel(rec: Recording, name: string, aggregateFrom = aggregateFromPods()): StoryModel {
  return buildModel(rec, name, aggregateFrom).model;
}

/**
 * The model, and for an aggregated one the pods' headers its census made (the pods
 * endpoint's look-up, kept in a cache file of its own beside the model's).
 */
export function buildModel(rec: Recording, name: string, aggregateFrom = aggregateFromPods()): { model: StoryModel; headers?: PodHeaders } {
  const meta = rec.meta();
  const strings = new Interner();
  const times = eventTimes(rec);
  const nodes = nodeTracks(rec, strings);
  // Past the aggregate line (aggregate-line.ts) no pod tracks: counts per node and owner over time.
  const podCount = countPods(rec);
  const census = podCount > aggregateFrom ? podCensus(rec) : undefined;
  const pods = census === undefined ? podTracks(rec, strings) : [];
  const markers = rec.markers().map((m) => ({ ...m, id: m.id ?? 0 }));
  const endTimeMs = recordingEndMs(rec, meta);
  const timeOf = (seq: number): number => times[seq - 1] ?? 0;
  const model: StoryModel = {
    name,
    title: meta.title ?? name,
    source: meta.source ?? 'unknown',
    complete: meta.complete === '1',
    endTimeMs,
    lastSeq: times.length,
    timeDeltas: times.map((t, i) => (i === 0 ? t : t - (times[i - 1] as number))),
    strings: strings.strings,
    nodes,
    pods,
    replicaSets: replicaSetTracks(rec),
    deployments: deploymentTracks(rec),
    controllerRevisions: controllerRevisionTracks(rec),
    daemonSets: daemonSetTracks(rec, strings),
    statefulSets: statefulSetTracks(rec, strings),
    claims: claimTracks(rec, strings),
    jobs: jobTracks(rec, strings),
    cronJobs: cronJobTracks(rec, strings),
    endpoints: endpointSpans(rec),
    traffic: trafficModel(rec),
    markers,
    throttles: census === undefined ? cpuThrottles(rec, pods, timeOf, endTimeMs) : {},
    // Replacements and restarts in place, in the order they began (pod-loss-recovery: the delete at 30 s, the fault at 70 s).
    recoveries: census === undefined ? [...recoveries(rec, pods, markers, timeOf, strings.strings), ...restartsInPlace(rec, pods, markers, timeOf, strings.strings)].sort((a, b) => a.startMs - b.startMs) : [],
    kinds: rec.db.prepare('SELECT DISTINCT kind FROM events ORDER BY kind').pluck(true).all() as string[],
  };
  if (census === undefined) return { model };
  // The times go packed with the counts (aggregate-model.ts): 1,300,621 seqs' deltas are ~2.6 MB as JSON numbers.
  // Packing takes whole numbers; the recorders write whole milliseconds, but the format does
  // not forbid a fraction (a hand-made or foreign file): such times are drawn to the nearest
  // millisecond, rounded before the deltas are taken so the rounding does not add up.
  const whole = times.map((t) => Math.round(t));
  model.aggregate = packAggregates({ ...census.aggregates, threshold: aggregateFrom }, whole.map((t, i) => (i === 0 ? t : t - (whole[i - 1] as number))));
  model.timeDeltas = [];
  return { model, headers: census.headers };
}

/**
 * time_ms of every seq, read from the events_time index (it holds seq too, as the rowid)
 * instead of the table: 113,000 events in ~90 ms rather than ~170 ms.
 */
function eventTimes(rec: Recording): number[] {
  const last = rec.lastSeq();
  const times = new Array<number>(last).fill(0);
  for (const raw of rec.db.prepare('SELECT seq, time_ms FROM events INDEXED BY events_time').raw(true).iterate()) {
    const [seq, t] = raw as [number, number];
    if (seq >= 1 && seq <= last) times[seq - 1] = t;
  }
  return times;
}

/** Every actor that wrote: a full scan (~100 ms on 100,000 events), so asked for separately by the event log's filter. */
export function actorsOf(rec: Recording): string[] {
  return rec.db.prepare('SELECT DISTINCT actor FROM events ORDER BY actor').pluck(true).all() as string[];
}
