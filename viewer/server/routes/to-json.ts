import type { EventRow } from '../../../core/record/schema.js';
import type { EventSummary } from '../../shared/model.js';

/** An event row without its object and hash: what lists and chains send. */
export function summaryOf(e: EventRow): EventSummary {
  return {
    seq: e.seq, timeMs: e.timeMs, verb: e.verb, subresource: e.subresource, kind: e.kind, namespace: e.namespace, name: e.name,
    uid: e.uid, resourceVersion: e.resourceVersion, actor: e.actor, causeSeq: e.causeSeq, reason: e.reason, message: e.message,
  };
}
