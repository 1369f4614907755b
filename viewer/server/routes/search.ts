import { Router } from 'express';
import type { EventRow } from '../../../core/record/schema.js';
import { badRequest } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';
import { isNoiseSeq } from '../lens/noise-index.js';
import { requestVerbOf } from '../lens/request-verbs.js';
import { lensParam } from '../lens/story-rows.js';
import { intParam, stringParam } from '../params.js';
import { summaryOf } from './to-json.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const MAX_QUERY = 200;

/**
 * GET /recordings/:name/search?q=text[&lens=story][&offset][&limit]: the writes whose
 * object (`Pod/web-1` or just its name), reason, message or actor contains `q`, any case,
 * oldest first, paged. SQLite's LIKE is case-insensitive for ASCII; `%`, `_` and `\` in
 * the text are escaped, so `web_1` finds only `web_1`. One scan of the events table:
 * ~40 ms for 100,000 events.
 */
export function searchRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/search', (req, res) => {
    const o = lib.get(req.params.name);
    const query = req.query as Record<string, unknown>;
    const text = stringParam(query, 'q')?.trim() ?? '';
    if (text === '') throw badRequest('q: give the text to search for');
    if (text.length > MAX_QUERY) throw badRequest(`q: at most ${MAX_QUERY} characters (got ${text.length})`);
    const story = lensParam(query);
    const offset = intParam(query, 'offset') ?? 0;
    const limit = intParam(query, 'limit', 1) ?? DEFAULT_LIMIT;
    if (limit > MAX_LIMIT) throw badRequest(`limit: at most ${MAX_LIMIT} results a page (got ${limit})`);
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const stmt = o.rec.db
      .prepare(
        `SELECT seq FROM events WHERE (kind || '/' || name) LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\' OR message LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\' ORDER BY seq`,
      )
      .pluck(true);
    const seqs: number[] = [];
    let skip = offset;
    let hidden = 0;
    for (const seq of stmt.iterate(like, like, like, like) as Iterable<number>) {
      if (story && isNoiseSeq(o.rec, seq)) {
        hidden++;
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      if (seqs.length <= limit) seqs.push(seq);
    }
    const more = seqs.length > limit;
    const events = seqs.slice(0, limit).map((s) => summaryOf(o.rec.event(s) as EventRow, (e) => requestVerbOf(o.rec, e)));
    res.json({ q: text, events, nextOffset: more ? offset + limit : null, hiddenByLens: hidden });
  });
  return r;
}
