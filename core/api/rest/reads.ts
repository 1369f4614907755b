/* GET of one object or a collection: JSON as stored, a Table, or another served version. */
import { objectKey, type Stored } from '../object-store.js';
import type { ApiServer } from '../api-server.js';
import { badRequest } from '../status.js';
import { ListCache } from './list-cache.js';
import { tooLargeResourceVersion } from './list-options.js';
import { apiVersionServed, json, shown, type Reply, type ResourceRequest } from './request.js';
import { asTable, tableBytes } from './table.js';

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
 * (list-cache.ts), so the same LIST at a steady cluster is a buffer write.
 */
export function list(r: ResourceRequest): Reply {
  const { api, target, query } = r;
  const rv = r.options?.resourceVersion ?? '';
  if (/^\d+$/.test(rv) && Number(rv) > api.resourceVersion) throw tooLargeResourceVersion(rv, api.resourceVersion);
  const kind = target.info.kind;
  const resourceVersion = String(api.resourceVersion);
  const labelSelector = query.get('labelSelector') ?? '';
  const fieldSelector = query.get('fieldSelector') ?? '';
  const cont = query.get('continue') ?? '';
  const limit = r.options?.limit ?? 0;
  const served = target.served === undefined ? '' : `${target.served.group}/${target.served.version}`;
  const shape = r.table === undefined ? 'json' : `table:${r.table.include}`;
  const key = JSON.stringify([kind, served, target.namespace ?? '', labelSelector, fieldSelector, cont, limit, shape]);
  // A Table's AGE cells change each cluster second: the second is part of its stamp.
  const stamp = r.table === undefined ? String(api.listVersion(kind)) : `${api.listVersion(kind)}@${api.virtualOf(api.timestamp())}`;
  let cache = caches.get(api);
  if (cache === undefined) caches.set(api, (cache = new ListCache()));
  const head = r.table === undefined ? `{"kind":"${kind}List","apiVersion":"${apiVersionServed(target)}","metadata":{"resourceVersion":${JSON.stringify(resourceVersion)}` : `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":${JSON.stringify(resourceVersion)}`;
  const hit = cache.get(key, stamp);
  if (hit !== undefined) return { code: 200, body: '', spliced: { head, tail: hit }, summary: 'list' };
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
    const bytes = tableBytes(kind, page.map((s) => s.obj), { include: r.table.include, clock: api, resourceVersion, ...(next ? { continueToken: next } : {}) });
    const headBytes = Buffer.from(head);
    if (!bytes.subarray(0, headBytes.length).equals(headBytes)) throw new Error(`list body of ${kind} does not start with its head`);
    return { code: 200, body: '', spliced: { head, tail: cache.put(key, stamp, bytes.subarray(headBytes.length)) }, summary: 'list' };
  }
  const metadata = JSON.stringify({ resourceVersion, ...(next ? { continue: next, remainingItemCount: remaining } : {}) });
  // Items go out as stored: one string join instead of serializing 1,000 pods again.
  const items = target.served === undefined ? page.map((s) => s.json) : page.map((s) => JSON.stringify(shown(target, s.obj)));
  const body = `{"kind":"${kind}List","apiVersion":"${apiVersionServed(target)}","metadata":${metadata},"items":[${items.join(',')}]}`;
  // The body is head + tail by construction (metadata's first member is resourceVersion).
  if (!body.startsWith(head)) throw new Error(`list body of ${kind} does not start with its head`);
  return { code: 200, body: '', spliced: { head, tail: cache.put(key, stamp, Buffer.from(body.slice(head.length))) }, summary: 'list' };
}
