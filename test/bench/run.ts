/**
 * `npm run bench`: the foundation's three figures, each against a baseline measured in
 * the same run where one exists. Not a test: numbers are printed, never asserted.
 *   1. recorder throughput / raw better-sqlite3 inserts of the same rows (target >= 0.6)
 *   2. state-at-seq on a 1,000,000-event recording at random seqs (target p95 < 50 ms)
 *   3. peak RSS while recording 1,000,000 events (target < 600 MB)
 *   4. a 5,000-replica Deployment on 100 nodes rolled to a new image, every write recorded (target < 30 s)
 *  4a. the same rollout with limits and a memory curve on every pod, against 4. (the resource model's cost)
 *  4b. a DaemonSet on 100 nodes rolled node by node (maxUnavailable 1), against 4.'s events/s
 *  4c. 4. under a ResourceQuota and a LimitRange (every pod create limit-ranged and charged), against 4.
 *   5. the viewer in chromium: opening a ~100,000-event recording (target < 1 s) and scrubbing 1,000 pods (target < 16 ms a frame)
 *  5a. the viewer on an aggregated recording (KUBELAPSE_BENCH_AGG=<file>, e.g. the 100,000-pod one; skipped without): first frame (target < 2 s), scrub p95 (< 16 ms), a node's pods
 *   6. 10,000 requests per second to a 50-pod Service for 10 simulated minutes (target: at least 20x faster than real time)
 *   7. the live API server over HTTPS with 10,000 pods: GET/LIST requests per second against GET /healthz, and 50 watchers during a rollout, quiet and with a neighbour process spinning a core
 *   8. export: time and size of each format on a ~100,000-event recording, against reading its events alone
 *   9. 1,000,000 audit log lines through the audit reader: lines/s and peak RSS, against 1.'s raw append rate
 *  10. KWOK's headline cluster: 1,000 nodes, 100 Deployments x 1,000 pods to steady state, 10 rolled, a node lost (target < 60 s, < 2 GB)
 *  11. replay and the CLI on 2.'s recording (or --replay-db=<file>): open, state at a seq per kind and for all kinds, `get` and `events` wall times
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { Rng } from '../../core/sim/rng.js';
import { importAuditBench } from './import-audit.js';
import { recorderThroughput } from './recorder-throughput.js';

const args = process.argv.slice(2);
const events = Number(args.find((a) => a.startsWith('--events='))?.slice(9) ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-bench-'));
const here = path.dirname(fileURLToPath(import.meta.url));

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

console.log(`kubelapse benchmarks (node ${process.version}, ${os.cpus().length} cores), scratch ${dir}\n`);

console.log('1. recorder throughput vs raw better-sqlite3 inserts of the same 200,000 rows');
const t = recorderThroughput(dir);
console.log(`   raw inserts      ${Math.round(t.rawRowsPerSec).toLocaleString('en')} rows/s`);
console.log(`   recorder         ${Math.round(t.recorderRowsPerSec).toLocaleString('en')} rows/s (hash chain + batching)`);
console.log(`   ratio            ${t.ratio.toFixed(2)}   (target >= 0.6)\n`);

console.log(`2/3. recording ${events.toLocaleString('en')} events through the API server (child process)`);
const db = path.join(dir, 'million.db');
const child = JSON.parse(execFileSync(process.execPath, [path.join(here, 'record-million.js'), db, String(events)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { events: number; wallMs: number; maxRssMB: number };
console.log(`   recorded         ${child.events.toLocaleString('en')} events in ${(child.wallMs / 1000).toFixed(1)} s (${Math.round(child.events / (child.wallMs / 1000)).toLocaleString('en')} events/s)`);
console.log(`   peak RSS         ${child.maxRssMB.toFixed(0)} MB   (target < 600 MB)\n`);

const rec = Recording.open(db);
const t0 = performance.now();
const replay = Replay.open(rec);
const checkpointCount = replay.checkpoints.count; // built lazily: counted in the open time
const openMs = performance.now() - t0;
console.log(`   replay open      ${openMs.toFixed(0)} ms (index + ${checkpointCount} checkpoints)`);
const rng = new Rng(1, 'bench');
const samples: number[] = [];
let objects = 0;
for (let i = 0; i < 300; i++) {
  const seq = 1 + rng.int(replay.lastSeq);
  const s = performance.now();
  objects += replay.stateAt(seq).length;
  samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
console.log(`   state-at-seq     p50 ${pct(samples, 50).toFixed(1)} ms, p95 ${pct(samples, 95).toFixed(1)} ms, max ${(samples.at(-1) as number).toFixed(1)} ms over 300 random seqs, ~${Math.round(objects / 300)} objects each   (target p95 < 50 ms)`);
const podSamples: number[] = [];
for (let i = 0; i < 300; i++) {
  const seq = 1 + rng.int(replay.lastSeq);
  const s = performance.now();
  replay.stateAt(seq, { kinds: ['Node'] });
  podSamples.push(performance.now() - s);
}
podSamples.sort((a, b) => a - b);
console.log(`   state-at-seq     p50 ${pct(podSamples, 50).toFixed(1)} ms, p95 ${pct(podSamples, 95).toFixed(1)} ms for one kind (100 Nodes)`);
rec.close();

console.log('\n4. rolling update of a 5,000-replica Deployment on 100 nodes, every write recorded (child process)');
const roll = JSON.parse(execFileSync(process.execPath, [path.join(here, 'rollout.js'), '5000', '100'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
  scaleUp: { wallMs: number; events: number; virtualMs: number };
  rollout: { wallMs: number; events: number; virtualMs: number; completed: boolean };
  maxRssMB: number;
};
const perSec = (e: number, ms: number): string => Math.round(e / (ms / 1000)).toLocaleString('en');
console.log(`   scale-up 0->5000 ${(roll.scaleUp.wallMs / 1000).toFixed(1)} s wall, ${roll.scaleUp.events.toLocaleString('en')} events (${perSec(roll.scaleUp.events, roll.scaleUp.wallMs)} events/s), ${roll.scaleUp.virtualMs / 1000} s virtual`);
console.log(`   rollout          ${(roll.rollout.wallMs / 1000).toFixed(1)} s wall, ${roll.rollout.events.toLocaleString('en')} events (${perSec(roll.rollout.events, roll.rollout.wallMs)} events/s), ${roll.rollout.virtualMs / 1000} s virtual, ${roll.rollout.completed ? 'complete' : 'NOT complete'}   (target < 30 s)`);
console.log(`   ratio            ${(roll.rollout.wallMs / 30_000).toFixed(2)} of the 30 s budget; peak RSS ${roll.maxRssMB} MB`);

console.log('\n4a. the same rollout with limits and a kubelapse/memory curve on every pod (child process): the cost of the resource model');
{
  const res = JSON.parse(execFileSync(process.execPath, [path.join(here, 'rollout.js'), '5000', '100', 'resources'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as typeof roll;
  console.log(`   scale-up 0->5000 ${(res.scaleUp.wallMs / 1000).toFixed(1)} s wall, ${res.scaleUp.events.toLocaleString('en')} events (${perSec(res.scaleUp.events, res.scaleUp.wallMs)} events/s)`);
  console.log(`   rollout          ${(res.rollout.wallMs / 1000).toFixed(1)} s wall, ${res.rollout.events.toLocaleString('en')} events (${perSec(res.rollout.events, res.rollout.wallMs)} events/s), ${res.rollout.virtualMs / 1000} s virtual, ${res.rollout.completed ? 'complete' : 'NOT complete'}`);
  console.log(`   against 4.       rollout ${(res.rollout.wallMs / roll.rollout.wallMs).toFixed(2)}x its wall time (${(roll.rollout.wallMs / 1000).toFixed(1)} s with requests only), scale-up ${(res.scaleUp.wallMs / roll.scaleUp.wallMs).toFixed(2)}x; peak RSS ${res.maxRssMB} MB vs ${roll.maxRssMB} MB`);
}

console.log('\n4b. rolling update of a DaemonSet on 100 nodes (maxUnavailable 1: node by node), every write recorded (child process)');
{
  const ds = JSON.parse(execFileSync(process.execPath, [path.join(here, 'daemonset-rollout.js'), '100'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
    firstRollout: { wallMs: number; events: number; virtualMs: number };
    rollingUpdate: { wallMs: number; events: number; virtualMs: number; completed: boolean };
    maxRssMB: number;
  };
  const rate = (e: number, ms: number): number => e / (ms / 1000);
  console.log(`   first rollout    ${(ds.firstRollout.wallMs / 1000).toFixed(1)} s wall, ${ds.firstRollout.events.toLocaleString('en')} events (${perSec(ds.firstRollout.events, ds.firstRollout.wallMs)} events/s), ${ds.firstRollout.virtualMs / 1000} s virtual`);
  console.log(`   rolling update   ${(ds.rollingUpdate.wallMs / 1000).toFixed(1)} s wall, ${ds.rollingUpdate.events.toLocaleString('en')} events (${perSec(ds.rollingUpdate.events, ds.rollingUpdate.wallMs)} events/s), ${ds.rollingUpdate.virtualMs / 1000} s virtual, ${ds.rollingUpdate.completed ? 'complete' : 'NOT complete'}`);
  console.log(`   baseline         the 5,000-replica Deployment rollout of 4.: ${perSec(roll.rollout.events, roll.rollout.wallMs)} events/s; ratio ${(rate(ds.rollingUpdate.events, ds.rollingUpdate.wallMs) / rate(roll.rollout.events, roll.rollout.wallMs)).toFixed(2)} of its rate; peak RSS ${ds.maxRssMB} MB`);
}

console.log('\n4c. the rollout of 4. under a ResourceQuota and a LimitRange: every pod create limit-ranged, checked and charged (child process)');
{
  const q = JSON.parse(execFileSync(process.execPath, [path.join(here, 'quota-rollout.js'), '5000', '100'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
    rollout: { wallMs: number; events: number };
    used: Record<string, string>;
    maxRssMB: number;
  };
  console.log(`   rollout          ${(q.rollout.wallMs / 1000).toFixed(1)} s wall, ${q.rollout.events.toLocaleString('en')} events (${perSec(q.rollout.events, q.rollout.wallMs)} events/s); quota used ${JSON.stringify(q.used)}`);
  console.log(`   baseline         4. without quota: ${(roll.rollout.wallMs / 1000).toFixed(1)} s, ${roll.rollout.events.toLocaleString('en')} events; ratio ${(q.rollout.wallMs / roll.rollout.wallMs).toFixed(2)} of its wall time; peak RSS ${q.maxRssMB} MB`);
}

console.log('\n5. viewer in chromium (child process): a 1,000-replica Deployment on 40 nodes rolled until 100,000 events');
if (!fs.existsSync(process.env.KUBELAPSE_CHROMIUM ?? '/usr/bin/chromium')) {
  console.log('   skipped: no chromium at /usr/bin/chromium (apt-get install chromium)');
} else {
  const v = JSON.parse(execFileSync(process.execPath, [path.join(here, 'viewer.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
    recording: { events: number; rollouts: number; endTimeMs: number; modelBuildMs: number };
    big: Record<string, number>;
    small: Record<string, number>;
  };
  const b = v.big as Record<string, number>;
  const s = v.small as Record<string, number>;
  console.log(`   recording        ${v.recording.events.toLocaleString('en')} events, ${v.recording.rollouts} rollouts, ${(v.recording.endTimeMs / 1000).toFixed(0)} s of cluster time, up to ${b.maxPods} pods drawn at once`);
  console.log(`   open             ${b.openMs} ms from navigation to first frame, fresh server and page, model cached as kubelapse run leaves it (again in the same server: ${b.warmOpenMs} ms); ratio ${((b.openMs as number) / 1000).toFixed(2)} of the 1 s budget`);
  console.log(`   open uncached    ${b.uncachedOpenMs} ms (a recording from elsewhere: the server builds the model, ${v.recording.modelBuildMs} ms of it when timed alone)`);
  console.log(`   baseline         pod-loss-recovery (130 events): ${s.openMs} ms (uncached ${s.uncachedOpenMs} ms, warm ${s.warmOpenMs} ms)`);
  console.log(`   scrub frames     p50 ${b.p50} ms, p95 ${b.p95} ms, max ${b.max} ms over ${b.frames} frames of a mouse drag; baseline (5 pods) p95 ${s.p95} ms; ratio p95/16 ms = ${((b.p95 as number) / 16).toFixed(2)}`);
}

console.log('\n5a. viewer on an aggregated recording (KUBELAPSE_BENCH_AGG; child process)');
if (process.env.KUBELAPSE_BENCH_AGG === undefined || !fs.existsSync(process.env.KUBELAPSE_CHROMIUM ?? '/usr/bin/chromium')) {
  console.log('   skipped: set KUBELAPSE_BENCH_AGG to a recording past the aggregate line (e.g. kwok-scale.js 100 1000 1000 kept with KUBELAPSE_BENCH_KEEP)');
} else {
  const v = JSON.parse(execFileSync(process.execPath, [path.join(here, 'viewer-aggregate.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { big: Record<string, number>; small: Record<string, number>; ratio: Record<string, number> };
  const b = v.big;
  const s = v.small;
  console.log(`   recording        ${(b.events ?? 0).toLocaleString('en')} events, ${(b.pods ?? 0).toLocaleString('en')} pods on ${b.nodes} nodes; model ${((b.modelJsonBytes ?? 0) / 1e6).toFixed(1)} MB of JSON, ${((b.modelGzipBytes ?? 0) / 1e6).toFixed(2)} MB cached`);
  console.log(`   open             ${b.openMs} ms to first frame, model cached (warm ${b.warmOpenMs} ms); baseline pod-loss-recovery ${s.openMs} ms; ratio ${v.ratio.openMs}; ${((b.openMs ?? 0) / 2000).toFixed(2)} of the 2 s budget`);
  console.log(`   scrub frames     p50 ${b.p50} ms, p95 ${b.p95} ms, max ${b.max} ms over ${b.frames} frames; baseline p95 ${s.p95} ms; ratio p95/16 ms = ${((b.p95 ?? 0) / 16).toFixed(2)}`);
  console.log(`   a node's pods    ${b.podsListed} pods listed ${b.clickToPodsMs} ms after the click; ${(b.podsDrawn ?? 0).toLocaleString('en')} pods counted on the canvas at the end`);
}

console.log('\n6. traffic: 10,000 rps to a 50-pod Service for 10 simulated minutes, recorded (child process)');
{
  const tr = JSON.parse(execFileSync(process.execPath, [path.join(here, 'traffic.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
    simulatedMs: number;
    baseline: { wallMs: number; events: number };
    loaded: { wallMs: number; events: number; requests: number; rows: number };
    maxRssMB: number;
  };
  const speed = tr.simulatedMs / tr.loaded.wallMs;
  console.log(`   with traffic     ${(tr.loaded.wallMs / 1000).toFixed(1)} s wall for ${tr.simulatedMs / 60_000} min: ${tr.loaded.requests.toLocaleString('en')} requests, ${tr.loaded.rows.toLocaleString('en')} traffic rows; ${speed.toFixed(0)}x real time   (target >= 20x)`);
  console.log(`   baseline         the same cluster without traffic: ${(tr.baseline.wallMs / 1000).toFixed(1)} s wall (${tr.baseline.events.toLocaleString('en')} events); traffic costs ${(tr.loaded.wallMs / Math.max(1, tr.baseline.wallMs)).toFixed(1)}x the baseline; peak RSS ${tr.maxRssMB} MB`);
}

console.log('\n7. live API server (HTTPS, kubectl\'s protocol) with 10,000 pods on 100 nodes; clients on keep-alive connections (child process)');
{
  const la = JSON.parse(execFileSync(process.execPath, [path.join(here, 'live-api.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
    pods: number;
    rolled: number;
    watchers: number;
    speed: number;
    results: Array<{ label: string; rps: number; p50: number; p99: number; bytes: number }>;
    watch: Array<{ neighbour: boolean; rolloutWallMs: number; completed: boolean; podWrites: number; delivered: number; expected: number; perSecond: number; lagP50: number; lagP99: number; lagMax: number; closedByServer: number; quiet: { writes: number; delivered: number; lagP50: number; lagMax: number } }>;
    maxRssMB: number;
  };
  const base = la.results[0] as { rps: number };
  for (const r of la.results) {
    console.log(`   ${r.label.padEnd(48)} ${String(r.rps.toLocaleString('en')).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ${(r.bytes / 1024).toFixed(0)} KB each  ratio ${(r.rps / base.rps).toFixed(3)} of the baseline`);
  }
  for (const w of la.watch) {
    const label = w.neighbour ? 'with a neighbour' : 'quiet';
    console.log(`   watch fan-out, ${label}: ${la.watchers} watchers, rollout of ${la.rolled.toLocaleString('en')} pods at ${la.speed}x: ${w.podWrites.toLocaleString('en')} pod writes in ${(w.rolloutWallMs / 1000).toFixed(1)} s wall${w.completed ? '' : ' (NOT complete)'}; delivered ${w.delivered.toLocaleString('en')} of ${w.expected.toLocaleString('en')} events, ${w.perSecond.toLocaleString('en')} events/s; lag p50 ${w.lagP50} ms, p99 ${w.lagP99} ms, max ${w.lagMax} ms; ${w.closedByServer} watchers cut   (target: none cut, p99 < 1,000 ms)`);
    console.log(`   then typing, ${label}: ${w.quiet.writes} single writes 100 ms apart: ${w.quiet.delivered} deliveries, lag p50 ${w.quiet.lagP50} ms, max ${w.quiet.lagMax} ms`);
  }
  console.log(`   peak RSS ${la.maxRssMB} MB`);
}

console.log('\n8. export: every format on a ~100,000-event recording (1,000 replicas on 40 nodes, rolled), against reading its events alone (child process)');
{
  const ex = JSON.parse(execFileSync(process.execPath, [path.join(here, 'export.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
    events: number;
    readMs: number;
    formats: Array<{ name: string; ms: number; bytes: number; detail: string }>;
  };
  console.log(`   read events      ${ex.events.toLocaleString('en')} events read and parsed in ${(ex.readMs / 1000).toFixed(2)} s (the baseline)`);
  for (const f of ex.formats) {
    console.log(`   ${f.name.padEnd(16)} ${(f.ms / 1000).toFixed(2)} s, ${(f.bytes / 1e6).toFixed(1)} MB (${f.detail}); ${(f.ms / Math.max(1, ex.readMs)).toFixed(1)}x the read`);
  }
}

console.log('\n9. import: 1,000,000 audit lines (plain audit.k8s.io/v1, JSON lines), the reader alone and the whole import (child processes)');
{
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-bench-audit-'));
  const { bytes, reader, pipeline } = importAuditBench(scratch, Number(args.find((x) => x.startsWith('--audit-lines='))?.slice(14) ?? 1_000_000));
  fs.rmSync(scratch, { recursive: true, force: true });
  for (const [label, a] of [['reader', reader], ['reader+writer', pipeline]] as const) {
    console.log(`   ${label.padEnd(16)} ${a.lines.toLocaleString('en')} lines (${(bytes / 1e6).toFixed(0)} MB) in ${(a.wallMs / 1000).toFixed(1)} s: ${Math.round(a.linesPerSec).toLocaleString('en')} lines/s, ${a.writes.toLocaleString('en')} writes (${Math.round(a.writesPerSec).toLocaleString('en')}/s, ${a.partial.toLocaleString('en')} partial, ${a.inferred.toLocaleString('en')} causes inferred, ${a.outOfOrder} out of order); ${(a.cpuMs / 1000).toFixed(1)} s CPU; peak RSS ${a.maxRssMB} MB`);
  }
  console.log(`   baseline         1.'s raw better-sqlite3 appends ${Math.round(t.rawRowsPerSec).toLocaleString('en')} rows/s (recorder ${Math.round(t.recorderRowsPerSec).toLocaleString('en')}); the import's writes/s is ${(pipeline.writesPerSec / t.rawRowsPerSec).toFixed(2)} of raw`);
}

console.log("\n10. KWOK's headline cluster: 1,000 nodes, 100 Deployments x 1,000 pods to Running and Ready, then 10 rolled, then a node lost (child process)");
{
  const k = JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=16384', path.join(here, 'kwok-scale.js'), ...(args.find((a) => a.startsWith('--kwok='))?.slice(7).split('x') ?? ['100', '1000', '1000'])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as {
    deployments: number; replicas: number; nodes: number; recorder?: string;
    scaleUp: { wallMs: number; cpuMs: number; events: number; virtualMs: number; completed: boolean };
    rollout: { wallMs: number; cpuMs: number; events: number; virtualMs: number; completed: boolean; deployments: number };
    nodeFailure: { wallMs: number; cpuMs: number; events: number; virtualMs: number; completed: boolean; node: string; podsLost: number };
    total: { wallMs: number; cpuMs: number; events: number }; eventsPerSec: number; rawAppendPerSec: number; ratioToRaw: number; maxRssMB: number; fileMB: number; verified: boolean; verifyMs: number;
  };
  const line = (label: string, p: { wallMs: number; cpuMs: number; events: number; virtualMs: number; completed: boolean }): string =>
    `   ${label.padEnd(16)} ${(p.wallMs / 1000).toFixed(1)} s wall (${(p.cpuMs / 1000).toFixed(1)} s CPU), ${p.events.toLocaleString('en')} events (${perSec(p.events, p.wallMs)} events/s), ${p.virtualMs / 1000} s virtual${p.completed ? '' : ', NOT complete'}`;
  console.log(line(`scale-up 0->${(k.deployments * k.replicas).toLocaleString('en')}`, k.scaleUp) + '   (target < 60 s)');
  console.log(line(`roll ${k.rollout.deployments} deploys`, k.rollout));
  console.log(line('node lost', k.nodeFailure) + ` (${k.nodeFailure.node}, ${k.nodeFailure.podsLost} pods)`);
  console.log(`   recorded         ${k.total.events.toLocaleString('en')} events in ${(k.total.wallMs / 1000).toFixed(1)} s (${k.eventsPerSec.toLocaleString('en')} events/s), ${k.fileMB} MB, chain ${k.verified ? 'verified' : 'NOT verified'} in ${(k.verifyMs / 1000).toFixed(1)} s; peak RSS ${k.maxRssMB} MB   (target < 2,048 MB); recorder ${k.recorder ?? 'in-thread'}`);
  console.log(`   baseline         raw better-sqlite3 appends of the same rows: ${k.rawAppendPerSec.toLocaleString('en')} rows/s; the simulation's events/s is ${k.ratioToRaw} of it`);
}

console.log('');
{
  // 11. on 2.'s 1,000,000-event recording (or --replay-db=<file>, e.g. a KWOK recording kept by 10.), against the 210-event pod-loss-recovery story
  const small = path.join(dir, 'small.db');
  const bin = path.join(here, '../../../bin/kubelapse.js');
  execFileSync(process.execPath, [bin, 'run', path.join(here, '../../../recordings/pod-loss-recovery.yaml'), '-o', small, '-q'], { stdio: 'ignore' });
  const big = args.find((a) => a.startsWith('--replay-db='))?.slice(12) ?? db;
  execFileSync(process.execPath, ['--max-old-space-size=8192', path.join(here, 'replay-scale.js'), big, small], { stdio: 'inherit', env: { ...process.env, KUBELAPSE_CACHE_DIR: path.join(dir, 'cache') } });
}
fs.rmSync(dir, { recursive: true, force: true });
