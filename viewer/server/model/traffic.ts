import type { Recording } from '../../../core/record/recording.js';
import type { TrafficModel } from '../../shared/model.js';

/** The traffic table folded for drawing: ok/failed per bucket, and each failed row. null when there was no traffic. */
export function trafficModel(rec: Recording): TrafficModel | null {
  const buckets = rec.db
    .prepare("SELECT time_ms, SUM(CASE WHEN outcome = 'ok' THEN count ELSE 0 END), SUM(CASE WHEN outcome = 'ok' THEN 0 ELSE count END) FROM traffic GROUP BY time_ms ORDER BY time_ms")
    .raw(true)
    .all() as Array<[number, number, number]>;
  if (buckets.length === 0) return null;
  const failures = rec.db
    .prepare("SELECT time_ms, COALESCE(pod, ''), outcome, SUM(count) FROM traffic WHERE outcome <> 'ok' GROUP BY time_ms, pod, outcome ORDER BY time_ms")
    .raw(true)
    .all() as Array<[number, string, string, number]>;
  return { bucketMs: bucketOf(buckets), buckets, failures };
}

/** The recording's bucket width: the smallest gap between buckets (100 ms in simulations). */
function bucketOf(buckets: ReadonlyArray<[number, number, number]>): number {
  let gap = Infinity;
  for (let i = 1; i < buckets.length; i++) gap = Math.min(gap, (buckets[i] as [number, number, number])[0] - (buckets[i - 1] as [number, number, number])[0]);
  return Number.isFinite(gap) && gap > 0 ? gap : 100;
}
