import type { EventRow } from '../../../core/record/schema.js';
import type { EventSummary } from '../../shared/model.js';

/** An event row without its object and hash: what lists and chains send. */
export function summaryOf(e: EventRow): EventSummary {
  const { object: _object, hash: _hash, ...summary } = e;
  return summary;
}
