import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Subscription } from 'rxjs';
import type { ContainerLogs, LogLine } from '../../kubelet/container-log.js';
import { chooseContainer, chooseRun, cutBytes, formatLine, formatLines, LogRequestError, type LogSelect } from '../../kubelet/log-request.js';
import { MIRROR_POD_ANNOTATION } from '../admission/service-account.js';
import type { ApiServer } from '../api-server.js';
import { queryBool, queryInt64 } from './list-options.js';
import { badRequest, failure, invalidCause, type StatusCause } from '../status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod statuses are open JSON */

/** PodLogOptions from the query, checked as upstream's ValidatePodLogOptions does. */
interface LogQuery extends LogSelect {
  container: string | undefined;
  follow: boolean;
  previous: boolean;
}

function int(q: URLSearchParams, key: string): number | undefined {
  const v = queryInt64(q, key);
  return v === undefined ? undefined : Number(v);
}

/** The query's booleans as the API server's parameter codec reads them: `true`, `True`, `1` ... */
const bool = queryBool;

function logQuery(api: ApiServer, name: string, q: URLSearchParams): LogQuery {
  const tailLines = int(q, 'tailLines');
  const limitBytes = int(q, 'limitBytes');
  const sinceSeconds = int(q, 'sinceSeconds');
  const sinceTime = q.get('sinceTime') ?? undefined;
  const causes: StatusCause[] = [];
  if (tailLines !== undefined && tailLines < 0) causes.push(invalidCause('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) causes.push(invalidCause('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTime !== undefined) causes.push({ reason: 'FieldValueForbidden', field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  else if (sinceSeconds !== undefined && sinceSeconds < 1) causes.push(invalidCause('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  if (causes.length > 0) {
    const list = causes.map((c) => (c.field === '' ? c.message : `${c.field}: ${c.message}`));
    throw failure(422, 'Invalid', `PodLogOptions "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`, { name, kind: 'PodLogOptions', causes });
  }
  let sinceMs: number | undefined;
  if (sinceSeconds !== undefined) sinceMs = api.now() - sinceSeconds * 1000;
  if (sinceTime !== undefined) {
    sinceMs = api.virtualOf(sinceTime);
    if (Number.isNaN(sinceMs)) throw badRequest(`invalid sinceTime "${sinceTime}": not an RFC 3339 time`);
  }
  return {
    container: q.get('container') ?? undefined,
    follow: bool(q, 'follow'),
    previous: bool(q, 'previous'),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(sinceMs !== undefined ? { sinceMs } : {}),
    ...(bool(q, 'timestamps') ? { timestamp: (ms: number) => api.logTimestamp(ms) } : {}),
  };
}

/**
 * GET /api/v1/namespaces/NS/pods/NAME/log: what the API server proxies to the pod's
 * kubelet, answered from the simulated runtime's log store. Plain text, one line per
 * line; refusals are 400 Statuses with upstream's messages (log-request.ts). With
 * follow=true the response stays open and each new line of the run is written as the
 * virtual clock reaches it; it ends when that run of the container ends (a new run
 * writes, or the pod is gone), as the kubelet ends a follow when the container exits.
 */
export function servePodLog(api: ApiServer, logs: ContainerLogs, namespace: string, name: string, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
  const pod = api.get('Pod', namespace, name);
  const o = logQuery(api, name, q);
  let container: string;
  let run: number | undefined;
  // A static pod's lines carry the static pod's own uid, not its mirror's.
  const uid = pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] === undefined ? pod.metadata.uid : undefined;
  let lines: LogLine[] = [];
  try {
    container = chooseContainer(pod, o.container);
    // A pod no node has taken yet has no kubelet to ask: upstream answers with an empty body.
    if ((pod.spec?.nodeName ?? '') === '') return endText(res, '');
    const all = logs.read(namespace, name, container, uid === undefined ? {} : { uid });
    run = chooseRun(pod, container, o.previous, [...new Set(all.map((l) => l.restart))]);
    lines = all.filter((l) => l.restart === run);
  } catch (e) {
    if (e instanceof LogRequestError) throw badRequest(e.message);
    throw e;
  }
  const body = formatLines(lines, o);
  if (!o.follow || o.previous || !runGoesOn(pod, container)) return endText(res, body);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  let sent = Buffer.byteLength(body);
  res.write(body);
  const subs: Subscription[] = [];
  const end = (): void => {
    for (const s of subs) s.unsubscribe();
    if (!res.writableEnded) res.end();
  };
  subs.push(
    logs.lines$.subscribe((l) => {
      if (l.namespace !== namespace || l.pod !== name || l.container !== container || (uid !== undefined && l.podUid !== uid)) return;
      if (run !== undefined && l.restart !== run) return end();
      run = l.restart;
      let text = formatLine(l, o.timestamp);
      if (o.limitBytes !== undefined) text = cutBytes(text, o.limitBytes - sent);
      sent += Buffer.byteLength(text);
      res.write(text);
      if (o.limitBytes !== undefined && sent >= o.limitBytes) end();
    }),
    api.writes$.subscribe((w) => {
      if (w.kind !== 'Pod' || w.namespace !== namespace || w.name !== name) return;
      if (w.verb === 'delete' || !runGoesOn(w.object, container)) end();
    }),
  );
  req.on('close', end);
}

/** Whether the container's current run can still write: running, or not yet started again after a failure. */
function runGoesOn(pod: any, container: string): boolean {
  const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: any) => s.name === container);
  return st?.state?.running !== undefined;
}

function endText(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache, private' });
  res.end(body);
}
