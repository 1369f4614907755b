/**
 * Benchmark (issue 18): KWOK's headline cluster. `nodes` nodes (default 1,000) and
 * `deployments` Deployments of `replicas` pods (default 100 x 1,000 = 100,000 pods), run
 * until every pod is Running and Ready, every write recorded into a real SQLite file;
 * then a rolling update of 10 of the Deployments, then a node failure (one node's pods
 * lost, evicted after the taint's 300 s, replaced). Run as its own process (peak RSS is
 * its own). Prints one JSON line: each phase's wall and CPU time, events and virtual time, the
 * pods Running and Ready at the end of the scale-up (`scaleUp.podsReady`), the writes the API
 * server accepted beside the events recorded (`total.apiWrites`, `total.events`), the peak
 * RSS, the recording's verification (`verifiedEvents`: the rows it checked), and the raw
 * better-sqlite3 append rate of the same rows in the same run (the baseline).
 *
 *   node dist/test/bench/kwok-scale.js [deployments] [replicas] [nodes]
 *   KUBELAPSE_BENCH_KEEP=/path/scale.db keeps the recording (for the replay, CLI and viewer benches).
 *   node --expose-gc ... adds `heapMB`: the live heap after a full GC at the end of each phase.
 *   KUBELAPSE_BENCH_HEAP=/folder writes a heap snapshot there at the end of each phase.
 *   KUBELAPSE_BENCH_MEM=/path/mem.jsonl writes, every 5 virtual s, where the RSS is
 *   (memory-sample.ts: the V8 heap by space, external memory, the recorder worker's heap
 *   and the batches in flight to it, the rest); the sample at the highest RSS is in the
 *   JSON line as `atPeak` either way.
 *   KUBELAPSE_BENCH_SIM_ONLY=1 stops after the simulation (no verification, no raw baseline).
 *   KUBELAPSE_BENCH_INLINE=1 records on the simulation's thread (the recorder's default
 *   elsewhere) instead of in the append worker (append-thread.ts), for comparison.
 *
 * Young generation: the bench runs itself again in a child node with `kubelapse run`'s
 * 32 MiB semi-spaces (core/cli/young-generation.ts), unless node was given a semi-space
 * size; KUBELAPSE_SEMI_SPACE=0 runs with V8's own (16 MiB), in this process.
 * Heap budget: the bench keeps to what `kubelapse run` does (core/cli/recording-heap.ts,
 * 1,500 MiB of old generation); KUBELAPSE_HEAP_BUDGET=0 leaves V8's own growth (before round 8).
 * Heap limit: run it with Node's default (~4.3 GB on the 23 GB machine of
 * docs/performance.md), not a large --max-old-space-size: under 20 GB V8 collected so
 * lazily that the 100,000-pod run's peak RSS was 7.3 GB (round 4); under the
 * default it was 3.3 GB for 1.6-1.8 GB live (round 5). A much tighter limit fails in the
 * verification after the run (`verifyRecording` reads 100,000 rows a slice while the
 * simulation is still held), not in the simulation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import Database from 'better-sqlite3';
import type { KObject } from '../../core/api/types.js';
import type { Client } from '../../core/client/client.js';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { verifyRecording } from '../../core/record/verify.js';
import { Recording } from '../../core/record/recording.js';
import { PAGE_SIZE, SCHEMA_SQL } from '../../core/record/schema.js';
import type { Simulation } from '../../core/sim/cluster.js';
import { useRecordingHeap } from '../../core/cli/recording-heap.js';
import { inYoungGeneration } from '../../core/cli/young-generation.js';
import { memorySample, type MemorySample } from './memory-sample.js';
import { benchCluster, deploymentsSettled, scaleDeployment } from './web-cluster.js';

// V8's young generation as `kubelapse run` has it (core/cli/young-generation.ts, 32 MiB
// semi-spaces: half the scavenges at 100,000 pods): set only when node starts, so
// the bench runs itself again in a child node with the flag, unless node was given one
// (or KUBELAPSE_SEMI_SPACE=0). The child prints the JSON line; its peak RSS is its own.
await inYoungGeneration(fileURLToPath(import.meta.url), process.argv.slice(2), 'kwok-scale');

const deployments = Number(process.argv[2] ?? 100);
const replicas = Number(process.argv[3] ?? 1000);
const nodeCount = Number(process.argv[4] ?? 1000);
const rollCount = Math.min(10, deployments);
const keep = process.env.KUBELAPSE_BENCH_KEEP;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-kwok-'));
const file = keep ?? path.join(dir, 'scale.db');
for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
const names = Array.from({ length: deployments }, (_, i) => `web-${String(i + 1).padStart(3, '0')}`);
const log = (m: string): void => {
  if (process.env.KUBELAPSE_BENCH_VERBOSE !== undefined) process.stderr.write(`${m}\n`);
};

const deployment = (name: string, image: string): KObject => scaleDeployment(name, replicas, image);
const settled = (sim: Simulation, which: readonly string[]): boolean => deploymentsSettled(sim, which, replicas);

const memFile = process.env.KUBELAPSE_BENCH_MEM;
if (memFile !== undefined) fs.writeFileSync(memFile, '');
let atPeak: MemorySample | undefined;

let phaseLabel = 'scale-up';
/** A memory sample, kept as `atPeak` if its RSS is the highest yet, and written to KUBELAPSE_BENCH_MEM. */
function sample(label: string, tMs: number): MemorySample {
  const m = memorySample(label, tMs, recorder.memory());
  if (atPeak === undefined || m.rssMB > atPeak.rssMB) atPeak = m;
  if (memFile !== undefined) fs.appendFileSync(memFile, `${JSON.stringify(m)}\n`);
  return m;
}

