/* Requests for the virtual resources: the self reviews (POST) and metrics (GET). */
import type { IncomingMessage } from 'node:http';
import type { ApiServer } from '../api-server.js';
import type { MetricsServer } from '../../metrics/metrics-server.js';
import { failure, methodNotSupported } from '../status.js';
import { selfSubjectAccessReview, selfSubjectRulesReview } from './authorization-reviews.js';
import { readObject } from './body.js';
import { listNodeMetrics, listPodMetrics } from './resource-metrics.js';
import type { VirtualTarget } from './virtual-resources.js';
import type { KindInfo } from '../kinds.js';

export async function serveVirtual(t: VirtualTarget, method: string, req: IncomingMessage, api: ApiServer, metrics: MetricsServer | undefined): Promise<{ code: number; body: object }> {
  const r = t.resource;
  const verb = method === 'POST' ? 'create' : method === 'GET' ? (t.name === undefined ? 'list' : 'get') : method.toLowerCase();
  if (!r.verbs.includes(verb) || (verb === 'create' && t.name !== undefined)) {
    throw methodNotSupported({ resource: r.resource, group: r.group } as KindInfo, verb);
  }
  if (r.kind === 'SelfSubjectAccessReview') return { code: 201, body: selfSubjectAccessReview(await readObject(req)) };
  if (r.kind === 'SelfSubjectRulesReview') return { code: 201, body: selfSubjectRulesReview(await readObject(req)) };
  if (metrics === undefined) throw failure(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
  if (r.kind === 'NodeMetrics') return { code: 200, body: listNodeMetrics(api, metrics, t.name) };
  return { code: 200, body: listPodMetrics(api, metrics, t.namespace, t.name) };
}
