/* DELETE of one object or a collection, with DeleteOptions from the body or the query. */
import type { DeleteOptions } from '../deletion.js';
import { qualifiedResource } from '../kinds.js';
import { badRequest, success } from '../status.js';
import { readOptionalObject } from './body.js';
import { apiVersionServed, json, shown, type Reply, type ResourceRequest } from './request.js';

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
export async function deleteOne(r: ResourceRequest, name: string, where: string): Promise<Reply> {
  const { api, target } = r;
  const options = await deleteOptions(r);
  r.sync();
  const last = api.delete(target.info.kind, target.namespace, name, r.ctx(`delete ${where}`), options);
  const still = api.tryGet(target.info.kind, target.namespace, name);
  if (still !== undefined || target.info.kind === 'Pod') return json(200, shown(target, still ?? last), `delete ${where}`);
  const details = { name, ...(target.info.group !== '' ? { group: target.info.group } : {}), kind: target.info.resource, uid: last.metadata.uid ?? '' };
  return json(200, success(details), `delete ${where}`);
}

export async function deleteCollection(r: ResourceRequest): Promise<Reply> {
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
