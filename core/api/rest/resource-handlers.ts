import type { IncomingMessage } from 'node:http';
import type { ApiServer } from '../api-server.js';
import type { DeleteOptions } from '../deletion.js';
import { apiVersionOf, qualifiedResource } from '../kinds.js';
import { objectKey, type Stored } from '../object-store.js';
import { applyPatch } from '../patch.js';
import { badRequest, methodNotAllowed, success } from '../status.js';
import type { KObject, RequestContext } from '../types.js';
import { readObject, readOptionalObject, readPatch } from './body.js';
import type { ResourceTarget } from './paths.js';
import { asTable, type IncludeObject } from './table.js';

export interface ResourceRequest {
  api: ApiServer;
  target: ResourceTarget;
  method: string;
  query: URLSearchParams;
  req: IncomingMessage;
  /** The write context, with a short summary of the request for the recording's message column. */
  ctx: (summary: string) => RequestContext;
  /** Catches virtual time up again after the body has arrived. */
  sync: () => void;
  table?: { include: IncludeObject; epochMs: number };
}

export interface Reply {
  code: number;
  body: string;
  /** "patch deployments/web/scale": what the request did, for narration. */
  summary: string;
}

const json = (code: number, value: unknown, summary: string): Reply => ({ code, body: JSON.stringify(value), summary });

/** The object as the requested version shows it (autoscaling/v1 for a v2-stored HPA). */
function shown(t: ResourceTarget, obj: Readonly<KObject>): Readonly<KObject> {
  return t.served === undefined ? obj : t.served.toServed(obj);
}

function apiVersionServed(t: ResourceTarget): string {
  return t.served === undefined ? apiVersionOf(t.info) : `${t.served.group}/${t.served.version}`;
}

/** Dispatches a request for objects by method, collection or item, and subresource. */
export async function handleResource(r: ResourceRequest): Promise<Reply> {
  const { target, method } = r;
  const { info, name, subresource } = target;
  const where = `${qualifiedResource(info)}${name === undefined ? '' : `/${name}`}${subresource === undefined ? '' : `/${subresource}`}`;
  if (name === undefined) {
    switch (method) {
      case 'GET':
        return list(r);
      case 'POST':
        return create(r);
      case 'DELETE':
        return deleteCollection(r);
      default:
        throw methodNotAllowed(method, where);
    }
  }
  if (subresource === 'binding' || subresource === 'eviction') {
    if (method !== 'POST') throw methodNotAllowed(method, where);
    return subresource === 'binding' ? bind(r, name) : evict(r, name);
  }
  if (subresource === 'scale') {
    if (method === 'GET') return json(200, r.api.getScale(info.kind, target.namespace, name), `get ${where}`);
    if (method === 'PUT' || method === 'PATCH') return scale(r, name, where);
    throw methodNotAllowed(method, where);
  }
  switch (method) {
    case 'GET':
      return getOne(r, name);
    case 'PUT':
      return update(r, name, where);
    case 'PATCH':
      return patch(r, name, where);
    case 'DELETE':
      if (subresource !== undefined) throw methodNotAllowed(method, where);
      return deleteOne(r, name, where);
    default:
      throw methodNotAllowed(method, where);
  }
}

