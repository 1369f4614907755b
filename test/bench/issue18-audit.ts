/**
 * Issue 18's audit: every target of the issue measured on one build in one sitting, each
 * beside the baseline the issue asks for (its ratio from the same run), with the command
 * that measured it, and met or not. Runs the existing bench items one after another (never
 * two at once) and prints one markdown table, then the commands:
 *   1. kwok-scale.js D R N under /usr/bin/time -v (100 x 1,000 pods on 1,000 nodes: to
 *      Ready, 10 Deployments rolled, a node lost), its raw better-sqlite3 append of the same
 *      rows and its verification; the kept recording's node leases read afterwards;
 *   2. replay-scale.js <recording> <small> (open, one kind's state, every kind's state) and
 *      viewer-aggregate.js (first frame, scrub, in chromium) on the 100,000-pod recording;
 *   3. live-api.js P (LIST as JSON and as a Table, 50 watchers through a 1,000-pod rollout,
 *      quiet and beside a neighbour process), and test/live/slow-watchers.test.ts (a cut
 *      watcher resumes from its resourceVersion, or gets 410 Gone);
 *   4. `kubelapse get <recording> pods -A --at 30s` and `kubelapse events <recording> --kind
 *      Pod --limit 100` under /usr/bin/time -v, against `node -e 0` (process start).
 * The load average is read before each item and printed beside it: on the 2-core machine a
 * figure at load 10 is not one at load 1.
 *
 *   npm run build --silent
 *   node dist/test/bench/issue18-audit.js --recording /work/scale/k100.db
 *   nice -n 10 node dist/test/bench/issue18-audit.js --recording /work/scale/k10.db --kwok 10,100,100 --live-pods 1000
 *     (a dry run: 1,000 pods simulated, the 10,000-pod recording)
 * Options: --kwok D,R,N (default 100,1000,1000), --live-pods P (default 10000), --only 1,3
 * (which targets; default all, run in the order 1, 2, 4, 3: the 100,000-pod items first), --out
 * <file.md> (the table written there too), --logs <folder> (each item's raw output kept
 * there; default a temporary folder, removed at the end), --agg-line N (the viewer's
 * aggregate line, KUBELAPSE_AGGREGATE_PODS: a dry run's smaller recording past it).
 * The recording is only read (replay, viewer and CLI open it read-only; their caches go to
 * folders of this run); the simulation's recording and every cache are removed at the end.
 * Numbers are never asserted: "met" compares each figure with the issue's threshold.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { LEASE_RENEW_MS } from '../../core/kubelet/node-lease.js';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const bin = path.join(root, 'bin', 'kubelapse.js');

// ---- arguments ----
const argv = process.argv.slice(2);
function opt(name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) fail(`${name}: missing value`);
  return v;
}
function fail(message: string): never {
  process.stderr.write(`issue18-audit: ${message}\n`);
  process.exit(2);
}
const kwokArgs = (opt('--kwok') ?? '100,1000,1000').split(',');
if (kwokArgs.length !== 3 || kwokArgs.some((a) => !/^[1-9]\d*$/.test(a))) fail(`--kwok: invalid ${JSON.stringify(opt('--kwok'))} (deployments,replicas,nodes)`);
const [deployments, replicas, nodes] = kwokArgs.map(Number) as [number, number, number];
const livePods = Number(opt('--live-pods') ?? 10_000);
if (!Number.isInteger(livePods) || livePods < 1) fail(`--live-pods: invalid ${JSON.stringify(opt('--live-pods'))}`);
const only = new Set((opt('--only') ?? '1,2,3,4').split(','));
for (const t of only) if (!['1', '2', '3', '4'].includes(t)) fail(`--only: invalid target ${JSON.stringify(t)} (1, 2, 3 or 4)`);
const recording = opt('--recording');
if ((only.has('2') || only.has('4')) && (recording === undefined || !fs.existsSync(recording))) fail(`--recording: ${recording === undefined ? 'missing' : `no file ${recording}`} (targets 2 and 4 read the 100,000-pod recording)`);
const aggLine = opt('--agg-line');
const outFile = opt('--out');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-audit18-'));
const logs = opt('--logs') ?? path.join(work, 'logs');
fs.mkdirSync(logs, { recursive: true });

// ---- helpers ----
interface Row { target: string; figure: string; baseline: string; ratio: string; threshold: string; met: string; load: string; cmd: number }
const rows: Row[] = [];
const commands: string[] = [];
const say = (m: string): void => void process.stderr.write(`[issue18-audit ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const n0 = (x: number): string => Math.round(x).toLocaleString('en');
const s1 = (msec: number): string => `${(msec / 1000).toFixed(1)} s`;
const ms1 = (msec: number): string => `${msec.toFixed(1)} ms`;
const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}x` : '-');
const yes = (ok: boolean): string => (ok ? '**yes**' : '**no**');

/** A command as a shell line (the environment it was given first), numbered for the table. */
function command(env: Record<string, string>, args: string[]): number {
  const q = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const rel = (a: string): string => (a.startsWith(`${root}/`) ? a.slice(root.length + 1) : a === process.execPath ? 'node' : a);
  commands.push([...Object.entries(env).map(([k, v]) => `${k}=${q(v)}`), ...args.map((a) => q(rel(a)))].join(' '));
  return commands.length;
}

