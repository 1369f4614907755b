import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { ApiServer } from '../api-server.js';
import { podWarnings, warningHeader } from '../pod-warnings.js';
import { ApiError, badRequest, internalError, methodNotAllowed, resourceNotFound, unauthorized } from '../status.js';
import type { RequestContext } from '../types.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from './discovery.js';
import { openApiV2, openApiV3 } from './openapi.js';
import { parseApiPath } from './paths.js';
import { handleResource, type Reply } from './resource-handlers.js';
import { listOptions, queryBool } from './list-options.js';
import { serveWatch } from './watch.js';
import type { DirectWatches } from './watch-direct.js';
import type { SlowWatcherPolicy } from './watch-writer.js';
import { serveVirtual } from './virtual-handler.js';
import type { MetricsServer } from '../../metrics/metrics-server.js';
import type { ContainerLogs } from '../../kubelet/container-log.js';
import { servePodLog } from './pod-log.js';
import { wantsTable, type IncludeObject } from './table.js';
import { kubectlReason } from './kubectl-reason.js';
import { acceptsGzip, GZIP_THRESHOLD_BYTES, gzipSpliced, gzipWhole } from './compression.js';

/** What a request that wrote tells the live session: who, which kubectl command, which rows. */
export interface WriteNotice {
  actor: string;
  /** kubectl's Kubectl-Command header ("kubectl scale"), when the client is kubectl. */
  command: string | undefined;
  /** kubectl's Kubectl-Session header: one id per kubectl invocation. */
  session: string | undefined;
  summary: string;
  firstSeq: number;
  lastSeq: number;
}

export interface RestOptions {
  api: ApiServer;
  /** The bearer token every request but /version and the health checks must carry. */
  token: string;
  /** host:port clients reach this server at (discovery's serverAddressByClientCIDRs). */
  serverAddress: () => string;
  /** Brings virtual time up to the wall clock before a request is served. */
  sync?: () => void;
  /** Runs a task after the requests waiting now (LiveClock.later); unset: nothing is made ahead. */
  later?: (task: () => void) => void;
  /** After a request that wrote. */
  onWrites?: (notice: WriteNotice) => void;
  /** The simulated metrics-server, behind metrics.k8s.io (kubectl top). */
  metrics?: MetricsServer;
  /** The simulated containers' output, behind pods/log (kubectl logs). */
  logs?: ContainerLogs;
  /** Watches opened and closed (the live session reports them; the benchmark counts them). */
  onWatch?: (delta: 1 | -1) => void;
  /** How watchers that read slower than the cluster writes are paused, caught up or cut. */
  slowWatchers: SlowWatcherPolicy;
  /** The thread holding the clients' connections, which watch streams are handed to (watch-direct.ts). */
  directWatches?: DirectWatches;
}

const OPEN_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

/** `kubectl/v1.32.4 (linux/amd64) kubernetes/...` is the actor `kubectl`. */
export function actorOf(userAgent: string | undefined): string {
  const product = (userAgent ?? '').split(/[\s/]/)[0]?.toLowerCase().replace(/[^a-z0-9._-]/g, '') ?? '';
  return product === '' ? 'client' : product;
}

/**
 * Upstream's default field manager (managerOrUserAgent): the User-Agent up to its first
 * "/", printable characters only, at most 128 bytes: `kubectl`, `OpenAPI-Generator`.
 */
export function prefixFromUserAgent(userAgent: string | undefined): string {
  let out = '';
  for (const ch of (userAgent ?? '').split('/')[0] ?? '') {
    if (!/\p{L}|\p{M}|\p{N}|\p{P}|\p{S}| /u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > 128) break;
    out += ch;
  }
  return out;
}

function send(res: ServerResponse, code: number, body: string, contentType = 'application/json', warnings: readonly string[] = []): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache, private', ...(warnings.length > 0 ? { Warning: warnings.map(warningHeader) } : {}) });
  res.end(body);
}

/**
 * A resource reply: gzip'd as upstream's APIResponseCompression does (compression.ts) when
 * the client accepts it and the body is over 128 KiB; a LIST's cached tail is written as
 * it is kept (bytes, or deflated once), after the few bytes of its head.
 */