function getOne(r: ResourceRequest, name: string): Reply {
  const stored = r.api.getStored(r.target.info.kind, r.target.namespace, name);
  if (r.table !== undefined) {
    return json(200, asTable(r.target.info.kind, [stored.obj], { include: r.table.include, nowEpochMs: r.table.epochMs + r.api.now(), resourceVersion: stored.obj.metadata.resourceVersion ?? '' }), 'get');
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
function list(r: ResourceRequest): Reply {
  const { api, target, query } = r;
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
    page = page.filter((s) => keyOf(s) > after);
  }
  const limitText = query.get('limit');
  const limit = limitText === null ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit "${limitText}"`);
  let next: string | undefined;
  let remaining = 0;
  if (limit > 0 && page.length > limit) {
    remaining = page.length - limit;
    page = page.slice(0, limit);
    next = Buffer.from(JSON.stringify({ after: keyOf(page[page.length - 1] as Stored), rv: resourceVersion })).toString('base64url');
  }
  if (r.table !== undefined) {
    const objects = page.map((s) => s.obj);
    return json(200, asTable(target.info.kind, objects, { include: r.table.include, nowEpochMs: r.table.epochMs + api.now(), resourceVersion, ...(next ? { continueToken: next } : {}) }), 'list');
  }
  const metadata = JSON.stringify({ resourceVersion, ...(next ? { continue: next, remainingItemCount: remaining } : {}) });
  // Items go out as stored: one string join instead of serializing 1,000 pods again.
  const items = target.served === undefined ? page.map((s) => s.json) : page.map((s) => JSON.stringify(shown(target, s.obj)));
  const body = `{"kind":"${target.info.kind}List","apiVersion":"${apiVersionServed(target)}","metadata":${metadata},"items":[${items.join(',')}]}`;
  return { code: 200, body, summary: 'list' };
}

/** Fills in the kind and apiVersion the URL implies, and refuses a body of another kind. */
function objectFor(target: ResourceTarget, body: Record<string, unknown>): KObject {
  const info = target.info;
  const apiVersion = apiVersionServed(target);
  if (body.kind === undefined || body.kind === '') body.kind = info.kind;
  if (body.apiVersion === undefined || body.apiVersion === '') body.apiVersion = apiVersion;
  if (body.kind !== info.kind || body.apiVersion !== apiVersion) {
    throw badRequest(`${String(body.kind)} in version "${String(body.apiVersion)}" cannot be handled as a ${info.kind}: the request is for ${qualifiedResource(info)} (${apiVersion})`);
  }
  if (body.metadata !== undefined && (body.metadata === null || typeof body.metadata !== 'object' || Array.isArray(body.metadata))) {
    throw badRequest('metadata: must be an object');
  }
  return body as KObject;
}

async function create(r: ResourceRequest): Promise<Reply> {
  const { info, namespace } = r.target;
  if (info.namespaced && namespace === undefined) throw methodNotAllowed('POST', `${qualifiedResource(info)} without a namespace`);
  const given = objectFor(r.target, await readObject(r.req));
  const obj = r.target.served === undefined ? given : r.target.served.toStorage(given);
  r.sync();
  const name = (obj.metadata?.name as string | undefined) ?? `${String(obj.metadata?.generateName ?? '')}*`;
  const created = r.api.create(obj, r.ctx(`create ${qualifiedResource(info)}/${name}`), namespace);
  return json(201, shown(r.target, created), `create ${qualifiedResource(info)}/${created.metadata.name}`);
}

async function update(r: ResourceRequest, name: string, where: string): Promise<Reply> {
  const { info, namespace, subresource } = r.target;
  let obj = objectFor(r.target, await readObject(r.req));
  obj.metadata ??= {};
  if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
    throw badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`);
  }
  if (info.namespaced && obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.name = name;
  if (info.namespaced && namespace !== undefined) obj.metadata.namespace = namespace;
  r.sync();
  if (r.target.served !== undefined) obj = r.target.served.toStorage(obj, r.api.get(info.kind, namespace, name));
  const updated = r.api.update(obj, r.ctx(`update ${where}`), subresource === 'status' ? 'status' : null);
  return json(200, shown(r.target, updated), `update ${where}`);
}

async function patch(r: ResourceRequest, name: string, where: string): Promise<Reply> {
  const { info, namespace, subresource } = r.target;
  const { type, patch: body } = await readPatch(r.req);
  r.sync();
  const sub = subresource === 'status' ? 'status' : null;
  const served = r.target.served;
  if (served !== undefined) {
    // A patch speaks the version it was sent to: apply it there, then store the result.
    const current = r.api.get(info.kind, namespace, name);
    const patched = applyPatch(served.toServed(current), body, type) as KObject;
    const next = served.toStorage(patched, current);
    if (typeof (body as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion !== 'string') next.metadata.resourceVersion = current.metadata.resourceVersion;
    return json(200, served.toServed(r.api.update(next, r.ctx(`patch ${where}`), sub, true)), `patch ${where}`);
  }
  const patched = r.api.patch(info.kind, namespace, name, body, type, r.ctx(`patch ${where}`), sub);
  return json(200, patched, `patch ${where}`);
}

/** GET/PUT/PATCH .../scale: the Scale object; a patch applies to it, then only spec.replicas is written. */
async function scale(r: ResourceRequest, name: string, where: string): Promise<Reply> {
  const { api, target } = r;
  let replicas: unknown;
  let rv: string | undefined;
  if (r.method === 'PUT') {
    const body = await readObject(r.req);
    replicas = (body.spec as { replicas?: unknown } | undefined)?.replicas;
    rv = (body.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
  } else {
    const { type, patch: body } = await readPatch(r.req);
    r.sync();
    const patched = applyPatch(api.getScale(target.info.kind, target.namespace, name), body, type);
    replicas = patched?.spec?.replicas;
    rv = typeof (body as { metadata?: { resourceVersion?: unknown } })?.metadata?.resourceVersion === 'string' ? patched.metadata.resourceVersion : undefined;
  }
  if (typeof replicas !== 'number') throw badRequest(`spec.replicas: expected a number, got ${JSON.stringify(replicas ?? null)}`);
  r.sync();
  const result = api.updateScale(target.info.kind, target.namespace, name, replicas, r.ctx(`scale ${where} to ${replicas}`), rv);
  return json(200, result, `scale ${where} to ${replicas}`);
}

/** DeleteOptions from the body (kubectl sends one) and the query (curl users use those). */
async function deleteOptions(r: ResourceRequest): Promise<DeleteOptions> {
  const body = (await readOptionalObject(r.req)) ?? {};
  const q = r.query;
  const grace = body.gracePeriodSeconds ?? (q.get('gracePeriodSeconds') === null ? undefined : Number(q.get('gracePeriodSeconds')));
  let policy = body.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  const orphan = body.orphanDependents ?? (q.get('orphanDependents') === null ? undefined : q.get('orphanDependents') === 'true');
  if (policy === undefined && orphan !== undefined) policy = orphan ? 'Orphan' : 'Background';
  if (grace !== undefined && (typeof grace !== 'number' || !Number.isInteger(grace))) throw badRequest(`invalid gracePeriodSeconds ${JSON.stringify(grace)}`);
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy as string)) {
    throw badRequest(`invalid propagationPolicy "${String(policy)}": Background, Foreground or Orphan`);
  }
  const pre = body.preconditions as DeleteOptions['preconditions'] | undefined;
  return {
    ...(grace !== undefined ? { gracePeriodSeconds: grace as number } : {}),
    ...(policy !== undefined ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] & string } : {}),
    ...(pre !== undefined && pre !== null ? { preconditions: pre } : {}),
  };
}

