import { Router } from 'express';
import type { CompareModel, DivergentWrite } from '../../shared/compare-model.js';
import type { RecordingLibrary } from '../library.js';
import { firstDivergence, signaturesOf, type Signed } from '../model/first-divergence.js';
import { summaryOf } from './to-json.js';

/** A few recent answers: the page asks once per open, a recording re-recorded changes its stamp. */
const cache = new Map<string, CompareModel>();
const CACHE_MAX = 16;

/** `GET /recordings/:name/compare/:other`: where the two recordings first diverge (model/first-divergence.ts). */
export function compareRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/compare/:other', (req, res) => {
    const a = lib.get(req.params.name);
    const b = lib.get(req.params.other);
    const key = `${a.name}@${a.stamp}|${b.name}@${b.stamp}`;
    let out = cache.get(key);
    if (out === undefined) {
      const sa = signaturesOf(a.rec);
      const sb = signaturesOf(b.rec);
      const d = firstDivergence(sa, sb);
      const side = (s: Signed | null, o: typeof a): DivergentWrite | null => {
        if (s === null) return null;
        const e = o.rec.event(s.seq);
        return e === undefined ? null : { event: summaryOf(e), signature: s.sig };
      };
      out = {
        a: a.name,
        b: b.name,
        compared: [sa.length, sb.length],
        divergence: d === null ? null : { agreed: d.agreed, a: side(d.a, a), b: side(d.b, b) },
      };
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
      cache.set(key, out);
    }
    res.json(out);
  });
  return r;
}
