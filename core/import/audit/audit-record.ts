import type { EpochMs } from '../../sim/time.js';

/**
 * One audit entry with its envelope taken off: what a plain `audit.k8s.io/v1` Event says,
 * whichever wrapper (GKE LogEntry, AKS diagnostics, EKS CloudWatch) carried it. Every
 * envelope reader produces this shape; nothing past the readers knows where it came from.
 */
export type AuditLevel = 'Metadata' | 'Request' | 'RequestResponse';

export interface AuditObjectRef {
  /** plural resource: `pods`, `deployments`; '' for a non-resource request (`/healthz`) */
  resource: string;
  subresource: string | null;
  namespace: string | null;
  name: string | null;
  /** '' for the core group */
  group: string;
  version: string;
}

export interface AuditRecord {
  /** auditID, or GKE's operation.id / insertId */
  id: string | null;
  /** true for the entry that closes the request (ResponseComplete, Panic, GKE operation.last) */
  complete: boolean;
  /** the stage as written (`ResponseComplete`), for the skip message of an unfinished one */
  stage: string;
  verb: string;
  level: AuditLevel;
  /** the effective user: the impersonated one when there is one */
  user: string | null;
  userAgent: string | null;
  ref: AuditObjectRef;
  requestObject: unknown;
  responseObject: unknown;
  /** HTTP status of the response; 200 when the log does not say */
  code: number;
  reason: string | null;
  message: string | null;
  /** when the request completed, and the microseconds past that millisecond */
  at: EpochMs;
  atMicros: number;
  /** the requestURI, which tells an apply (`fieldManager=` and `force=`) from other patches */
  requestURI: string | null;
}

/** The verbs that change state: only these become writes or failures. */
export const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** The verbs that only read: counted for the summary, never imported. */
export const READ_VERBS = new Set(['get', 'list', 'watch']);

/** An envelope reader's answer for one JSON value: records, or why it is not one. */
export type EnvelopeResult = { records: AuditRecord[] } | { why: string };

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