/** Runs in 5 s steps until `done` (at most an hour of virtual time); returns the time reached. */
function runUntil(sim: Simulation, t: number, done: () => boolean, label: string): number {
  const start = t;
  phaseLabel = label;
  while (!done() && t < start + 3_600_000) {
    sim.runUntil((t += 5_000));
    const m = sample(label, t);
    log(`${label} t=${t / 1000}s rss=${m.rssMB}MB heap=${m.heapUsedMB}/${m.heapTotalMB}MB ext=${m.externalMB}MB worker=${m.workerHeapTotalMB}+${m.workerExternalMB}MB inflight=${m.inFlightMB}MB rest=${m.restMB}MB`);
  }
  return t;
}

/**
 * The live heap after a full GC, in MB, when run with --expose-gc (else undefined), and
 * a heap snapshot into KUBELAPSE_BENCH_HEAP=<folder> named after the phase: what the
 * process holds, as opposed to the RSS, which V8 lets grow with garbage under a large
 * --max-old-space-size.
 */
function heapAt(label: string): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  const snapDir = process.env.KUBELAPSE_BENCH_HEAP;
  if (snapDir !== undefined) v8.writeHeapSnapshot(path.join(snapDir, `${label}.heapsnapshot`));
  if (gc === undefined) return undefined;
  gc();
  gc();
  return Math.round(v8.getHeapStatistics().used_heap_size / 1e6);
}

