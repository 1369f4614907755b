/**
 * Benchmark: 10,000 requests per second to a 50-pod Service for 10 simulated minutes,
 * every write and every traffic row recorded into SQLite. The same cluster without
 * traffic is the baseline of the same run. Prints one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCluster, webDeployment } from './web-cluster.js';

const RPS = 10_000;
const PODS = 50;
const SIMULATED_MS = 600_000;

function run(withTraffic: boolean): { wallMs: number; events: number; requests: number; rows: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-traffic-'));
  const { sim, rec, recorder, plane, kubectl } = benchCluster(path.join(dir, 'traffic.db'), 10, { cpu: '16', memory: '64Gi' });
  kubectl.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  kubectl.create(webDeployment(PODS, { image: 'nginx:1.27', probePeriodSeconds: 10 }));
  sim.runUntil(30_000);
  const traffic = plane.traffic;
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
