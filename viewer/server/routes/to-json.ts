import type { EventRow } from '../../../core/record/schema.js';
import type { EventSummary } from '../../shared/model.js';

/** An event row without its object and hash: what lists and chains send. */
export function summaryOf(e: EventRow, requestVerbs?: ReadonlyMap<number, string>): EventSummary {
  const { object: _object, hash: _hash, ...summary } = e;
  const requestVerb = requestVerbs?.get(e.seq);
  return requestVerb === undefined ? summary : { ...summary, requestVerb };
}