async function sendReply(req: IncomingMessage, res: ServerResponse, reply: Reply, warnings: readonly string[]): Promise<void> {
  const spliced = reply.spliced;
  const head = Buffer.from(spliced === undefined ? reply.body : spliced.head);
  // list() holds the tail for this response: its memory is not reused before the response is done.
  if (spliced !== undefined) res.once('close', () => spliced.tail.release());
  const length = head.length + (spliced?.tail.length ?? 0);
  const headers: Record<string, string | number | string[]> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...(warnings.length > 0 ? { Warning: warnings.map(warningHeader) } : {}) };
  let chunks: Buffer[];
  if (length > GZIP_THRESHOLD_BYTES && acceptsGzip(req.headers['accept-encoding'])) {
    if (spliced !== undefined) await spliced.tail.prepareGzip();
    chunks = spliced === undefined ? [gzipWhole(head)] : gzipSpliced(head, spliced.tail);
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  } else {
    chunks = spliced === undefined ? [head] : [head, spliced.tail.lend()];
  }
  headers['Content-Length'] = chunks.reduce((n, c) => n + c.length, 0);
  res.writeHead(reply.code, headers);
  // Corked: the head's few bytes and the tail leave in one writev, not two TLS records.
  res.cork();
  for (const c of chunks) res.write(c);
  res.end();
  res.uncork();
}

