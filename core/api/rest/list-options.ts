/* The query of a LIST or WATCH, decoded and validated as upstream's ListOptions are. */
import { badRequest, failure, forbiddenCause, invalidOptions, unsupportedCause, type StatusCause } from '../status.js';

export interface ListOptions {
  watch: boolean;
  allowWatchBookmarks: boolean;
  /** Seconds; undefined when not given (upstream then picks 30-60 minutes). */
  timeoutSeconds?: number;
  limit: number;
  resourceVersion: string;
  resourceVersionMatch: string;
  continue: string;
  labelSelector: string;
  fieldSelector: string;
}

/**
 * A boolean query parameter as apimachinery's Convert_Slice_string_To_bool reads it:
 * absent, "0" and "false" (any case) are false; anything else is true, so Python's
 * `watch=True`, `?watch`, `watch=1` and `watch=yes` all open a watch.
 */
export function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  return !(v === '0' || v.toLowerCase() === 'false');
}

/** An int64 query parameter as strconv.ParseInt(s, 10, 64) reads it, with its error wording. */
export function queryInt64(q: URLSearchParams, name: string): bigint | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${goQuote(v)}: invalid syntax`);
  const n = BigInt(v);
  if (n > 0x7fffffffffffffffn || n < -0x8000000000000000n) throw badRequest(`strconv.ParseInt: parsing ${goQuote(v)}: value out of range`);
  return n;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Decodes the query (400 BadRequest for a number that does not parse, as upstream's
 * parameter codec answers) and validates it as metainternalversion's ValidateListOptions
 * does (422 Invalid on ListOptions.meta.k8s.io). kubelapse behaves as a server with the
 * WatchList feature off: `sendInitialEvents` is refused, and clients fall back to LIST.
 */
export function listOptions(q: URLSearchParams, watchPath: boolean): ListOptions {
  const watch = watchPath || queryBool(q, 'watch');
  const timeout = queryInt64(q, 'timeoutSeconds');
  const limit = queryInt64(q, 'limit') ?? 0n;
  const opts: ListOptions = {
    watch,
    allowWatchBookmarks: queryBool(q, 'allowWatchBookmarks'),
    ...(timeout !== undefined ? { timeoutSeconds: watchSeconds(timeout) } : {}),
    // A negative limit lists everything, as upstream (only limit > 0 pages).
    limit: limit > 0n ? Number(limit > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : limit) : 0,
    resourceVersion: q.get('resourceVersion') ?? '',
    resourceVersionMatch: q.get('resourceVersionMatch') ?? '',
    continue: q.get('continue') ?? '',
    labelSelector: q.get('labelSelector') ?? '',
    fieldSelector: q.get('fieldSelector') ?? '',
  };
  const sendInitialEvents = q.get('sendInitialEvents') !== null;
  const causes = watch ? watchCauses(opts, sendInitialEvents) : listCauses(opts, sendInitialEvents);
  if (causes.length > 0) throw invalidOptions(causes);
  return opts;
}

/**
 * The watch's length as upstream computes it: time.Duration(seconds) * time.Second, an
 * int64 of nanoseconds that wraps past 9,223,372,036 s (292 years). Zero or below ends
 * the watch at once (its context is already past its deadline).
 */
function watchSeconds(seconds: bigint): number {
  const nanos = BigInt.asIntN(64, seconds * 1_000_000_000n);
  return Number(nanos) / 1e9;
}

const RV_MATCH = 'resourceVersionMatch';

function listCauses(o: ListOptions, sendInitialEvents: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const match = o.resourceVersionMatch;
  if (match !== '') {
    if (o.resourceVersion === '') causes.push(forbiddenCause(RV_MATCH, 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (o.continue !== '') causes.push(forbiddenCause(RV_MATCH, 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') causes.push(unsupportedCause(RV_MATCH, match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && o.resourceVersion === '0') causes.push(forbiddenCause(RV_MATCH, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (sendInitialEvents) causes.push(forbiddenCause('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return causes;
}

function watchCauses(o: ListOptions, sendInitialEvents: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const match = o.resourceVersionMatch;
  if (sendInitialEvents) {
    if (match !== 'NotOlderThan') causes.push(forbiddenCause(RV_MATCH, 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    causes.push(forbiddenCause('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'));
  }
  if (match !== '') {
    if (!sendInitialEvents) causes.push(forbiddenCause(RV_MATCH, 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    if (match !== 'NotOlderThan') causes.push(unsupportedCause(RV_MATCH, match, ['NotOlderThan']));
    if (o.continue !== '') causes.push(forbiddenCause(RV_MATCH, 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return causes;
}

/**
 * A LIST at a resourceVersion the store has not reached: upstream's watch cache waits
 * up to 3 s for it, then answers 504 Timeout with a ResourceVersionTooLarge cause and
 * retryAfterSeconds 1. kubelapse's store is its cache, so nothing is coming: it answers
 * at once.
 */
export function tooLargeResourceVersion(requested: string, current: number): Error {
  return failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}
