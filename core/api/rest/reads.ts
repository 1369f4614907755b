/* GET of one object or a collection: JSON as stored, a Table, or another served version. */
import { objectKey, type Stored } from '../object-store.js';
import type { ApiServer } from '../api-server.js';
import { badRequest } from '../status.js';
import { ListCache, type Span } from './list-cache.js';
import { tooLargeResourceVersion } from './list-options.js';
import { apiVersionServed, json, shown, type Reply, type ResourceRequest } from './request.js';
import { asTable, tableBytesAt } from './table.js';

export function getOne(r: ResourceRequest, name: string): Reply {
  const stored = r.api.getStored(r.target.info.kind, r.target.namespace, name);
  if (r.table !== undefined) {
    return json(200, asTable(r.target.info.kind, [stored.obj], { include: r.table.include, clock: r.api, resourceVersion: stored.obj.metadata.resourceVersion ?? '' }), 'get');
  }
  if (r.target.served !== undefined) return json(200, shown(r.target, stored.obj), 'get');
  return { code: 200, body: stored.json, summary: 'get' };
}

/** Each API server's cached LIST bodies (list-cache.ts). */
const caches = new WeakMap<ApiServer, ListCache>();

/**
 * LIST with label and field selectors, and `limit` + `continue` paging (kubectl asks
 * for 500 at a time). The continue token holds the last key served; the next page
 * starts after it in the current state rather than in a snapshot at the first page's
 * resourceVersion (a simplification: this server keeps no old versions to list from).
 * The body after its resourceVersion is cached per query until the kind is written again
 * (list-cache.ts), and for a Table until its AGE text changes, so the same LIST at a
 * steady cluster is a buffer write.
 */
export function list(r: ResourceRequest): Reply {
  const { api, target, query } = r;
  const rv = r.options?.resourceVersion ?? '';
  if (/^\d+$/.test(rv) && Number(rv) > api.resourceVersion) throw tooLargeResourceVersion(rv, api.resourceVersion);
  const kind = target.info.kind;
  const labelSelector = query.get('labelSelector') ?? '';
  const fieldSelector = query.get('fieldSelector') ?? '';
  const cont = query.get('continue') ?? '';
  const limit = r.options?.limit ?? 0;
  const served = target.served === undefined ? '' : `${target.served.group}/${target.served.version}`;
  const shape = r.table === undefined ? 'json' : `table:${r.table.include}`;
  const key = JSON.stringify([kind, served, target.namespace ?? '', labelSelector, fieldSelector, cont, limit, shape]);
  const stamp = String(api.listVersion(kind));
  const now = api.now();
  let cache = caches.get(api);
  if (cache === undefined) caches.set(api, (cache = new ListCache()));
  const head = headOf(r, String(api.resourceVersion));
  let tail = cache.get(key, stamp, now);
  if (tail === undefined) {
    const made = build(r, { labelSelector, fieldSelector, cont, limit }, now, cache);
    tail = cache.put(key, stamp, made.tail, made.span);
  } else if (r.table !== undefined) {
    const span = cache.spanOf(key, stamp);
    // Asked again within one span: a query someone repeats (a bench, `kubectl get -w`-like
    // polling, a dashboard). Its next body is made ahead, off this request's path.
    if (r.later !== undefined && span !== undefined && Number.isFinite(span.until) && span.until - now <= AHEAD_MS && !cache.hasAhead(key, stamp, span.until)) {
      makeAhead(r, r.later, cache, key, stamp, span.until, tail.gzipAsked, { labelSelector, fieldSelector, cont, limit });
    }
  }
  // Held for the response (released when it closes, rest-handler.ts): its memory is not
  // reused while it is being sent.
  tail.hold();
  return { code: 200, body: '', spliced: { head, tail }, summary: 'list' };
}

/**
 * How far ahead of its span's end a Table body is made: 2 virtual seconds, the next
 * second's body at 1x and 2x. A body whose text holds for a minute (pods older than 10
 * minutes) is made in its last 2 seconds, not a minute early, when a write is likelier to
 * have made it stale before it is used.
 */
const AHEAD_MS = 2000;

/** Bodies being made ahead, per cache and key: one at a time. */
const making = new WeakMap<ListCache, Set<string>>();

/**
 * Makes the Table body key will need at virtual instant `from` (its current body's end),
 * after this turn's responses are on their way (`later`, the live pacer's): at 2x a
 * cluster second is 0.5 s of wall time, and making the 23 MB body of 10,000 pods and
 * deflating it took 0.3-1 s under load, during which every request waited. Made with the
 * objects as they are; a write before `from` changes the kind's stamp and the body is
 * never served. Its gzip is made too when the current body's was asked for.
 */
