/**
 * Benchmark: the live API server over HTTPS with PODS pods in the cluster (argv[2],
 * default 10,000: Deployment web of 1,000 in default, the rest as Deployment bulk in
 * namespace bulk, on PODS/100 nodes).
 *   - GET one pod, LIST all pods as JSON and as a Table (what `kubectl get pods -A` asks
 *     for), whole and as kubectl's first page (limit=500), each against GET /healthz over
 *     the same connections as the baseline (TLS + HTTP + routing, no object work); lists
 *     ask for gzip as kubectl does (bytes are as sent), and once without;
 *   - 50 watchers on pods in default while web (1,000 replicas) rolls to a new image:
 *     events delivered per second and the lag from commit to a watcher's read; once on a
 *     quiet machine and once with a neighbour process spinning one core the whole time;
 *   - the same rollout once more (quiet) with LIST clients in a worker thread asking for
 *     all pods as a Table, then as JSON gzip, 5 s each, while the pods roll: the rates a
 *     `kubectl get pods -A` gets during a burst (and the watchers' lag beside them).
 * KUBELAPSE_BENCH_DELIVER_MS / KUBELAPSE_BENCH_BETWEEN_MS set the live server's delivery
 * intervals (LiveOptions.deliverEveryMs / deliverBetweenMs), to compare them.
 * The GET and LIST clients run in this process on keep-alive connections (some in a
 * worker thread, live-listers.ts); the watchers in child processes (live-watchers.ts,
 * KUBELAPSE_BENCH_WATCH_PROCS). Prints one JSON line.
 */
import fs from 'node:fs';
import https from 'node:https';
import { fork, spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import { RealTimePacer } from '../../core/cli/live-pacer.js';
import { servingCertificate } from '../../core/live/certificate.js';
import { LiveServer } from '../../core/live/live-server.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { webDeployment } from './web-cluster.js';
import type { ListJob } from './live-listers.js';
import type { WatchJob, WatchReport } from './live-watchers.js';

const PODS = Number(process.argv[2] ?? 10_000);
const ROLLED = Math.min(1000, PODS);
const WATCHERS = 50;
const SPEED = 2;
/**
 * The 50 watchers' clients: in this many child processes (default 10, 5 watchers each),
 * or 0: all in one worker thread, as before round 12. One thread reading all 50 streams
 * (1.9 GB a rollout) was most of the lag's tail at load 6-11 (live-watchers.ts).
 */
const WATCH_PROCS = Number(process.env.KUBELAPSE_BENCH_WATCH_PROCS ?? 10);
if (!Number.isInteger(WATCH_PROCS) || WATCH_PROCS < 0) {
  process.stderr.write(`live-api bench: KUBELAPSE_BENCH_WATCH_PROCS: invalid ${JSON.stringify(process.env.KUBELAPSE_BENCH_WATCH_PROCS)} (a whole number, 0 for one worker thread)\n`);
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-live-bench-'));
const tls = await servingCertificate('2026-11-22T00:00:00Z');
const token = 'bench';
const live = new LiveServer({
  scenario: emptyScenario({ dir, name: 'bench', title: 'bench', nodes: Math.max(12, Math.ceil(PODS / 100)) }),
  output: path.join(dir, 'bench.db'), epoch: '2026-11-22T00:00:00Z', token, host: '127.0.0.1', port: 0, tls,
  ...(process.env.KUBELAPSE_BENCH_DELIVER_MS !== undefined ? { deliverEveryMs: Number(process.env.KUBELAPSE_BENCH_DELIVER_MS) } : {}),
  ...(process.env.KUBELAPSE_BENCH_BETWEEN_MS !== undefined ? { deliverBetweenMs: Number(process.env.KUBELAPSE_BENCH_BETWEEN_MS) } : {}),
});
const clock = { sync: () => undefined, poke: () => undefined, later: (task: () => void): void => void setImmediate(task) };
await live.listen(clock);
const api = live.session.sim.api;
api.create(webDeployment(ROLLED, { image: 'nginx:1.25', probePeriodSeconds: 10 }), { actor: 'kubectl' });
if (PODS > ROLLED) {
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bulk' } }, { actor: 'kubectl' });
  const bulk = webDeployment(PODS - ROLLED, { image: 'nginx:1.25', probePeriodSeconds: 10 });
  api.create({ ...bulk, metadata: { name: 'bulk', namespace: 'bulk' } }, { actor: 'kubectl' });
}
// Scale-up in virtual time, as fast as the CPU goes, before the wall clock takes over.
let t = 0;
const ready = (): boolean => api.list('Pod', {}).items.filter((p) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')).length >= PODS;
const setupStart = performance.now();
while (!ready() && t < 1_200_000) live.advance((t += 5_000), Number.POSITIVE_INFINITY);
if (process.env.KUBELAPSE_BENCH_VERBOSE) process.stderr.write(`${PODS} pods ready at ${t / 1000} s virtual, ${((performance.now() - setupStart) / 1000).toFixed(1)} s wall\n`);
const pacer = new RealTimePacer(SPEED, (v) => live.advance(v), () => live.nextDue(), 50, t);
// The clock the server calls now: the real pacer.
Object.assign(clock, { sync: () => pacer.sync(), poke: () => pacer.poke(), later: (task: () => void) => pacer.later(task) });
pacer.start();

const agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca: tls.cert });
const url = new URL(live.url);
// kubectl, client-go and node-fetch send Accept-Encoding: gzip by themselves; the bench
// does too, and counts the bytes as sent (it does not inflate them: kubectl would, in its own process).
function get(p: string, accept = 'application/json', gzip = true): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: url.hostname, port: url.port, path: p, agent, headers: { Authorization: `Bearer ${token}`, Accept: accept, ...(gzip ? { 'Accept-Encoding': 'gzip' } : {}) } }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${p}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

