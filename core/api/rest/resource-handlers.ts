import { qualifiedResource } from '../kinds.js';
import { methodNotAllowed } from '../status.js';
import { deleteCollection, deleteOne } from './deletes.js';
import { getOne, list } from './reads.js';
import { json, type Reply, type ResourceRequest } from './request.js';
import { bind, create, evict, patch, scale, update } from './writes.js';

export type { Reply, ResourceRequest } from './request.js';

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
  // namespaces/NAME/finalize takes only PUT (FinalizeREST implements Update alone).
  if (subresource === 'finalize' && method !== 'PUT') throw methodNotAllowed(method, where);
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
