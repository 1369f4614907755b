import type { EventQuery, Recording } from '../../../core/record/recording.js';
import type { EventRow } from '../../../core/record/schema.js';
import { badRequest } from '../http-error.js';
import { stringParam } from '../params.js';
import { isNoiseSeq } from './noise-index.js';

/** `lens=story` (skip noise) or `lens=all` / absent (every write). */
export function lensParam(query: Record<string, unknown>): boolean {
  const v = stringParam(query, 'lens');
  if (v === undefined || v === 'all') return false;
  if (v === 'story') return true;
  throw badRequest(`lens: ${JSON.stringify(v)} is not story or all`);
}

/**
 * Up to `n` rows of the query with the story lens's noise left out; `offset` counts the
 * rows the lens keeps, so pages line up with what the user sees.
 */
export function storyRows(rec: Recording, q: EventQuery, n: number): EventRow[] {
  const out: EventRow[] = [];
  const { limit: _limit, offset, ...rest } = q;
  let skip = offset ?? 0;
  for (const e of rec.events(rest)) {
    if (isNoiseSeq(rec, e.seq)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}