interface Ran { stdout: string; wallMs: number; status: number | null; time?: TimeV }
/** Runs a child to its end (stdout captured, stderr to a log file), logging both. */
function run(label: string, args: string[], env: Record<string, string> = {}, timeV = false): Ran {
  const timeFile = path.join(work, `${label}.time`);
  const argv2 = timeV ? ['/usr/bin/time', '-v', '-o', timeFile, ...args] : args;
  const s = performance.now();
  const r = spawnSync(argv2[0] as string, argv2.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = performance.now() - s;
  const stdout = r.stdout ?? '';
  // A CLI's 100,000-row table is kept as its size, not its text.
  fs.writeFileSync(path.join(logs, `${label}.out`), stdout.length > 1 << 20 ? `(${stdout.length} bytes, ${stdout.split('\n').length - 1} lines)\n` : stdout);
  fs.writeFileSync(path.join(logs, `${label}.err`), r.stderr ?? '');
  if (r.error !== undefined) throw r.error;
  return { stdout, wallMs, status: r.status, ...(timeV ? { time: timeOf(timeFile) } : {}) };
}

interface TimeV { wallMs: number; cpuMs: number; maxRssMiB: number }
/** GNU time's -v report: wall, user + system, and the largest process's peak RSS. */
function timeOf(file: string): TimeV {
  const t = fs.readFileSync(file, 'utf8');
  const num = (re: RegExp): number => Number(re.exec(t)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(t);
  const wallMs = wall === null ? NaN : ((Number(wall[1] ?? 0) * 60 + Number(wall[2])) * 60 + Number(wall[3])) * 1000;
  return { wallMs, cpuMs: (num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 1000, maxRssMiB: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024 };
}

/** The last line of a child's stdout that parses as JSON (the benches print one). */
function lastJson<T>(label: string, out: string): T {
  const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`${label}: no JSON line in its output (see ${path.join(logs, `${label}.out`)} and .err)`);
  return JSON.parse(line) as T;
}

/** Reads a file once, so a recording on disk is in the page cache as after `kubelapse run` wrote it. */
function readThrough(file: string): number {
  const s = performance.now();
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  try {
    while (fs.readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
  return performance.now() - s;
}

/** The small recording the replay and CLI items compare against: a shipped story (pod-loss-recovery, 215 events). */
let smallFile: string | undefined;
function small(): string {
  if (smallFile === undefined) {
    smallFile = path.join(work, 'small.db');
    runScenario(loadScenario(path.join(root, 'recordings', 'pod-loss-recovery.yaml')), { output: smallFile });
  }
  return smallFile;
}

// ---- 1. KWOK's headline cluster ----
interface Phase { wallMs: number; cpuMs: number; events: number; virtualMs: number; completed: boolean }
interface Kwok {
  scaleUp: Phase & { podsReady: number }; rollout: Phase & { deployments: number }; nodeFailure: Phase & { node: string; podsLost: number };
  total: { wallMs: number; cpuMs: number; events: number; apiWrites: number; closeMs: number };
  eventsPerSec: number; rawAppendPerSec: number; ratioToRaw: number; maxRssMB: number; heapMB: Record<string, number>; fileMB: number; verified: boolean; verifiedEvents: number; verifyMs: number;
}

/**
 * Each node's Lease renewals in the recording: the gaps between one renewal and the next.
 * Upstream the kubelet renews every NodeLeaseDurationSeconds (40) x nodeLeaseRenewIntervalFraction
 * (0.25) = 10 s (pkg/kubelet/kubelet.go; pkg/kubelet/apis/config/v1beta1/defaults.go), through
 * wait.JitterUntil(sync, renewInterval, 0.04, ...) (staging/src/k8s.io/component-helpers/
 * apimachinery/lease/controller.go, Run): each gap 10.0-10.4 s.
 */
function leaseGaps(file: string): { leases: number; gaps: number; min: number; median: number; max: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT name, time_ms AS t FROM events WHERE kind = 'Lease' AND namespace = 'kube-node-lease' ORDER BY name, seq").all() as Array<{ name: string; t: number }>;
    const gaps: number[] = [];
    const names = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as { name: string; t: number };
      names.add(r.name);
      const prev = rows[i - 1];
      if (prev !== undefined && prev.name === r.name) gaps.push(r.t - prev.t);
    }
    gaps.sort((a, b) => a - b);
    return { leases: names.size, gaps: gaps.length, min: gaps[0] ?? NaN, median: gaps[gaps.length >> 1] ?? NaN, max: gaps.at(-1) ?? NaN };
  } finally {
    db.close();
  }
}

function target1(): void {
  const label = 'kwok-scale';
  const keep = path.join(work, 'kwok.db');
  const l = load();
  say(`1: kwok-scale ${deployments} x ${replicas} pods on ${nodes} nodes (load ${l})`);
  const args = [process.execPath, '--expose-gc', path.join(here, 'kwok-scale.js'), String(deployments), String(replicas), String(nodes)];
  const cmd = command({ KUBELAPSE_BENCH_KEEP: '<tmp>/kwok.db' }, ['/usr/bin/time', '-v', ...args]);
  const r = run(label, args, { KUBELAPSE_BENCH_KEEP: keep }, true);
  const k = lastJson<Kwok>(label, r.stdout);
  fs.writeFileSync(path.join(logs, `${label}.json`), JSON.stringify(k));
  const pods = n0(deployments * replicas);
  // The raw append's time for a phase's rows: its events at the rate raw better-sqlite3 appended all of them.
  const rawMs = (events: number): number => (1000 * events) / k.rawAppendPerSec;
  const rawNote = `raw better-sqlite3 append of the same rows (2,000 a transaction, same page size and schema): ${n0(k.rawAppendPerSec)} rows/s`;
  const up = k.scaleUp;
  rows.push({
    target: `1. ${n0(nodes)} nodes, ${pods} pods to steady state (all Running and Ready)`,
    figure: `scale-up ${s1(up.wallMs)} wall, ${s1(up.cpuMs)} CPU (both threads), ${n0(up.events)} events (${n0((1000 * up.events) / up.wallMs)}/s), ${s1(up.virtualMs)} virtual; ${n0(up.podsReady)} of ${pods} pods Running and Ready${up.completed ? '' : ', **not completed**'}`,
    baseline: `raw append of those rows: ${s1(rawMs(up.events))}`, ratio: ratio(up.wallMs, rawMs(up.events)),
    threshold: '< 60 s wall', met: yes(up.completed && up.podsReady === deployments * replicas && up.wallMs < 60_000), load: l, cmd,
  });
  rows.push({
    target: '1. peak RSS (the simulating process)',
    figure: `${n0(k.maxRssMB)} MiB during the simulation; ${n0(r.time?.maxRssMiB ?? NaN)} MiB for the whole run with the verification and the raw append (time -v); live heap after scale-up / rollout / node failure ${['scaleUp', 'rollout', 'nodeFailure'].map((p) => k.heapMB[p] ?? '?').join(' / ')} MB`,
    baseline: '-', ratio: '-', threshold: '< 2 GB (1,907 MiB)', met: yes(k.maxRssMB < 2e9 / 2 ** 20), load: l, cmd,
  });
  rows.push({
    target: '1. events/s against the raw better-sqlite3 append of the same rows',
    figure: `${n0(k.eventsPerSec)} events/s over the whole run (${n0(k.total.events)} events in ${s1(k.total.wallMs)}, ${s1(k.total.cpuMs)} CPU, the seal ${s1(k.total.closeMs)}); scale-up alone ${n0((1000 * up.events) / up.wallMs)}/s`,
    baseline: rawNote, ratio: `${k.ratioToRaw.toFixed(3)} (scale-up ${((1000 * up.events) / up.wallMs / k.rawAppendPerSec).toFixed(3)})`,
    threshold: '(reported)', met: '-', load: l, cmd,
  });
  const ro = k.rollout;
  rows.push({
    target: `1. then a rolling update of ${ro.deployments} of the Deployments`,
    figure: `${s1(ro.wallMs)} wall, ${s1(ro.cpuMs)} CPU, ${n0(ro.events)} events, ${s1(ro.virtualMs)} virtual, ${ro.completed ? 'every rolled Deployment on the new image and available' : '**not completed**'}`,
    baseline: `raw append of those rows: ${s1(rawMs(ro.events))}`, ratio: ratio(ro.wallMs, rawMs(ro.events)),
    threshold: 'completes', met: yes(ro.completed), load: l, cmd,
  });
  const nf = k.nodeFailure;
  rows.push({
    target: '1. then a node failure (a node with ~100 pods lost, evicted, replaced)',
    figure: `${nf.node} with ${nf.podsLost} pods lost: ${s1(nf.wallMs)} wall, ${s1(nf.cpuMs)} CPU, ${n0(nf.events)} events, ${s1(nf.virtualMs)} virtual (NotReady at 40 s, evicted after the 300 s toleration), ${nf.completed ? 'every Deployment whole again' : '**not completed**'}`,
    baseline: `raw append of those rows: ${s1(rawMs(nf.events))}`, ratio: ratio(nf.wallMs, rawMs(nf.events)),
    threshold: 'completes', met: yes(nf.completed), load: l, cmd,
  });
  rows.push({
    target: '1. every write recorded and verifiable',
    figure: `${n0(k.total.apiWrites)} writes accepted by the API server, ${n0(k.total.events)} events recorded, ${n0(k.fileMB)} MB; hash chain and seal ${k.verified ? 'verified' : '**not verified**'} over ${n0(k.verifiedEvents)} rows in ${s1(k.verifyMs)}`,
    baseline: '-', ratio: '-', threshold: 'every write a row; verifies', met: yes(k.verified && k.total.apiWrites === k.total.events && k.verifiedEvents === k.total.events), load: l, cmd,
  });
  const g = leaseGaps(keep);
  rows.push({
    target: '1. node leases renewing as upstream (every 10 s)',
    figure: `${n0(g.leases)} node Leases, ${n0(g.gaps)} renewals: gap min / median / max ${s1(g.min)} / ${s1(g.median)} / ${s1(g.max)} virtual`,
    baseline: 'upstream: 40 s x 0.25, jitter up to +4 %', ratio: '-', threshold: `gaps ${s1(LEASE_RENEW_MS)}-${s1(LEASE_RENEW_MS * 1.04)}`,
    met: yes(g.leases === nodes && g.min >= LEASE_RENEW_MS && g.max <= LEASE_RENEW_MS * 1.04), load: l,
    cmd: command({}, ['sqlite3', '<tmp>/kwok.db', "SELECT name, time_ms FROM events WHERE kind = 'Lease' AND namespace = 'kube-node-lease' ORDER BY name, seq"]),
  });
  for (const s of ['', '-wal', '-shm']) fs.rmSync(keep + s, { force: true });
}

// ---- 2. replay and the viewer at that size ----
/** The figures of one recording's section of replay-scale's text output. */
function replaySection(text: string, label: string): { openCold: number; openAgain: number; events: number; view: Record<string, number>; stateP95: Record<string, number>; viewAll: number; liveArrays: number; stateAllMax: number } {
  const num = (re: RegExp, what: string): number => {
    const m = re.exec(text);
    if (m === null) throw new Error(`replay-scale (${label}): no ${what} line`);
    return Number((m[1] as string).replace(/,/g, ''));
  };
  const view: Record<string, number> = {};
  const stateP95: Record<string, number> = {};
  for (const kind of ['Node', 'Deployment', 'Pod']) {
    view[kind] = num(new RegExp(`view  ${kind}\\s+random\\s+p50 [\\d.]+ ms, p95 ([\\d.]+) ms`), `view ${kind} random`);
    stateP95[kind] = num(new RegExp(`state ${kind}\\s+p50 [\\d.]+ ms, p95 ([\\d.]+) ms`), `state ${kind}`);
  }
  return {
    events: num(/: ([\d,]+) events/, 'events'),
    openCold: num(/open\s+cold ([\d.]+) ms/, 'open cold'),
    openAgain: num(/open\s+cold [^\n]*again ([\d.]+) ms/, 'open again'),
    view, stateP95,
    viewAll: num(/view  all kinds\s+random p50 [\d.]+ ms, p95 ([\d.]+) ms/, 'view all kinds'),
    liveArrays: num(/live set, all, as arrays p50 [\d.]+ ms, p95 ([\d.]+) ms/, 'live set as arrays'),
    stateAllMax: num(/state, all kinds p50 [\d.]+ ms, max ([\d.]+) ms/, 'state all kinds'),
  };
}

/** What viewer-aggregate.js prints for each recording. */
interface ViewerFigures {
  uncachedBuildMs: number; cachedReadMs: number; modelGzipBytes: number; pods: number; aggregated: number; events: number; nodes: number;
  openMs: number; warmOpenMs: number; frames: number; p50: number; p95: number; max: number; podsDrawn: number; nodesDrawn: number; notice: string; clickToPodsMs: number; podsListed: number;
}

function target2(big: string): void {
  const warm = readThrough(big);
  say(`2: ${big} read through in ${s1(warm)} (into the page cache, as after the run that wrote it)`);
  const smallDb = small();
  let l = load();
  say(`2: replay-scale (load ${l})`);
  const cache = path.join(work, 'cache-replay');
  const args = [process.execPath, '--max-old-space-size=8192', path.join(here, 'replay-scale.js'), big, smallDb];
  const cmd = command({ KUBELAPSE_CACHE_DIR: '<empty folder>' }, [...args.slice(0, -1), '<pod-loss-recovery.db>']);
  const r = run('replay-scale', args, { KUBELAPSE_CACHE_DIR: cache });
  if (r.status !== 0) throw new Error(`replay-scale exited ${r.status} (see ${logs}/replay-scale.err)`);
  const at = r.stdout.indexOf('big recording:');
  const base = replaySection(r.stdout.slice(r.stdout.indexOf('baseline recording:'), at), 'baseline');
  const b = replaySection(r.stdout.slice(at), 'big');
  const size = `${n0(b.events)} events`;
  rows.push({
    target: `2. open (index + checkpoints), ${size}, no cache file`,
    figure: `${ms1(b.openCold)} cold; ${ms1(b.openAgain)} from the index cache`,
    baseline: `${n0(base.events)} events: ${ms1(base.openCold)}`, ratio: ratio(b.openCold, base.openCold),
    threshold: '< 2 s', met: yes(b.openCold < 2000), load: l, cmd,
  });
  const worst = Object.entries(b.view).sort((x, y) => y[1] - x[1])[0] as [string, number];
  rows.push({
    target: '2. state at any seq, one kind, p95 (200 random seqs; `Replay.viewAt`: which objects and versions, read when asked for)',
    figure: `${Object.entries(b.view).map(([k, v]) => `${k} ${ms1(v)}`).join(', ')}; every Pod read and parsed (\`stateAt\`, 20 seqs): p95 ${s1(b.stateP95.Pod as number)}`,
    baseline: `the small recording's ${worst[0]}: ${ms1(base.view[worst[0]] as number)}`, ratio: ratio(worst[1], base.view[worst[0]] as number),
    threshold: '< 10 ms', met: yes(worst[1] < 10), load: l, cmd,
  });
  rows.push({
    target: '2. state at any seq, all kinds, p95 (200 random seqs, `viewAt` of every kind)',
    figure: `${ms1(b.viewAll)} (the live set as arrays ${ms1(b.liveArrays)}); every object of every kind parsed (\`stateAt\`, 5 seqs): max ${s1(b.stateAllMax)}`,
    baseline: `small recording: ${ms1(base.viewAll)}`, ratio: ratio(b.viewAll, base.viewAll),
    threshold: '< 50 ms', met: yes(b.viewAll < 50), load: l, cmd,
  });

  l = load();
  say(`2: viewer-aggregate (load ${l})`);
  const env: Record<string, string> = { KUBELAPSE_BENCH_AGG: big, KUBELAPSE_BENCH_UNCACHED: '1', KUBELAPSE_CACHE_DIR: path.join(work, 'cache-viewer'), KUBELAPSE_BENCH_AGG_DIR: path.join(work, 'agg'), ...(aggLine !== undefined ? { KUBELAPSE_AGGREGATE_PODS: aggLine } : {}) };
  const vargs = [process.execPath, '--expose-gc', path.join(here, 'viewer-aggregate.js')];
  const vcmd = command({ ...env, KUBELAPSE_CACHE_DIR: '<empty folder>', KUBELAPSE_BENCH_AGG_DIR: '<tmp>/agg' }, vargs);
  const v = lastJson<{ big: ViewerFigures; small: ViewerFigures }>('viewer-aggregate', run('viewer-aggregate', vargs, env).stdout);
  const vb = v.big;
  const vs = v.small;
  const drawn = vb.aggregated === 1 ? `${n0(vb.nodesDrawn)} node boxes, ${n0(vb.podsDrawn)} pods counted on them ("${vb.notice}")` : `${n0(vb.nodes)} nodes, ${n0(vb.pods)} pods one by one (not aggregated)`;
  rows.push({
    target: `2. viewer: first frame, ${n0(vb.nodes)} nodes and ${n0(vb.pods)} pods (model cached, as \`kubelapse run\` leaves it)`,
    figure: `${n0(vb.openMs)} ms (the same page again ${n0(vb.warmOpenMs)} ms); drawn: ${drawn}; the model built uncached ${s1(vb.uncachedBuildMs)} (${n0(vb.modelGzipBytes / 1024)} kB gzip)`,
    baseline: `pod-loss-recovery (${n0(vs.events)} events): ${n0(vs.openMs)} ms`, ratio: ratio(vb.openMs, vs.openMs),
    threshold: '< 2 s', met: yes(vb.openMs < 2000), load: l, cmd: vcmd,
  });
  rows.push({
    target: '2. viewer: scrub p95 (300 moves over the whole timeline, each frame\'s render)',
    figure: `p50 ${ms1(vb.p50)}, p95 ${ms1(vb.p95)}, max ${ms1(vb.max)} (${vb.frames} frames); a click on the fullest node lists its ${vb.podsListed} pods in ${n0(vb.clickToPodsMs)} ms`,
    baseline: `pod-loss-recovery: p95 ${ms1(vs.p95)}`, ratio: ratio(vb.p95, vs.p95),
    threshold: '< 16 ms', met: yes(vb.p95 < 16), load: l, cmd: vcmd,
  });
}

// ---- 3. the live API ----
interface LoadResult { label: string; rps: number; p50: number; p99: number; bytes: number }
interface FanOut { lists?: LoadResult[]; neighbour: boolean; rolloutWallMs: number; completed: boolean; podWrites: number; delivered: number; expected: number; perSecond: number; lagP50: number; lagP99: number; lagMax: number; closedByServer: number; quiet: { writes: number; delivered: number; lagP50: number; lagMax: number } }
interface Live { pods: number; rolled: number; watchers: number; results: LoadResult[]; watch: FanOut[]; maxRssMB: number }

function target3(): void {
  const l = load();
  say(`3: live-api ${livePods} pods (load ${l})`);
  const args = [process.execPath, path.join(here, 'live-api.js'), String(livePods)];
  const cmd = command({}, args);
  const live = lastJson<Live>('live-api', run('live-api', args).stdout);
  const pods = n0(live.pods);
  const res = (label: string): LoadResult => {
    const r = live.results.find((x) => x.label === label);
    if (r === undefined) throw new Error(`live-api: no result "${label}"`);
    return r;
  };
  const healthz = res('GET /healthz (baseline)');
  for (const as of ['JSON', 'Table']) {
    const inProcess = res(`LIST ${pods} pods (${as})`);
    const worker = res(`LIST ${pods} pods (${as}), clients in a worker`);
    rows.push({
      target: `3. LIST pods as ${as} at ${pods} pods (gzip, as kubectl asks; 4 clients, 4 s)`,
      figure: `${n0(worker.rps)} req/s with the clients in a worker thread (p99 ${ms1(worker.p99)}, ${n0(worker.bytes / 1024)} kB a body); ${n0(inProcess.rps)} req/s with the clients on the server's thread`,
      baseline: `GET /healthz: ${n0(healthz.rps)} req/s`, ratio: ratio(worker.rps, healthz.rps),
      threshold: '>= 100 req/s', met: yes(worker.rps >= 100), load: l, cmd,
    });
  }
  const [quiet, neighbour, third] = live.watch;
  const watchRow = (f: FanOut, name: string, base: FanOut | undefined): void => {
    const every = f.delivered === f.expected && f.quiet.delivered === f.quiet.writes * live.watchers;
    rows.push({
      target: `3. ${live.watchers} watchers during a ${n0(live.rolled)}-pod rollout, ${name}`,
      figure: `p50 ${ms1(f.lagP50)}, **p99 ${ms1(f.lagP99)}**, max ${ms1(f.lagMax)}; ${f.closedByServer} of ${live.watchers} cut; ${n0(f.delivered)} of ${n0(f.expected)} delivered; the ${f.quiet.writes} writes after it: ${n0(f.quiet.delivered)} of ${n0(f.quiet.writes * live.watchers)}, lag max ${ms1(f.quiet.lagMax)}; rollout ${s1(f.rolloutWallMs)}${f.lists === undefined ? '' : `; LISTs during it: ${f.lists.map((x) => `${/Table/.test(x.label) ? 'Table' : 'JSON'} ${x.rps} req/s`).join(', ')}`}`,
      baseline: base === undefined ? '-' : `quiet: p99 ${ms1(base.lagP99)}`, ratio: base === undefined ? '-' : ratio(f.lagP99, base.lagP99),
      threshold: 'none cut, every write delivered, p99 < 1 s', met: yes(f.completed && f.closedByServer === 0 && every && f.lagP99 < 1000), load: l, cmd,
    });
  };
  if (quiet !== undefined) watchRow(quiet, 'quiet', undefined);
  if (neighbour !== undefined) watchRow(neighbour, 'a neighbour process keeping one core busy', quiet);
  if (third !== undefined) watchRow(third, 'quiet, LIST clients (Table, then JSON) in a worker during it', quiet);

  const l2 = load();
  say(`3: slow-watchers test (load ${l2})`);
  const targs = [process.execPath, path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/live/slow-watchers.test.ts'];
  const t = spawnSync(targs[0] as string, targs.slice(1), { cwd: root, encoding: 'utf8', env: process.env });
  const out = `${t.stdout ?? ''}${t.stderr ?? ''}`;
  fs.writeFileSync(path.join(logs, 'slow-watchers.out'), out);
  // eslint-disable-next-line no-control-regex
  const tests = /Tests\s+(.*)/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]?.trim() ?? 'no summary';
  rows.push({
    target: '3. a cut watcher resumes from its last resourceVersion, or gets 410 (behind the watch history); one merely behind catches up',
    figure: `test/live/slow-watchers.test.ts: ${tests}`,
    baseline: '-', ratio: '-', threshold: 'passes', met: yes(t.status === 0), load: l2, cmd: command({}, ['npx', 'vitest', 'run', 'test/live/slow-watchers.test.ts']),
  });
}

// ---- 4. the CLI at that size ----
function target4(big: string): void {
  const warm = readThrough(big);
  say(`4: ${big} read through in ${s1(warm)}`);
  const l = load();
  const node = Array.from({ length: 3 }, (_, i) => run(`node-e0-${i}`, [process.execPath, '-e', '0'], {}, true).time as TimeV);
  const start = Math.min(...node.map((t) => t.wallMs));
  for (const [name, args] of [
    ['get pods -A --at 30s', ['get', big, 'pods', '-A', '--at', '30s']],
    ['events --kind Pod --limit 100', ['events', big, '--kind', 'Pod', '--limit', '100']],
  ] as const) {
    const slug = name.split(' ')[0] as string;
    const cache = path.join(work, `cache-${slug}`);
    say(`4: ${name} (load ${load()})`);
    const full = [process.execPath, bin, ...args];
    const cmd = command({ KUBELAPSE_CACHE_DIR: '<empty folder, then the same>' }, ['/usr/bin/time', '-v', ...full]);
    const cold = run(`${slug}-cold`, full, { KUBELAPSE_CACHE_DIR: cache }, true);
    const warmRuns = Array.from({ length: 3 }, (_, i) => run(`${slug}-cached-${i}`, full, { KUBELAPSE_CACHE_DIR: cache }, true));
    const bad = [cold, ...warmRuns].find((r) => r.status !== 0);
    if (bad !== undefined) throw new Error(`kubelapse ${name} exited ${bad.status} (see ${logs})`);
    const times = warmRuns.map((r) => r.time as TimeV).sort((a, b) => a.wallMs - b.wallMs);
    const bestRun = times[0] as TimeV;
    const lines = cold.stdout.split('\n').length - 1;
    const smallArgs = [process.execPath, bin, args[0], small(), ...args.slice(2)];
    run(`${slug}-small-cold`, smallArgs, { KUBELAPSE_CACHE_DIR: path.join(work, `cache-small-${slug}`) });
    const smallBest = Math.min(...Array.from({ length: 3 }, (_, i) => (run(`${slug}-small-${i}`, smallArgs, { KUBELAPSE_CACHE_DIR: path.join(work, `cache-small-${slug}`) }, true).time as TimeV).wallMs));
    const c = cold.time as TimeV;
    rows.push({
      target: `4. \`kubelapse ${name}\` on ${path.basename(big)}, its caches as the first run left them`,
      figure: `best of 3 **${n0(bestRun.wallMs)} ms** wall (${times.map((t) => n0(t.wallMs)).join(' / ')}), CPU ${n0(bestRun.cpuMs)} ms, peak RSS ${n0(bestRun.maxRssMiB)} MiB; ${n0(lines)} lines out`,
      baseline: `node -e 0: ${n0(start)} ms; pod-loss-recovery: ${n0(smallBest)} ms`, ratio: ratio(bestRun.wallMs, start),
      threshold: '< 1 s', met: yes(bestRun.wallMs < 1000), load: l, cmd,
    });
    rows.push({
      target: `4. the same, first run (no index or summary cache: a recording from elsewhere)`,
      figure: `${n0(c.wallMs)} ms wall, CPU ${n0(c.cpuMs)} ms, peak RSS ${n0(c.maxRssMiB)} MiB`,
      baseline: `node -e 0: ${n0(start)} ms`, ratio: ratio(c.wallMs, start),
      threshold: '< 1 s', met: yes(c.wallMs < 1000), load: l, cmd,
    });
  }
}

// ---- the sitting ----
const commit = (() => {
  try {
    return execFileSync('git', ['-C', root, 'log', '-1', '--format=%h (%cI)'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const began = new Date();
// The recording is read, never written: its size and mtime before and after say so in the output.
const stamp = (): string => {
  if (recording === undefined) return '';
  const st = fs.statSync(recording);
  return `${st.size} bytes, modified ${st.mtime.toISOString()}`;
};
const stampBefore = stamp();
say(`build ${commit}; node ${process.version}; ${os.cpus().length} cores; load ${load()}; logs in ${logs}`);
const failures: string[] = [];
for (const t of ['1', '2', '4', '3']) {
  if (!only.has(t)) continue;
  try {
    if (t === '1') target1();
    else if (t === '2') target2(recording as string);
    else if (t === '3') target3();
    else target4(recording as string);
  } catch (err) {
    failures.push(`target ${t}: ${(err as Error).message}`);
    say(`target ${t} failed: ${(err as Error).message}`);
  }
}
const order = (r: Row): number => Number(r.target[0]);
rows.sort((a, b) => order(a) - order(b)); // stable: each target's rows stay in their order
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const table = [
  `Build ${commit}, ${began.toISOString().slice(0, 16).replace('T', ' ')}-${new Date().toISOString().slice(11, 16)} UTC, node ${process.version}, ${os.cpus().length} cores; each item run once, one at a time; load average (1 / 5 / 15 min) read before each item.`,
  '',
  '| target | figure | baseline (same run) | ratio | threshold | met | load before | cmd |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${[r.target, r.figure, r.baseline, r.ratio, r.threshold, r.met, r.load, `(${r.cmd})`].map(cell).join(' | ')} |`),
  '',
  'Commands (from the checkout, after `npm run build --silent`):',
  '',
  ...commands.map((c, i) => `${i + 1}. \`${c}\``),
  ...(recording === undefined ? [] : ['', `The recording ${recording}: ${stampBefore} before the sitting, ${stamp() === stampBefore ? 'the same after it' : `**${stamp()} after it**`}.`]),
  ...(failures.length > 0 ? ['', 'Items that failed to report:', '', ...failures.map((f) => `- ${f}`)] : []),
].join('\n');
console.log(table);
if (outFile !== undefined) fs.writeFileSync(outFile, `${table}\n`);
fs.rmSync(work, { recursive: true, force: true });
process.exit(failures.length > 0 ? 1 : 0);
