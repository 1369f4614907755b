/* What a request for objects carries, what it answers, and the helpers every verb shares. */
import type { IncomingMessage } from 'node:http';
import type { ApiServer } from '../api-server.js';
import { apiVersionOf, qualifiedResource } from '../kinds.js';
import { badRequest } from '../status.js';
import type { KObject, RequestContext } from '../types.js';
import type { ResourceTarget } from './paths.js';
import type { IncludeObject } from './table.js';
import type { ListOptions } from './list-options.js';
import type { CachedTail } from './compression.js';

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
  /** Runs a task after the requests waiting now (live mode's pacer); unset: nothing is made ahead. */
  later?: (task: () => void) => void;
  table?: { include: IncludeObject };
  /** A LIST's decoded query. */
  options?: ListOptions;
}

export interface Reply {
  code: number;
  /** The body; '' when `spliced` carries it. */
  body: string;
  /** A LIST's body as a per-request head (its resourceVersion) and a cached tail (list-cache.ts). */
  spliced?: { head: string; tail: CachedTail };
  /** "patch deployments/web/scale": what the request did, for narration. */
  summary: string;
}

export const json = (code: number, value: unknown, summary: string): Reply => ({ code, body: JSON.stringify(value), summary });

/** The object as the requested version shows it (autoscaling/v1 for a v2-stored HPA). */
export function shown(t: ResourceTarget, obj: Readonly<KObject>): Readonly<KObject> {
  return t.served === undefined ? obj : t.served.toServed(obj);
}

export function apiVersionServed(t: ResourceTarget): string {
  return t.served === undefined ? apiVersionOf(t.info) : `${t.served.group}/${t.served.version}`;
}

/** Fills in the kind and apiVersion the URL implies, and refuses a body of another kind. */
export function objectFor(target: ResourceTarget, body: Record<string, unknown>): KObject {
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
