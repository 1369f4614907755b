/* GET of one object or a collection: JSON as stored, a Table, or another served version. */
import { objectKey, type Stored } from '../object-store.js';
import { badRequest } from '../status.js';
import { tooLargeResourceVersion } from './list-options.js';
import { apiVersionServed, json, shown, type Reply, type ResourceRequest } from './request.js';
import { asTable, tableJson } from './table.js';

export function getOne(r: ResourceRequest, name: string): Reply {
  const stored = r.api.getStored(r.target.info.kind, r.target.namespace, name);
  if (r.table !== undefined) {
    return json(200, asTable(r.target.info.kind, [stored.obj], { include: r.table.include, clock: r.api, resourceVersion: stored.obj.metadata.resourceVersion ?? '' }), 'get');
  }
  if (r.target.served !== undefined) return json(200, shown(r.target, stored.obj), 'get');
  return { code: 200, body: stored.json, summary: 'get' };
}

/**
 * LIST with label and field selectors, and `limit` + `continue` paging (kubectl asks
 * for 500 at a time). The continue token holds the last key served; the next page
 * starts after it in the current state rather than in a snapshot at the first page's
 * resourceVersion (a simplification: this server keeps no old versions to list from).
 */
export function list(r: ResourceRequest): Reply {
  const { api, target, query } = r;
  const rv = r.options?.resourceVersion ?? '';
  if (/^\d+$/.test(rv) && Number(rv) > api.resourceVersion) throw tooLargeResourceVersion(rv, api.resourceVersion);
  const { entries, resourceVersion } = api.listStored(target.info.kind, {
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(query.get('labelSelector') ? { labelSelector: query.get('labelSelector') as string } : {}),
    ...(query.get('fieldSelector') ? { fieldSelector: query.get('fieldSelector') as string } : {}),
  });
  const keyOf = (s: Stored): string => objectKey(s.obj.metadata.namespace, s.obj.metadata.name ?? '');
  let page = entries;
  const cont = query.get('continue');
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
  const limit = r.options?.limit ?? 0;
  let next: string | undefined;
  let remaining = 0;
  if (limit > 0 && page.length > limit) {
    remaining = page.length - limit;
    page = page.slice(0, limit);
    next = Buffer.from(JSON.stringify({ after: keyOf(page[page.length - 1] as Stored), rv: resourceVersion })).toString('base64url');
  }
  if (r.table !== undefined) {
    const objects = page.map((s) => s.obj);
    return { code: 200, body: tableJson(target.info.kind, objects, { include: r.table.include, clock: api, resourceVersion, ...(next ? { continueToken: next } : {}) }), summary: 'list' };
  }
  const metadata = JSON.stringify({ resourceVersion, ...(next ? { continue: next, remainingItemCount: remaining } : {}) });
  // Items go out as stored: one string join instead of serializing 1,000 pods again.
  const items = target.served === undefined ? page.map((s) => s.json) : page.map((s) => JSON.stringify(shown(target, s.obj)));
  const body = `{"kind":"${target.info.kind}List","apiVersion":"${apiVersionServed(target)}","metadata":${metadata},"items":[${items.join(',')}]}`;
  return { code: 200, body, summary: 'list' };
}