/** This process's CPU time (user + system) in ms: on a machine shared with other work, wall time varies 2-5x from run to run and CPU time much less. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function phase(t0: number, cpu0: number, events0: number, v0: number, v1: number, events1: number, ok: boolean): { wallMs: number; cpuMs: number; events: number; virtualMs: number; completed: boolean } {
  return { wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuMs() - cpu0), events: events1 - events0, virtualMs: v1 - v0, completed: ok };
}

// The heap budget `kubelapse run` keeps to (recording-heap.ts); KUBELAPSE_HEAP_BUDGET=0 for V8's own growth.
const heapBudgetMiB = useRecordingHeap() ?? 0;
// The semi-space size node was given (by the relaunch above, or by hand); 0: V8's own (16 MiB here).
const semiSpaceMiB = Number(/--max[-_]semi[-_]space[-_]size[=\s](\d+)/.exec(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)?.[1] ?? 0);
const t0 = performance.now();
const c0 = cpuMs();
const thread = process.env.KUBELAPSE_BENCH_INLINE === undefined;
const { sim, rec, recorder, plane, kubectl } = benchCluster(file, nodeCount, { cpu: '64', memory: '256Gi' }, {}, { thread });
// A 5 s step at 100,000 pods is up to a minute of wall time: the memory is also sampled
// every 10,000 writes, so the peak falls between two samples a few hundred ms apart.
let writes = 0;
sim.api.writes$.subscribe(() => {
  if (++writes % 10_000 === 0) sample(phaseLabel, sim.scheduler.now());
});
const kc: Client = kubectl;
for (const n of names) kc.create(deployment(n, 'nginx:1.27'));
let t = runUntil(sim, 0, () => settled(sim, names), 'scale-up');
// The simulation's wall ms waiting for the recorder's worker (append-thread.ts waitedMs): its share of each phase.
const waited = (): number => Math.round(recorder.threadWaitMs ?? 0);
const up = { ...phase(t0, c0, 0, 0, t, recorder.count, settled(sim, names)), recorderWaitMs: waited() };
// What "steady state" is, counted from the pods themselves (after the phase's clock stopped):
// the Deployments' pods Running with Ready True, as the issue words it, not only as their
// Deployments' status says (availableReplicas, which `settled` reads).
const podsReady = sim.api.list('Pod', { namespace: 'default' }).items.filter((p) => p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')).length;
const heapMB: Record<string, number | undefined> = { scaleUp: heapAt('scale-up') };

const t1 = performance.now();
const c1 = cpuMs();
const e1 = recorder.count;
const v1 = t;
const rolled = names.slice(0, rollCount);
for (const n of rolled) executeKubectl(kc, parseKubectl(`set image deployment/${n} web=nginx:1.28`), () => []);
sim.runUntil((t += 1_000));
t = runUntil(sim, t, () => settled(sim, rolled) && rolled.every((n) => sim.api.get('Deployment', 'default', n).spec?.template?.spec?.containers?.[0]?.image === 'nginx:1.28'), 'rollout');
const roll = { ...phase(t1, c1, e1, v1, t, recorder.count, settled(sim, rolled)), recorderWaitMs: waited() - up.recorderWaitMs };
heapMB.rollout = heapAt('rollout');

// The node failure: the busiest node stops (its kubelet and heartbeats gone); the node
// lifecycle controller marks it NotReady after 40 s, taints it, and evicts its pods once
// their 300 s toleration runs out; the ReplicaSets replace them elsewhere. As upstream,
// the evicted pods stay Terminating on the unreachable node (no kubelet confirms them
// gone), so "replaced" is: every Deployment whole again and every pod there deleted.
const t2 = performance.now();
const c2 = cpuMs();
const e2 = recorder.count;
const v2 = t;
const podsByNode = new Map<string, number>();
for (const p of sim.api.list('Pod').items) {
  const node = (p.spec as { nodeName?: string } | undefined)?.nodeName;
  if (node !== undefined) podsByNode.set(node, (podsByNode.get(node) ?? 0) + 1);
}
const [victim, victimPods] = [...podsByNode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['node-1', 0];
plane.nodeDown(victim);
const ours = new Set(names); // the DaemonSet's kube-proxy pod tolerates the taint and stays
const replaced = (): boolean =>
  settled(sim, names) && sim.api.list('Pod').items.every((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName !== victim || p.metadata.deletionTimestamp !== undefined || !ours.has(p.metadata.labels?.app ?? ''));
t = runUntil(sim, t, replaced, 'node-failure');
const failure = { ...phase(t2, c2, e2, v2, t, recorder.count, replaced()), node: victim, podsLost: victimPods, recorderWaitMs: waited() - up.recorderWaitMs - roll.recorderWaitMs };
heapMB.nodeFailure = heapAt('node-failure');

// The close drains the worker and seals: with events_object made at the seal, its build (~1.4 s at 100,000 pods) is here.
const tc = performance.now();
recorder.close({ complete: true, endTimeMs: t });
// apiWrites: every write the API server accepted (its last seq); `events` is what the recorder wrote.
const total = { wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuMs() - c0), events: recorder.count, apiWrites: sim.api.lastSeq, closeMs: Math.round(performance.now() - tc), recorderWaitMs: waited() };
const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
rec.close();
if (process.env.KUBELAPSE_BENCH_SIM_ONLY !== undefined) {
  // The simulation's figures only: no verification and no raw baseline (~2 min at 100,000 pods).
  console.log(JSON.stringify({ deployments, replicas, nodes: nodeCount, recorder: thread ? 'thread' : 'inline', heapBudgetMiB, semiSpaceMiB, scaleUp: { ...up, podsReady }, rollout: { ...roll, deployments: rollCount }, nodeFailure: failure, total, maxRssMB, heapMB, atPeak }));
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// Verify the chain, then the baseline: the same rows appended with raw better-sqlite3
// (prepared INSERT, 2,000 per transaction, hashes precomputed) in this run.
const tv = performance.now();
const check = Recording.open(file);
const verified = verifyRecording(check);
const verifyMs = Math.round(performance.now() - tv);
const rawFile = path.join(dir, 'raw.db');
const raw = new Database(rawFile);
// The recorder's own page size (schema.ts), so the baseline is the same SQLite work.
raw.pragma(`page_size = ${PAGE_SIZE}`);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = NORMAL');
raw.exec(SCHEMA_SQL);
const insert = raw.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const rows = check.db.prepare('SELECT * FROM events ORDER BY seq').raw(true);
let batch: unknown[][] = [];
let rawMs = 0;
const flush = raw.transaction((b: unknown[][]) => {
  for (const r of b) insert.run(...r);
});
for (const r of rows.iterate() as IterableIterator<unknown[]>) {
  batch.push(r);
  if (batch.length === 2000) {
    const s = performance.now();
    flush(batch);
    rawMs += performance.now() - s;
    batch = [];
  }
}
const s = performance.now();
flush(batch);
rawMs += performance.now() - s;
raw.close();
check.close();
const fileMB = Math.round(fs.statSync(file).size / 1e6);

console.log(
  JSON.stringify({
    deployments, replicas, nodes: nodeCount, recorder: thread ? 'thread' : 'inline', heapBudgetMiB,
    scaleUp: { ...up, podsReady }, rollout: { ...roll, deployments: rollCount }, nodeFailure: failure, total,
    eventsPerSec: Math.round(total.events / (total.wallMs / 1000)),
    rawAppendPerSec: Math.round(total.events / (rawMs / 1000)),
    ratioToRaw: Number((total.events / (total.wallMs / 1000) / (total.events / (rawMs / 1000))).toFixed(3)),
    maxRssMB, heapMB, atPeak, fileMB, verified: verified.ok, verifiedEvents: verified.events, verifyMs,
  }),
);
fs.rmSync(dir, { recursive: true, force: true });
