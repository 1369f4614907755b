import { parseMicros } from '../../sim/time.js';
import { type AuditRecord, type EnvelopeResult, isObject, str } from './audit-record.js';
import { parseGkeMethod } from './gke-method.js';

/**
 * A GKE Cloud Logging LogEntry whose protoPayload is an AuditLog of the Kubernetes API
 * (serviceName `k8s.io`), as `gcloud logging read --format=json` and log sinks write it.
 * Mapping (the shared README's table): insertId/operation.id -> auditID, operation.last
 * (or no operation) -> ResponseComplete, principalEmail -> user, request/response ->
 * requestObject/responseObject (their `@type` dropped), timestamp -> stageTimestamp.
 */
export function isGkeEntry(v: Record<string, unknown>): boolean {
  const p = v.protoPayload;
  return isObject(p) && typeof p['@type'] === 'string' && p['@type'].endsWith('google.cloud.audit.AuditLog');
}

/**
 * protoPayload.status is a google.rpc.Status: a gRPC code, not HTTP. Upstream's
 * mapping (grpc-gateway's HTTPStatusFromCode): 3 InvalidArgument 400, 5 NotFound 404,
 * 6 AlreadyExists 409, 7 PermissionDenied 403, 10 Aborted 409, 16 Unauthenticated 401 ...
 */
const GRPC_TO_HTTP: Record<number, number> = {
  0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409,
  11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401,
};

export function readGkeEntry(v: Record<string, unknown>): EnvelopeResult {
  const p = v.protoPayload as Record<string, unknown>;
  const service = str(p.serviceName);
  if (service !== null && service !== 'k8s.io') return { why: `GKE audit entry of ${service}, not the Kubernetes API (k8s.io)` };
  const method = parseGkeMethod(str(p.methodName) ?? '', str(p.resourceName));
  if (method === undefined) return { why: `GKE audit entry with method ${JSON.stringify(p.methodName ?? null)}: not io.k8s.*` };
  const when = parseMicros(v.timestamp) ?? parseMicros(v.receiveTimestamp);
  if (when === undefined) return { why: 'GKE audit entry without a timestamp' };
  const op = isObject(v.operation) ? v.operation : null;
  const auth = isObject(p.authenticationInfo) ? p.authenticationInfo : {};
  const meta = isObject(p.requestMetadata) ? p.requestMetadata : {};
  const status = isObject(p.status) ? p.status : {};
  const request = withoutType(p.request);
  const response = withoutType(p.response);
  // A refused request may carry the Kubernetes Status as its response: its HTTP code wins.
  const k8sStatus = isObject(response) && response.kind === 'Status' && typeof response.code === 'number' ? response : null;
  const grpc = typeof status.code === 'number' ? status.code : 0;
  const record: AuditRecord = {
    id: str(op?.id) ?? str(v.insertId),
    complete: op === null || op.last === true,
    stage: op === null ? 'no operation' : op.last === true ? 'operation.last' : 'operation.first',
    verb: method.verb,
    level: response !== null ? 'RequestResponse' : request !== null ? 'Request' : 'Metadata',
    user: str(auth.principalEmail),
    userAgent: str(meta.callerSuppliedUserAgent),
    ref: method.ref,
    requestObject: request,
    responseObject: response,
    code: (k8sStatus?.code as number | undefined) ?? GRPC_TO_HTTP[grpc] ?? 500,
    reason: str(k8sStatus?.reason),
    message: str(k8sStatus?.message) ?? str(status.message),
    at: when.at,
    atMicros: when.micros,
    requestURI: null,
  };
  return { records: [record] };
}

/** A body without the `@type` Cloud Logging adds (`core.k8s.io/v1.Pod`, `k8s.io/Patch`). */
function withoutType(body: unknown): unknown {
  if (!isObject(body)) return body ?? null;
  const { '@type': _type, ...rest } = body;
  return rest;
}