function makeAhead(r: ResourceRequest, later: (task: () => void) => void, cache: ListCache, key: string, stamp: string, from: number, gzip: boolean, q: Query): void {
  let busy = making.get(cache);
  if (busy === undefined) making.set(cache, (busy = new Set()));
  if (busy.has(key)) return;
  busy.add(key);
  later(() => {
    busy.delete(key);
    const { api } = r;
    if (String(api.listVersion(r.target.info.kind)) !== stamp || api.now() >= from || cache.hasAhead(key, stamp, from)) return;
    try {
      const made = build(r, q, from, cache);
      const tail = cache.putAhead(key, stamp, made.tail, made.span);
      if (gzip) tail.prepareGzip().catch(() => undefined);
    } catch {
      // Nothing is lost: the request at `from` builds the body itself, and reports what failed.
    }
  });
}

interface Query {
  labelSelector: string;
  fieldSelector: string;
  cont: string;
  limit: number;
}

/** The few bytes before a LIST's tail: its kind and the current resourceVersion. */
function headOf(r: ResourceRequest, resourceVersion: string): string {
  const kind = r.target.info.kind;
  return r.table === undefined ? `{"kind":"${kind}List","apiVersion":"${apiVersionServed(r.target)}","metadata":{"resourceVersion":${JSON.stringify(resourceVersion)}` : `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":${JSON.stringify(resourceVersion)}`;
}

/**
 * A LIST's tail (everything after its head) as of virtual instant `now` (now, or later
 * for a Table made ahead), and the span of virtual time it holds for while the kind is
 * not written: always for JSON; for a Table, until a clock cell's text changes (pods,
 * nodes, events: table-rows.ts), or the cluster second (the other kinds). Its memory
 * comes from the cache's reused buffers.
 */
function build(r: ResourceRequest, q: Query, now: number, cache: ListCache): { tail: Buffer; span: Span } {
  const { api, target } = r;
  const kind = target.info.kind;
  const resourceVersion = String(api.resourceVersion);
  const head = headOf(r, resourceVersion);
  const { labelSelector, fieldSelector, cont, limit } = q;
  const { entries } = api.listStored(kind, {
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
    ...(fieldSelector ? { fieldSelector } : {}),
  });
  const keyOf = (s: Stored): string => objectKey(s.obj.metadata.namespace, s.obj.metadata.name ?? '');
  let page = entries;
  if (cont) {
    let after: string;
    try {
      after = String(JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')).after);
    } catch {
      throw badRequest(`invalid continue token "${cont}"`);
    }
    // Entries come sorted by key: the page starts at the first key after the token's
    // (a binary search, not a scan of all 10,000 pods for each of kubectl's pages).
    let lo = 0;
    let hi = page.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(page[mid] as Stored) > after) hi = mid;
      else lo = mid + 1;
    }
    page = page.slice(lo);
  }
  let next: string | undefined;
  let remaining = 0;
  if (limit > 0 && page.length > limit) {
    remaining = page.length - limit;
    page = page.slice(0, limit);
    next = Buffer.from(JSON.stringify({ after: keyOf(page[page.length - 1] as Stored), rv: resourceVersion })).toString('base64url');
  }
  if (r.table !== undefined) {
    // Bytes, most of them kept per row (table-rows.ts): the head is checked and cut off as bytes.
    const { bytes, until } = tableBytesAt(kind, page.map((s) => s.obj), { include: r.table.include, clock: api, resourceVersion, ...(next ? { continueToken: next } : {}) }, now, (size) => cache.buffers.take(size));
    const headBytes = Buffer.from(head);
    if (!bytes.subarray(0, headBytes.length).equals(headBytes)) throw new Error(`list body of ${kind} does not start with its head`);
    // Kinds printed as text (their AGE not kept open) hold for the cluster second, as before.
    const second = api.virtualOf(api.timestamp(now));
    return { tail: bytes.subarray(headBytes.length), span: until === undefined ? { from: second, until: second + 1000 } : { from: now, until } };
  }
  const metadata = JSON.stringify({ resourceVersion, ...(next ? { continue: next, remainingItemCount: remaining } : {}) });
  // Items go out as stored: one string join instead of serializing 1,000 pods again.
  const items = target.served === undefined ? page.map((s) => s.json) : page.map((s) => JSON.stringify(shown(target, s.obj)));
  const body = `{"kind":"${kind}List","apiVersion":"${apiVersionServed(target)}","metadata":${metadata},"items":[${items.join(',')}]}`;
  // The body is head + tail by construction (metadata's first member is resourceVersion).
  if (!body.startsWith(head)) throw new Error(`list body of ${kind} does not start with its head`);
  const text = body.slice(head.length);
  const tail = cache.buffers.take(Buffer.byteLength(text));
  tail.write(text);
  return { tail, span: { from: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY } };
}
