/**
 * Benchmark: 10,000 requests per second to a 50-pod Service for 10 simulated minutes,
 * every write and every traffic row recorded into SQLite. The same cluster without
 * traffic is the baseline of the same run. Prints one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TrafficGenerator } from '../../core/network/traffic.js';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Simulation } from '../../core/sim/cluster.js';
import { ControlPlane } from '../../core/sim/control-plane.js';

const RPS = 10_000;
const PODS = 50;
const SIMULATED_MS = 600_000;

function run(withTraffic: boolean): { wallMs: number; events: number; requests: number; rows: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-traffic-'));
  const rec = Recording.create(path.join(dir, 'traffic.db'), { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
  const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
  const recorder = new Recorder(rec).attach(sim.api.writes$);
  const nodes = Array.from({ length: 10 }, (_, i) => ({ name: `node-${i + 1}`, cpu: '16', memory: '64Gi', pods: 110, labels: {}, taints: [] }));
  sim.bootstrap(nodes);
  const plane = new ControlPlane(sim).start(nodes);
  const kubectl = sim.client('kubectl');
  kubectl.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  kubectl.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: PODS, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 } }] } } },
  });
  sim.runUntil(30_000);
  const traffic = new TrafficGenerator(sim.scheduler, plane, sim.rng.get('traffic'));
  if (withTraffic) traffic.set('default/web', RPS);
  let requests = 0;
  let rows = 0;
  const started = performance.now();
  for (let t = 31_000; t <= 30_000 + SIMULATED_MS; t += 1000) {
    sim.runUntil(t);
    const batch = traffic.drain();
    for (const r of batch) requests += r.count;
    rows += batch.length;
    rec.addTraffic(batch);
  }
  const wallMs = performance.now() - started;
  recorder.close({ complete: true, endTimeMs: 30_000 + SIMULATED_MS });
  rec.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { wallMs: Math.round(wallMs), events: recorder.count, requests, rows };
}

const baseline = run(false);
const loaded = run(true);
console.log(JSON.stringify({ rps: RPS, pods: PODS, simulatedMs: SIMULATED_MS, baseline, loaded, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
