import { Router } from 'express';
import type { RecordingLibrary } from '../library.js';
import { timeParam } from '../params.js';

/** Raw traffic rows (100 ms buckets x service x pod x outcome) in a time range. */
export function trafficRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/traffic', (req, res) => {
    const o = lib.get(req.params.name);
    const q = req.query as Record<string, unknown>;
    res.json({ rows: o.rec.traffic(timeParam(q, 'from'), timeParam(q, 'to')) });
  });
  return r;
}
