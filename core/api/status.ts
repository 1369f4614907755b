import { qualifiedKind, qualifiedResource, type KindInfo } from './kinds.js';

/** A cause of an Invalid error: one bad field. */
export interface StatusCause {
  reason?: string; // FieldValueInvalid, FieldValueRequired, FieldValueForbidden ...
  message: string;
  field?: string;
}

/** A metav1.Status, the body of every API error. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** An API error, carrying the Status object a real API server would return. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(readonly status: Status) {
    super(status.message);
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason;
  }
}

export function failure(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details !== undefined) status.details = details;
  return new ApiError(status);
}

function detailsOf(info: KindInfo, name: string): Status['details'] {
  const details: NonNullable<Status['details']> = { name, kind: info.resource };
  if (info.group !== '') details.group = info.group;
  return details;
}

export function notFound(info: KindInfo, name: string): ApiError {
  return failure(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, detailsOf(info, name));
}

/** NotFound for a resource outside the stored kinds (metrics-server's nodemetrics.metrics.k8s.io). */
export function notFoundIn(group: string, resource: string, name: string): ApiError {
  return failure(404, 'NotFound', `${resource}.${group} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(info: KindInfo, name: string): ApiError {
  return failure(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, detailsOf(info, name));
}

/** Upstream's optimistic-concurrency message, word for word. */
export function conflict(info: KindInfo, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`, detailsOf(info, name));
}

export function invalid(info: KindInfo, name: string, causes: StatusCause[]): ApiError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  const details = { ...detailsOf(info, name), kind: info.kind, causes };
  return failure(422, 'Invalid', `${qualifiedKind(info)} "${name}" is invalid: ${summary}`, details);
}

export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

export function methodNotSupported(info: KindInfo, action: string): ApiError {
  return failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualifiedResource(info)}"`, {
    kind: info.resource,
    ...(info.group !== '' ? { group: info.group } : {}),
  });
}

export function gone(message: string): ApiError {
  return failure(410, 'Expired', message);
}

/** 500 InternalError, for requests the server cannot serve as asked (a pod under two disruption budgets). */
export function internalError(message: string): ApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

export function tooManyRequests(message: string, retryAfterSeconds?: number): ApiError {
  // NewTooManyRequests always carries details, empty when there is no retry hint.
  return failure(429, 'TooManyRequests', message, retryAfterSeconds === undefined || retryAfterSeconds === 0 ? {} : { retryAfterSeconds });
}

export function forbiddenCause(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}

export function requiredCause(field: string, detail = ''): StatusCause {
  return { reason: 'FieldValueRequired', field, message: detail === '' ? 'Required value' : `Required value: ${detail}` };
}

export function invalidCause(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${goValue(value)}: ${detail}` };
}

export function unsupportedCause(field: string, value: unknown, supported: string[]): StatusCause {
  return {
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
  };
}

/** Values print the way Go's %#v does in upstream messages: strings quoted, maps as map[string]string{...}. */
function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return String(value);
}

export function forbidden(message: string, info?: KindInfo, name?: string): ApiError {
  return failure(403, 'Forbidden', message, info === undefined ? undefined : detailsOf(info, name ?? ''));
}

/**
 * A path no route serves: upstream's go-restful ServiceErrorHandler answers
 * NewGenericServerResponse(404, ...), whose details are present but empty. kubectl
 * debug tells this 404 (no such subresource: `details.name` empty) from a missing pod by
 * reading details.name, and dereferences details to do so.
 */
export function resourceNotFound(what?: string): ApiError {
  return failure(404, 'NotFound', `the server could not find the requested resource${what === undefined ? '' : ` (${what})`}`, {});
}

export function unauthorized(): ApiError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/** 415, listing what the endpoint takes, as upstream words it. */
export function unsupportedMediaType(contentType: string, accepted: readonly string[]): ApiError {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format (${contentType === '' ? 'no Content-Type' : contentType}) - accepted media types include: ${accepted.join(', ')}`);
}

export function requestEntityTooLarge(limit: number): ApiError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

export function methodNotAllowed(method: string, what: string): ApiError {
  return failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method} ${what})`, {});
}

/** 422 on the query of a LIST or WATCH: ListOptions.meta.k8s.io "" is invalid. */
export function invalidOptions(causes: StatusCause[]): ApiError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return failure(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${summary}`, { group: 'meta.k8s.io', kind: 'ListOptions', causes });
}

/** A Status with status Success: what DELETE and subresource POSTs answer when no object is left to return. */
export function success(details: Status['details'], code = 200): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message: '', reason: '', code, ...(details === undefined ? {} : { details }) };
}

/**
 * What Go's err.Error() gives for an error a client got back: for an API error the
 * Status's message alone (`pods "web-0" is forbidden: ...`), which is what the
 * controllers put in their FailedCreate/FailedDelete events after "Error creating: ".
 * kubectl's "Error from server (Forbidden): " prefix is kubectl's own, not the error's.
 */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
