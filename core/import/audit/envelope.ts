import { type AuditRecord, isObject } from './audit-record.js';
import { isGkeEntry, readGkeEntry } from './gke-entry.js';
import { isPlainEvent, readPlainEvent } from './plain-event.js';

/**
 * Takes the envelope off one JSON value and returns the audit entries inside, each read
 * into an AuditRecord, or why it could not be. The wrappers people export audit logs in:
 * - plain Event (kube-apiserver's log file, v1 / v1beta1 / no apiVersion), and an
 *   EventList (the webhook backend's batch);
 * - GKE Cloud Logging LogEntry (protoPayload AuditLog);
 * - AKS diagnostics: `{category: kube-audit|kube-audit-admin, properties: {log}}` with
 *   `log` the Event as an object or as a JSON string, and Azure's `{"records": [...]}`;
 * - EKS CloudWatch: the Event as text in `message` (`aws logs filter-log-events` rows),
 *   CloudWatch's `{"events": [...]}` export and a subscription's `{"logEvents": [...]}`.
 */
export type EnvelopeItem = AuditRecord | { why: string };

export function readEnvelope(value: unknown): EnvelopeItem[] {
  if (Array.isArray(value)) return value.flatMap((v) => readEnvelope(v));
  if (!isObject(value)) return [{ why: `not an audit entry: a JSON ${value === null ? 'null' : typeof value}` }];
  for (const key of ['records', 'events', 'logEvents'] as const) {
    if (Array.isArray(value[key]) && Object.keys(value).every((k) => WRAPPER_KEYS.has(k))) return readEnvelope(value[key]);
  }
  if (value.kind === 'EventList' && Array.isArray(value.items)) return readEnvelope(value.items);
  if (isPlainEvent(value)) return single(readPlainEvent(value));
  if (isGkeEntry(value)) return single(readGkeEntry(value));
  const category = value.category;
  if ((category === 'kube-audit' || category === 'kube-audit-admin') && isObject(value.properties)) {
    return inner(value.properties.log, `AKS ${category} record`);
  }
  if (typeof value.message === 'string') return inner(value.message, 'CloudWatch message');
  return [{ why: `unknown envelope (keys ${Object.keys(value).slice(0, 6).join(', ') || 'none'})` }];
}

/** What else a wrapper object may hold beside its list (CloudWatch's export, a subscription). */
const WRAPPER_KEYS = new Set(['records', 'events', 'logEvents', 'nextToken', 'nextForwardToken', 'nextBackwardToken', 'searchedLogStreams', 'messageType', 'owner', 'logGroup', 'logStream', 'subscriptionFilters']);

function single(result: { records: AuditRecord[] } | { why: string }): EnvelopeItem[] {
  return 'why' in result ? [result] : result.records;
}

/** An Event carried as an object or as JSON text inside another envelope. */
function inner(payload: unknown, what: string): EnvelopeItem[] {
  let event = payload;
  if (typeof payload === 'string') {
    try {
      event = JSON.parse(payload);
    } catch {
      return [{ why: `${what}: the event inside is not JSON` }];
    }
  }
  if (!isObject(event) || !isPlainEvent(event)) return [{ why: `${what} without an audit event inside` }];
  return single(readPlainEvent(event));
}
