/* PATCH with Content-Type application/apply-patch+yaml: server-side apply. */
import type { IncomingMessage } from 'node:http';
import YAML from 'yaml';
import { qualifiedResource } from '../kinds.js';
import { serverSideApply } from '../managed-fields/server-side-apply.js';
import { badRequest } from '../status.js';
import { readBody } from './body.js';
import { json, type Reply, type ResourceRequest } from './request.js';

export const APPLY_PATCH = 'application/apply-patch+yaml';

export function isApplyPatch(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === APPLY_PATCH;
}

/** The body of an apply patch: YAML (JSON is YAML too), one object. */
async function readApplyPatch(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  try {
    return YAML.parse(text);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** ParseBool as the query decoder does: force=true, force=1, force=True ... */
function boolParam(v: string | null): boolean {
  return v !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v);
}

export async function apply(r: ResourceRequest, name: string, where: string): Promise<Reply> {
  const { info, namespace, subresource, served } = r.target;
  if (subresource !== undefined || served !== undefined) {
    throw badRequest(`server-side apply of ${qualifiedResource(info)}${served !== undefined ? ` in ${served.group}/${served.version}` : ''}${subresource !== undefined ? `/${subresource}` : ''} is not supported by kubelapse; apply the object itself${served !== undefined ? ' in its stored version' : ''}`);
  }
  const config = await readApplyPatch(r.req);
  r.sync();
  const fieldManager = r.query.get('fieldManager') ?? undefined;
  const force = boolParam(r.query.get('force'));
  const { object, created } = serverSideApply(r.api, info.kind, namespace, name, config, r.ctx(`apply ${where}${force ? ' (force)' : ''}`), { fieldManager, force });
  return json(created ? 201 : 200, object, `apply ${where}`);
}