let names = api.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.name as string);
async function load(label: string, concurrency: number, ms: number, next: (i: number) => [string, string?, boolean?]): Promise<{ label: string; rps: number; p50: number; p99: number; bytes: number }> {
  const lat: number[] = [];
  let bytes = 0;
  let i = 0;
  // Monotonic microseconds, as for the rollout below: to cut one LIST row out of a --cpu-prof profile.
  if (process.env.KUBELAPSE_BENCH_VERBOSE) process.stderr.write(`${label} from ${process.hrtime.bigint() / 1000n} us\n`);
  const end = performance.now() + ms;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const [p, accept, gzip] = next(i++);
      const s = performance.now();
      bytes = await get(p, accept, gzip);
      lat.push(performance.now() - s);
    }
  }));
  lat.sort((a, b) => a - b);
  const q = (x: number): number => Number((lat[Math.min(lat.length - 1, Math.floor(x * lat.length))] as number).toFixed(2));
  return { label, rps: Math.round(lat.length / (ms / 1000)), p50: q(0.5), p99: q(0.99), bytes };
}

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
await load('warm-up', 8, 1000, () => ['/healthz']);
// One whole LIST as a Table first, not measured: the first one prints every pod cold
// (3.5 s at 10,000 pods on a loaded machine), which alone filled the 4 s window below.
if (process.env.KUBELAPSE_BENCH_ONLY !== 'watch') await get('/api/v1/pods', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
const all = PODS.toLocaleString('en');
// KUBELAPSE_BENCH_ONLY=watch skips the LISTs (a quicker run, or a profile of the fan-out alone).
const results = process.env.KUBELAPSE_BENCH_ONLY === 'watch' ? [] : [
  await load('GET /healthz (baseline)', 8, 4000, () => ['/healthz']),
  await load('GET one pod', 8, 4000, (i) => [`/api/v1/namespaces/default/pods/${names[(i * 7919) % names.length]}`]),
  await load(`LIST ${all} pods (JSON, no gzip)`, 4, 4000, () => ['/api/v1/pods', 'application/json', false]),
  await load(`LIST ${all} pods (JSON)`, 4, 4000, () => ['/api/v1/pods']),
  await load(`LIST ${all} pods (Table)`, 4, 4000, () => ['/api/v1/pods', TABLE]),
  await load(`LIST ${all} pods, page of 500 (JSON)`, 4, 4000, () => ['/api/v1/pods?limit=500']),
  await load(`LIST ${all} pods, page of 500 (Table, kubectl get -A)`, 4, 4000, () => ['/api/v1/pods?limit=500', TABLE]),
  // The same whole LISTs with the clients in a worker thread (live-listers.ts): their
  // decryption off the server's thread, as a real client's is in its own process.
  ...(await inWorker([
    { label: `LIST ${all} pods (JSON), clients in a worker`, concurrency: 4, ms: 4000, path: '/api/v1/pods', accept: 'application/json', gzip: true },
    { label: `LIST ${all} pods (Table), clients in a worker`, concurrency: 4, ms: 4000, path: '/api/v1/pods', accept: TABLE, gzip: true },
    // What the official Python client asks (urllib3 sends no Accept-Encoding): the whole body, uncompressed.
    { label: `LIST ${all} pods (JSON, no gzip), clients in a worker`, concurrency: 4, ms: 4000, path: '/api/v1/pods', accept: 'application/json', gzip: false },
  ])),
];
async function inWorker(jobs: ListJob[]): Promise<unknown[]> {
  const worker = new Worker(new URL('./live-listers.js', import.meta.url), { workerData: { url: live.url, token, ca: tls.cert, jobs } });
  const out = await new Promise<unknown[]>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await worker.terminate();
  return out;
}

/** The watchers' clients (live-watchers.ts), started; stop() gathers what they read. */
async function startWatchers(job: WatchJob): Promise<{ stop(): Promise<WatchReport> }> {
  if (WATCH_PROCS <= 0) {
    const worker = new Worker(new URL('./live-watchers.js', import.meta.url), { workerData: job });
    await new Promise((r) => worker.once('message', r));
    return {
      async stop() {
        const report = await new Promise<WatchReport>((resolve) => {
          worker.once('message', resolve);
          worker.postMessage('stop');
        });
        await worker.terminate();
        return report;
      },
    };
  }
  // Watchers dealt out as evenly as they go: 50 over 10 processes is 5 each.
  const n = Math.min(WATCH_PROCS, job.watchers);
  const shares = Array.from({ length: n }, (_, i) => Math.floor(job.watchers / n) + (i < job.watchers % n ? 1 : 0));
  const children = shares.map((watchers) => {
    const child = fork(new URL('./live-watchers.js', import.meta.url), [], { serialization: 'advanced', stdio: 'ignore' });
    child.send({ ...job, watchers });
    return child;
  });
  // A child that dies before it reports (an import or TLS error) ends the bench, not hangs it.
  await Promise.all(children.map((c) => new Promise((resolve, reject) => {
    c.once('message', resolve);
    c.once('exit', (code) => reject(new Error(`live-api bench: a watcher process exited (${code}) before it started`)));
  })));
  return {
    async stop() {
      const reports = await Promise.all(children.map((c) => new Promise<WatchReport>((resolve) => {
        c.once('message', (m: WatchReport) => resolve(m));
        c.send('stop');
      })));
      await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
      return { reads: reports.flatMap((r) => r.reads), closedByServer: reports.reduce((n, r) => n + r.closedByServer, 0) };
    },
  };
}

// Watch fan-out during a rollout: the clients in child processes (or a worker thread).
interface FanOut { lists?: unknown[]; neighbour: boolean; rolloutWallMs: number; completed: boolean; podWrites: number; delivered: number; expected: number; perSecond: number; lagP50: number; lagP99: number; lagMax: number; closedByServer: number; quiet: { writes: number; delivered: number; lagP50: number; lagMax: number } }
const rolledOut = (): boolean => {
  const d = api.get('Deployment', 'default', 'web');
  return (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) && d.status?.updatedReplicas === ROLLED && d.status?.availableReplicas === ROLLED && d.status?.replicas === ROLLED;
};
async function fanOut(image: string, neighbour: boolean, typed: number, lists: ListJob[] = []): Promise<FanOut> {
  const committed = new Map<string, number>();
  const sub = api.writes$.subscribe((w) => {
    if (w.kind === 'Pod' && w.namespace === 'default') committed.set(String(w.resourceVersion), performance.timeOrigin + performance.now());
  });
  // The neighbour: another process keeping one of the two cores busy for the whole phase.
  const spinner = neighbour ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : undefined;
  const clients = await startWatchers({ url: live.url, token, ca: tls.cert, watchers: WATCHERS, resourceVersion: String(api.resourceVersion) });
  while (live.watchCount < WATCHERS) await new Promise((r) => setTimeout(r, 20));
  const rolloutStart = performance.now();
  // Monotonic microseconds, the clock a --cpu-prof profile's timestamps use: to cut the rollout out of one.
  if (process.env.KUBELAPSE_BENCH_VERBOSE) process.stderr.write(`rollout ${neighbour ? 'with neighbour' : 'quiet'} from ${process.hrtime.bigint() / 1000n} us\n`);
  api.patch('Deployment', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } }, 'strategic', { actor: 'kubectl' });
  pacer.poke();
  const listed = lists.length === 0 ? undefined : inWorker(lists);
  while (!rolledOut() && performance.now() - rolloutStart < 180_000) await new Promise((r) => setTimeout(r, 100));
  const rolloutMs = performance.now() - rolloutStart;
  const listRates = await listed;
  if (process.env.KUBELAPSE_BENCH_VERBOSE) process.stderr.write(`rollout ${neighbour ? 'with neighbour' : 'quiet'} to ${process.hrtime.bigint() / 1000n} us\n`);
  // Let the last events drain to the watchers, then single writes as someone typing makes them.
  await new Promise((r) => setTimeout(r, 1000));
  const quiet = new Set<string>();
  names = api.list('Pod', { namespace: 'default' }).items.filter((p) => p.metadata.deletionTimestamp === undefined).map((p) => p.metadata.name as string);
  for (let i = 0; i < 20; i++) {
    const p = api.patch('Pod', 'default', names[i] as string, { metadata: { labels: { typed: String(typed + i) } } }, 'merge', { actor: 'kubectl' });
    quiet.add(p.metadata.resourceVersion as string);
    pacer.poke();
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300));
  spinner?.kill();
  const report = await clients.stop();
  sub.unsubscribe();
  for (let i = 0; i < 250 && live.watchCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
  const podWrites = committed.size - quiet.size;
  const lags = report.reads.filter(([rv]) => !quiet.has(rv)).map(([rv, at]) => at - (committed.get(rv) ?? at)).sort((a, b) => a - b);
  const quietLags = report.reads.filter(([rv]) => quiet.has(rv)).map(([rv, at]) => at - (committed.get(rv) ?? at)).sort((a, b) => a - b);
  const q = (x: number): number => (lags.length === 0 ? -1 : Number((lags[Math.min(lags.length - 1, Math.floor(x * lags.length))] as number).toFixed(1)));
  return {
    ...(listRates !== undefined ? { lists: listRates } : {}),
    neighbour, rolloutWallMs: Math.round(rolloutMs), completed: rolledOut(), podWrites, delivered: lags.length, expected: podWrites * WATCHERS, perSecond: Math.round(lags.length / (rolloutMs / 1000)), lagP50: q(0.5), lagP99: q(0.99), lagMax: q(1), closedByServer: report.closedByServer,
    quiet: { writes: quiet.size, delivered: quietLags.length, lagP50: Number((quietLags[Math.floor(quietLags.length / 2)] ?? -1).toFixed(1)), lagMax: Number((quietLags.at(-1) ?? -1).toFixed(1)) },
  };
}
// KUBELAPSE_BENCH_ONLY=list skips the fan-out (a quicker run while working on LIST).
// The third rollout (LISTs during it) comes last, so the first two compare with earlier runs.
const rolloutLists: ListJob[] = [
  { label: `LIST ${all} pods (Table) during the rollout, clients in a worker`, concurrency: 4, ms: 5000, path: '/api/v1/pods', accept: TABLE, gzip: true },
  { label: `LIST ${all} pods (JSON) during the rollout, clients in a worker`, concurrency: 4, ms: 5000, path: '/api/v1/pods', accept: 'application/json', gzip: true },
];
const watch = process.env.KUBELAPSE_BENCH_ONLY === 'list' ? [] : [await fanOut('nginx:1.26', false, 0), await fanOut('nginx:1.27', true, 100), await fanOut('nginx:1.28', false, 200, rolloutLists)];
pacer.stop();
await live.close(pacer.virtualNow());
agent.destroy();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({
  pods: PODS,
  rolled: ROLLED,
  watchers: WATCHERS,
  watchProcesses: WATCH_PROCS,
  speed: SPEED,
  results,
  watch,
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}));
process.exit(0);
