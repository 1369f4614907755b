/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import type { KObject } from '../../../core/api/types.js';
import { CPU_PER_REQUEST, cpuLimitMilli, cpuPerRequest } from '../../../core/metrics/metrics-server.js';
import type { PodTrack, ThrottleSpan } from '../../shared/model.js';

/**
 * The window demand is averaged over. The kernel's CFS quota is enforced per 100 ms
 * period, the same width as a traffic bucket, but one pod's bucket counts jitter (4, 5, 6
 * requests for a steady 50 a second): per bucket a pod at 90% of its limit would flicker
 * in and out of "throttled". A second of buckets is steady: 50 requests x 5m = 250m.
 */
export const THROTTLE_WINDOW_MS = 1000;

/**
 * CPU throttling is not recorded (metrics are read, never written), but what causes it
 * is: every pod's answered requests per traffic bucket. As core's metrics-server does,
 * a pod's CPU demand is its ok requests a second x its `kubelapse/cpu-per-request` cost
 * (CPU-seconds each), and above its CPU limit (the sum of its containers' limits, when
 * every container has one) it ran throttled. 150 requests/s at 5m each is 750m: over
 * a 500m limit. Returns pod uid -> stretches of whole windows over the limit.
 */
export function cpuThrottles(rec: Recording, pods: readonly PodTrack[], timeOf: (seq: number) => number, endMs: number): Record<string, ThrottleSpan[]> {
  const out: Record<string, ThrottleSpan[]> = {};
  const hasTraffic = rec.db.prepare("SELECT 1 FROM traffic WHERE outcome = 'ok' LIMIT 1").get() !== undefined;
  if (!hasTraffic) return out;
  // Only pods created with a cost: a pod's first version holds its spec (annotations and limits do not change).
  const costed = rec.db
    .prepare(`SELECT uid, object FROM events WHERE kind = 'Pod' AND verb = 'create' AND json_valid(object) AND json_extract(object, '$.metadata.annotations."${CPU_PER_REQUEST}"') IS NOT NULL`)
    .raw(true)
    .all() as Array<[string, string]>;
  const byUid = new Map(pods.map((p) => [p.uid, p]));
  const served = rec.db.prepare("SELECT time_ms, SUM(count) FROM traffic WHERE pod = ? AND outcome = 'ok' AND time_ms >= ? AND time_ms < ? GROUP BY time_ms ORDER BY time_ms").raw(true);
  for (const [uid, json] of costed) {
    const obj = JSON.parse(json) as KObject;
    const limit = cpuLimitMilli(obj);
    const cost = cpuPerRequest(obj);
    const track = byUid.get(uid);
    if (limit === undefined || cost <= 0 || track === undefined) continue;
    // A name a later pod reuses (a StatefulSet's) counts only within this pod's life.
    const from = timeOf(track.createdSeq);
    const to = track.deletedSeq === null ? endMs + 1 : timeOf(track.deletedSeq) + 1;
    const perWindow = new Map<number, number>();
    for (const [t, n] of served.all(track.name, from, to) as Array<[number, number]>) {
      const w = Math.floor(t / THROTTLE_WINDOW_MS) * THROTTLE_WINDOW_MS;
      perWindow.set(w, (perWindow.get(w) ?? 0) + n);
    }
    const spans = throttledSpans(perWindow, cost, limit);
    if (spans.length > 0) out[uid] = spans;
  }
  return out;
}

/**
 * Windows (start -> ok requests) to merged stretches over the limit: demand (m) =
 * requests/s x CPU-seconds each x 1000. A stretch's demand is its mean: 153 and 147
 * requests in two windows at 5m are 765m and 735m, a stretch of 750m.
 */
export function throttledSpans(perWindow: ReadonlyMap<number, number>, costCpuSeconds: number, limitMilli: number): ThrottleSpan[] {
  const spans: ThrottleSpan[] = [];
  const totals: number[] = [];
  const milli = (requests: number, ms: number): number => (requests / (ms / 1000)) * costCpuSeconds * 1000;
  const windows = [...perWindow.entries()].sort((a, b) => a[0] - b[0]);
  for (const [start, requests] of windows) {
    if (milli(requests, THROTTLE_WINDOW_MS) <= limitMilli) continue;
    const last = spans[spans.length - 1];
    if (last !== undefined && last[1] === start) {
      last[1] = start + THROTTLE_WINDOW_MS;
      totals[totals.length - 1] = (totals[totals.length - 1] as number) + requests;
    } else {
      spans.push([start, start + THROTTLE_WINDOW_MS, 0, limitMilli]);
      totals.push(requests);
    }
  }
  spans.forEach((s, i) => (s[2] = Math.round(milli(totals[i] as number, s[1] - s[0]))));
  return spans;
}
