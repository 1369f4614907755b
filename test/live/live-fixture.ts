import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { writeKubeconfig } from '../../core/live/kubeconfig.js';
import { servingCertificate } from '../../core/live/certificate.js';
import { LiveServer, type LiveOptions as LiveServerOptions } from '../../core/live/live-server.js';
import { RealTimePacer } from '../../core/cli/live-pacer.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { httpsRequest, type Reply } from './https-request.js';
import { kubectlAsync, type Ran } from './kubectl-runner.js';

export type { Reply } from './https-request.js';

export interface RequestOptions {
  body?: string | Buffer;
  contentType?: string;
  accept?: string;
  /** null: no Authorization header at all. */
  token?: string | null;
}

export interface RunningLive {
  live: LiveServer;
  url: string;
  token: string;
  ca: string;
  dir: string;
  output: string;
  request(method: string, urlPath: string, options?: RequestOptions): Promise<Reply>;
  stop(): Promise<void>;
}

/** A live session in this process on a free port, paced by the wall clock at `speed`. */
export async function startLive(options: { speed?: number; watchHistory?: number; nodes?: number; controlPlane?: boolean; slowWatchers?: LiveServerOptions['slowWatchers']; tlsWorker?: boolean; advanceBudgetMs?: number } = {}): Promise<RunningLive> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-live-'));
  const output = path.join(dir, 'live-test.db');
  const scenario = emptyScenario({ dir, name: 'live-test', title: 'live test', ...(options.nodes !== undefined ? { nodes: options.nodes } : {}) });
  // As a scenario's cluster: {controlPlane: true} does: kubeadm's control-plane node first.
  if (options.controlPlane === true) scenario.nodes = [{ name: 'control-plane', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [], controlPlane: true }, ...scenario.nodes];
  const tls = await servingCertificate('2026-11-22T00:00:00Z');
  const token = 'test-token-0123456789';
  const live = new LiveServer({ scenario, output, epoch: '2026-11-22T10:00:00Z', token, host: '127.0.0.1', port: 0, tls, ...(options.watchHistory !== undefined ? { watchHistory: options.watchHistory } : {}), ...(options.slowWatchers !== undefined ? { slowWatchers: options.slowWatchers } : {}), ...(options.tlsWorker !== undefined ? { tlsWorker: options.tlsWorker } : {}), ...(options.advanceBudgetMs !== undefined ? { advanceBudgetMs: options.advanceBudgetMs } : {}) });
  const pacer = new RealTimePacer(options.speed ?? 1, (t) => live.advance(t), () => live.nextDue());
  await live.listen(pacer);
  pacer.start();
  const url = live.url;
  const request = (method: string, urlPath: string, o: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { Accept: o.accept ?? 'application/json' };
    if (o.token !== null) headers.Authorization = `Bearer ${o.token ?? token}`;
    if (o.contentType !== undefined) headers['Content-Type'] = o.contentType;
    const target = new URL(urlPath, url);
    return httpsRequest({ method, path: target.pathname + target.search, port: Number(target.port), headers, ca: tls.cert, ...(o.body !== undefined ? { body: o.body } : {}) });
  };
  let stopped = false;
  return {
    live, url, token, ca: tls.cert, dir, output, request,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      pacer.stop();
      await live.close(pacer.virtualNow());
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type LiveOptions = NonNullable<Parameters<typeof startLive>[0]>;

/** A describe block's live session with the real kubectl pointed at it. */
export interface LiveKubectl {
  /** The running session: there once the block's first beforeAll has run. */
  readonly l: RunningLive;
  /** The kubeconfig file kubectl reads (in the session's own folder). */
  readonly kubeconfig: string;
  kubectl(...args: string[]): Promise<Ran>;
  /** kubectl that must exit 0: its stdout, or a thrown error with its stderr. */
  ok(...args: string[]): Promise<string>;
}

/**
 * Starts a live session before the block's tests (its beforeAll runs before any the block
 * registers after this call) and stops it after them; kubectl gets a kubeconfig, a home
 * and a discovery cache of the session's own, so blocks never share kubectl state.
 */
export function liveWithKubectl(options: LiveOptions = {}): LiveKubectl {
  let running: RunningLive | undefined;
  let kubeconfig = '';
  beforeAll(async () => {
    running = await startLive(options);
    kubeconfig = path.join(running.dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, running.url, running.token, running.ca);
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
  });
  const session = (): RunningLive => {
    if (running === undefined) throw new Error('the live session is not started yet: use it in a test or a beforeAll registered after liveWithKubectl');
    return running;
  };
  return {
    get l() {
      return session();
    },
    get kubeconfig() {
      session();
      return kubeconfig;
    },
    kubectl: (...args) => kubectlAsync(kubeconfig, session().dir).run(...args),
    ok: (...args) => kubectlAsync(kubeconfig, session().dir).ok(...args),
  };
}

/** A live session with one watch client in a worker thread, watching (watchedLive). */
export interface WatchedLive {
  l: RunningLive;
  /** What the client and the test share (Int32Array over a SharedArrayBuffer of 8 bytes). */
  shared: Int32Array;
  worker: Worker;
}

/**
 * For tests of a watch read by a client in its own thread while this one is busy: a
 * starter that makes a live session and the client (`client`, given the session, the
 * resourceVersion to watch from and the shared flags; it posts a message once it has sent
 * its request), and waits for the server to count the watch. Registers the afterEach that
 * ends the client and the session.
 */
export function watchedLive(client: (l: RunningLive, resourceVersion: string, shared: Int32Array) => Worker, options: LiveOptions = {}): () => Promise<WatchedLive> {
  let live: RunningLive | undefined;
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.terminate();
    worker = undefined;
    await live?.stop();
    live = undefined;
  });
  return async () => {
    const l = (live = await startLive(options));
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const w = (worker = client(l, String(l.live.session.sim.api.resourceVersion), shared));
    await new Promise((r) => w.once('message', r));
    await waitFor('the watch', () => (l.live.watchCount === 1 ? true : undefined));
    return { l, shared, worker: w };
  };
}
