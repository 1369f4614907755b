import type { EventRow } from '../../../core/record/schema.js';
import type { EventSummary } from '../../shared/model.js';

/** An event row without its object and hash: what lists and chains send. */
export function summaryOf(e: EventRow, requestVerbOf?: (e: EventRow) => string | undefined): EventSummary {
  const { object: _object, hash: _hash, ...summary } = e;
  const requestVerb = requestVerbOf?.(e);
  return requestVerb === undefined ? summary : { ...summary, requestVerb };
}