/**
 * DELETE answers 200 with the object while it is still there (a pod in its grace
 * period, an object held by finalizers). Once it is gone, pods come back as their last
 * state and other kinds as a Success Status naming the uid, as upstream's registries do.
 */
async function deleteOne(r: ResourceRequest, name: string, where: string): Promise<Reply> {
  const { api, target } = r;
  const options = await deleteOptions(r);
  r.sync();
  const last = api.delete(target.info.kind, target.namespace, name, r.ctx(`delete ${where}`), options);
  const still = api.tryGet(target.info.kind, target.namespace, name);
  if (still !== undefined || target.info.kind === 'Pod') return json(200, shown(target, still ?? last), `delete ${where}`);
  const details = { name, ...(target.info.group !== '' ? { group: target.info.group } : {}), kind: target.info.resource, uid: last.metadata.uid ?? '' };
  return json(200, success(details), `delete ${where}`);
}

async function deleteCollection(r: ResourceRequest): Promise<Reply> {
  const { api, target, query } = r;
  const options = await deleteOptions(r);
  r.sync();
  const { items } = api.list(target.info.kind, {
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(query.get('labelSelector') ? { labelSelector: query.get('labelSelector') as string } : {}),
    ...(query.get('fieldSelector') ? { fieldSelector: query.get('fieldSelector') as string } : {}),
  });
  const where = qualifiedResource(target.info);
  const deleted = items.map((o) => api.delete(target.info.kind, o.metadata.namespace, o.metadata.name ?? '', r.ctx(`delete ${where}/${o.metadata.name} (collection)`), options));
  return json(200, { kind: `${target.info.kind}List`, apiVersion: apiVersionServed(target), metadata: { resourceVersion: String(api.resourceVersion) }, items: deleted.map((o) => shown(target, o)) }, `delete ${where} (collection)`);
}

async function bind(r: ResourceRequest, name: string): Promise<Reply> {
  const body = await readObject(r.req);
  const node = (body.target as { name?: unknown } | undefined)?.name;
  if (typeof node !== 'string') throw badRequest('target.name: the node to bind to is required');
  r.sync();
  r.api.bind(r.target.namespace ?? 'default', name, node, r.ctx(`bind pods/${name} to ${node}`));
  return json(201, success(undefined, 201), `bind pods/${name}`);
}

async function evict(r: ResourceRequest, name: string): Promise<Reply> {
  const body = await readObject(r.req);
  const opts = (body.deleteOptions ?? {}) as Record<string, unknown>;
  r.sync();
  const options: DeleteOptions = {
    ...(typeof opts.gracePeriodSeconds === 'number' ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
    ...(opts.preconditions !== undefined ? { preconditions: opts.preconditions as DeleteOptions['preconditions'] & object } : {}),
  };
  r.api.evict(r.target.namespace ?? 'default', name, r.ctx(`evict pods/${name}`), options);
  return json(201, success(undefined, 201), `evict pods/${name}`);
}
