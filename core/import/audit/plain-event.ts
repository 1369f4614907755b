import { parseMicros } from '../../sim/time.js';
import { type AuditLevel, type AuditRecord, type EnvelopeResult, isObject, str } from './audit-record.js';

/**
 * A plain audit Event as kube-apiserver's log backend writes it, one JSON object a line:
 * `audit.k8s.io/v1` (1.12 on), `audit.k8s.io/v1beta1` (1.8-1.21; its fields are the same
 * ones under the same names for what we read), and the older form without `apiVersion`
 * that falco's traces keep (kind Event, auditID, stage, verb).
 */
export function isPlainEvent(v: Record<string, unknown>): boolean {
  if (v.kind !== 'Event') return false;
  if (typeof v.apiVersion === 'string') return v.apiVersion.startsWith('audit.k8s.io/');
  return typeof v.auditID === 'string' && typeof v.verb === 'string' && typeof v.stage === 'string';
}

const LEVELS = new Set(['Metadata', 'Request', 'RequestResponse']);

export function readPlainEvent(v: Record<string, unknown>): EnvelopeResult {
  const stage = str(v.stage) ?? '';
  const verb = str(v.verb);
  if (verb === null) return { why: 'audit event without a verb' };
  // stageTimestamp is when the stage was reached: for ResponseComplete, when the write was
  // done. v1beta1 lines of 1.8 may lack it; their `timestamp` is the next best.
  const when = parseMicros(v.stageTimestamp) ?? parseMicros(v.timestamp) ?? parseMicros(v.requestReceivedTimestamp);
  if (when === undefined) return { why: `audit event ${str(v.auditID) ?? ''} without a timestamp`.replace('  ', ' ') };
  const ref = isObject(v.objectRef) ? v.objectRef : {};
  const status = isObject(v.responseStatus) ? v.responseStatus : {};
  const user = isObject(v.user) ? v.user : {};
  const impersonated = isObject(v.impersonatedUser) ? v.impersonatedUser : {};
  const level = LEVELS.has(String(v.level)) ? (v.level as AuditLevel) : 'Metadata';
  const panic = stage === 'Panic';
  const record: AuditRecord = {
    id: str(v.auditID),
    complete: stage === 'ResponseComplete' || panic,
    stage,
    verb,
    level,
    user: str(impersonated.username) ?? str(user.username),
    userAgent: str(v.userAgent),
    ref: {
      resource: str(ref.resource) ?? '',
      subresource: str(ref.subresource),
      namespace: str(ref.namespace),
      name: str(ref.name),
      group: str(ref.apiGroup) ?? '',
      version: str(ref.apiVersion) ?? '',
    },
    requestObject: v.requestObject ?? null,
    responseObject: v.responseObject ?? null,
    // A panicking handler answers 500 and logs no responseStatus.
    code: typeof status.code === 'number' ? status.code : panic ? 500 : 200,
    reason: str(status.reason),
    message: str(status.message),
    at: when.at,
    atMicros: when.micros,
    requestURI: str(v.requestURI),
  };
  return { records: [record] };
}