function sendError(res: ServerResponse, err: unknown): void {
  const apiErr = err instanceof ApiError ? err : internalError(err instanceof Error ? err.message : String(err));
  if (res.headersSent) {
    res.end();
    return;
  }
  send(res, apiErr.code, JSON.stringify(apiErr.status));
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (m === null) return false;
  const given = Buffer.from(m[1] as string);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * The HTTP face of the simulated API server: the kube-apiserver's REST paths, legacy
 * discovery, OpenAPI v3 stubs, server-side printing, streaming watches, and Status
 * errors for everything refused, so kubectl and client libraries talk to it as to a
 * real cluster. Every write goes through the same ApiServer the controllers use.
 */
export function restHandler(opts: RestOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { api } = opts;
  return (req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req.url);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const authorized = tokenMatches(req.headers.authorization, opts.token);
    // Anonymous requests may read the version and health, as upstream's default RBAC allows;
    // a request with a wrong token is refused everywhere.
    if (!authorized && !(OPEN_PATHS.has(path) && req.headers.authorization === undefined)) throw unauthorized();
    if (OPEN_PATHS.has(path)) {
      if (path === '/version') return send(res, 200, JSON.stringify(VERSION_INFO));
      return send(res, 200, 'ok', 'text/plain; charset=utf-8');
    }
    if (path === '/openapi/v2' || path.startsWith('/openapi/')) {
      if (method !== 'GET') throw methodNotAllowed(method, path);
      if (path === '/openapi/v2') {
        const v2 = openApiV2(req.headers.accept);
        res.writeHead(200, { 'Content-Type': v2.contentType, 'Content-Length': Buffer.byteLength(v2.body), 'Cache-Control': 'no-cache, private' });
        res.end(v2.body);
        return;
      }
      const doc = path.startsWith('/openapi/v3') ? openApiV3(path) : undefined;
      if (doc === undefined) throw resourceNotFound();
      return send(res, 200, doc);
    }
    const route = parseApiPath(path);
    if (route.type === 'virtual') {
      opts.sync?.();
      const reply = await serveVirtual(route.target, method, req, api, opts.metrics);
      return send(res, reply.code, JSON.stringify(reply.body));
    }
    if (route.type !== 'resource') {
      if (method !== 'GET') throw methodNotAllowed(method, path);
      if (route.type === 'discovery') return send(res, 200, JSON.stringify(route.what === 'api' ? apiVersions(opts.serverAddress()) : apiGroupList()));
      if (route.type === 'group') return send(res, 200, JSON.stringify(apiGroup(route.group)));
      return send(res, 200, JSON.stringify(apiResourceList(route.group, route.version)));
    }
    const target = route.target;
    const q = url.searchParams;
    if (target.subresource === 'log' && target.info.kind === 'Pod') {
      if (method !== 'GET') throw methodNotAllowed(method, path);
      if (opts.logs === undefined) throw badRequest(`pods "${target.name}": log is not available on this server`);
      opts.sync?.();
      return servePodLog(api, opts.logs, target.namespace ?? 'default', target.name ?? '', q, req, res);
    }
    const table = wantsTable(req.headers.accept) ? { include: (q.get('includeObject') as IncludeObject | null) ?? 'Metadata' } : undefined;
    if (table !== undefined && !['None', 'Metadata', 'Object'].includes(table.include)) table.include = 'Metadata';
    opts.sync?.();
    // LIST and WATCH options, decoded and validated before anything is served.
    const options = method === 'GET' && (target.name === undefined || target.watchPrefix || queryBool(q, 'watch')) ? listOptions(q, target.watchPrefix) : undefined;
    if (options?.watch === true) {
      serveWatch(
        {
          api,
          target,
          ...optional('labelSelector', options.labelSelector || null),
          // A watch on one object (`/watch/.../pods/NAME`) is a watch on its name.
          ...optional('fieldSelector', [options.fieldSelector, target.name === undefined ? '' : `metadata.name=${target.name}`].filter((s) => s).join(',') || null),
          ...optional('resourceVersion', options.resourceVersion || null),
          ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
          ...(table !== undefined ? { table } : {}),
          slow: opts.slowWatchers,
          ...(opts.directWatches !== undefined ? { direct: opts.directWatches } : {}),
        },
        res,
        () => opts.onWatch?.(-1),
      );
      // Counted once the stream has started: a refused selector never was a watch.
      opts.onWatch?.(1);
      return;
    }
    const before = api.lastSeq;
    const command = header(req, 'kubectl-command');
    const actor = actorOf(req.headers['user-agent']);
    const ctx = (summary: string): RequestContext => ({
      actor,
      causeSeq: null,
      reason: kubectlReason(command, target.subresource),
      message: `${command ?? actor}: ${summary}`,
      dryRun: (q.getAll('dryRun') ?? []).includes('All'),
      fieldManager: q.get('fieldManager') || prefixFromUserAgent(req.headers['user-agent']),
      ...(target.served !== undefined ? { apiVersion: `${target.served.group}/${target.served.version}` } : {}),
    });
    const reply: Reply = await handleResource({ api, target, method, query: q, req, ctx, sync: () => opts.sync?.(), ...(opts.later !== undefined ? { later: opts.later } : {}), ...(table !== undefined ? { table } : {}), ...(options !== undefined ? { options } : {}) });
    // Recorded before acknowledged: the live session commits the rows (onWrites flushes the
    // recorder) and only then does the client hear 2xx, so a write a client was told about
    // is in the file even if the process is killed the next instant.
    if (api.lastSeq > before) {
      opts.onWrites?.({ actor, command, session: header(req, 'kubectl-session'), summary: reply.summary, firstSeq: before + 1, lastSeq: api.lastSeq });
    }
    await sendReply(req, res, reply, writeWarnings(method, target.subresource, reply));
  }
}

/**
 * What the API server warns about an object it accepted (a create, update or patch of the
 * object itself, dry-run too), e.g. two containers declaring containerPort 80.
 */
function writeWarnings(method: string, subresource: string | undefined, reply: Reply): string[] {
  if (!['POST', 'PUT', 'PATCH'].includes(method) || subresource !== undefined || reply.code >= 300) return [];
  try {
    return podWarnings(JSON.parse(reply.body));
  } catch {
    return [];
  }
}

/**
 * The request target as a path and query. `new URL(target, base)` would read `//x/api`
 * as a host name (and throw on `//:`): a request target is an absolute path, so it is
 * parsed as one, and `//api/v1` is a path that no route serves (404).
 */
function requestUrl(target: string | undefined): URL {
  const raw = target ?? '/';
  const q = raw.indexOf('?');
  const pathPart = q < 0 ? raw : raw.slice(0, q);
  const url = new URL('http://localhost/');
  url.pathname = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  if (q >= 0) url.search = raw.slice(q);
  return url;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function optional<K extends string>(key: K, value: string | null): { [P in K]?: string } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: string };
}
