/* POST, PUT and PATCH of objects and of their scale, binding and eviction subresources. */
import type { DeleteOptions } from '../deletion.js';
import { qualifiedResource } from '../kinds.js';
import { applyPatch } from '../patch.js';
import { ApiError, badRequest, methodNotAllowed, success } from '../status.js';
import type { KObject } from '../types.js';
import { missingDefaultServiceAccount } from '../admission/admission.js';
import { apply, isApplyPatch } from './apply.js';
import { readObject, readPatch } from './body.js';
import { json, objectFor, shown, type Reply, type ResourceRequest } from './request.js';

export async function create(r: ResourceRequest): Promise<Reply> {
  const { info, namespace } = r.target;
  if (info.namespaced && namespace === undefined) throw methodNotAllowed('POST', `${qualifiedResource(info)} without a namespace`);
  const given = objectFor(r.target, await readObject(r.req));
  const obj = r.target.served === undefined ? given : r.target.served.toStorage(given);
  r.sync();
  const name = (obj.metadata?.name as string | undefined) ?? `${String(obj.metadata?.generateName ?? '')}*`;
  const created = await createWaitingForAccount(r, () => r.api.create(obj, r.ctx(`create ${qualifiedResource(info)}/${name}`), namespace));
  return json(201, shown(r.target, created), `create ${qualifiedResource(info)}/${created.metadata.name}`);
}

/**
 * A pod in a namespace created a moment ago (`kubectl apply -f` of a Namespace and a Pod):
 * like upstream's ServiceAccount plugin, look for the `default` account up to 10 times,
 * 100 ms of cluster time apart, while the serviceaccount controller creates it; then
 * answer as the last try did.
 */
async function createWaitingForAccount(r: ResourceRequest, create: () => Readonly<KObject>): Promise<Readonly<KObject>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return create();
    } catch (e) {
      if (attempt >= DEFAULT_ACCOUNT_LOOKUPS || !missingDefaultServiceAccount(e)) throw e;
    }
    await new Promise<void>((resolve) => void r.api.scheduler.after(DEFAULT_ACCOUNT_RETRY_MS, resolve, 'serviceaccount admission retry'));
    r.sync();
  }
}

/** getServiceAccount's numAttempts for `default`, and the low end of its 100-199 ms interval. */
const DEFAULT_ACCOUNT_LOOKUPS = 10;
const DEFAULT_ACCOUNT_RETRY_MS = 100;

export async function update(r: ResourceRequest, name: string, where: string): Promise<Reply> {
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
  const sub = subresource === 'status' || subresource === 'finalize' ? subresource : null;
  const updated = r.api.update(obj, r.ctx(`update ${where}`), sub);
  return json(200, shown(r.target, updated), `update ${where}`);
}

export async function patch(r: ResourceRequest, name: string, where: string): Promise<Reply> {
  const { info, namespace, subresource } = r.target;
  if (isApplyPatch(r.req)) return apply(r, name, where);
  if (r.query.has('force')) throw invalidPatchOptions('force', 'Forbidden: may not be specified for non-apply patch', 'FieldValueForbidden');
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
export async function scale(r: ResourceRequest, name: string, where: string): Promise<Reply> {
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

export async function bind(r: ResourceRequest, name: string): Promise<Reply> {
  const body = await readObject(r.req);
  const node = (body.target as { name?: unknown } | undefined)?.name;
  if (typeof node !== 'string') throw badRequest('target.name: the node to bind to is required');
  r.sync();
  r.api.bind(r.target.namespace ?? 'default', name, node, r.ctx(`bind pods/${name} to ${node}`));
  return json(201, success(undefined, 201), `bind pods/${name}`);
}

export async function evict(r: ResourceRequest, name: string): Promise<Reply> {
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

/** ValidatePatchOptions' refusals: 422 for PatchOptions.meta.k8s.io. */
function invalidPatchOptions(field: string, detail: string, reason: string): ApiError {
  return new ApiError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid',
    message: `PatchOptions.meta.k8s.io "" is invalid: ${field}: ${detail}`,
    details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason, message: detail, field }] },
  });
}
