import { Router } from 'express';
import type { RecordingLibrary } from '../library.js';
import { intParam, stringParam, timeParam } from '../params.js';

/**
 * Traffic in a time range: the table's rows (100 ms buckets x service x pod x outcome),
 * or with `bucket=1000` a series: per bucket of that many ms, the count of each outcome,
 * optionally for one `service`.
 */
export function trafficRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/traffic', (req, res) => {
    const o = lib.get(req.params.name);
    const q = req.query as Record<string, unknown>;
    const service = stringParam(q, 'service');
    const rows = o.rec.traffic(timeParam(q, 'from'), timeParam(q, 'to')).filter((t) => service === undefined || t.service === service);
    const bucket = intParam(q, 'bucket', 1);
    if (bucket === undefined) return void res.json({ rows });
    const series = new Map<number, Record<string, number>>();
    for (const t of rows) {
      const at = Math.floor(t.timeMs / bucket) * bucket;
      const b = series.get(at) ?? { ok: 0, refused: 0, reset: 0, 'no-endpoints': 0 };
      b[t.outcome] = (b[t.outcome] ?? 0) + t.count;
      series.set(at, b);
    }
    res.json({ bucketMs: bucket, series: [...series].sort((a, b) => a[0] - b[0]).map(([timeMs, counts]) => ({ timeMs, ...counts })) });
  });
  return r;
}
