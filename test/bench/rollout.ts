/**
 * Benchmark: 100 nodes, one Deployment of 5,000 replicas rolled to a new image, every
 * write recorded into a real SQLite file. Run as its own process (peak RSS is its own).
 * Prints one JSON line: the scale-up and rollout phases' wall times and event counts.
 * With a 4th argument `resources`, every pod also has limits (cpu 200m, memory 128Mi)
 * and a memory curve (48Mi with a 16Mi spike at 30 s for 10 s): the resource model's
 * cost (limits validated, QoS Burstable, OOM kills armed, every pod's working set read by
 * its node's eviction manager every 10 s) against the same rollout with requests only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCluster, rolledOut, rollToNewImage, runUntilRolledOut, webDeployment } from './web-cluster.js';

const replicas = Number(process.argv[2] ?? 5000);
const nodeCount = Number(process.argv[3] ?? 100);
const resources = process.argv[4] === 'resources';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-rollout-'));
const t0 = performance.now();
const { sim, rec, recorder, kubectl } = benchCluster(path.join(dir, 'rollout.db'), nodeCount, { cpu: '64', memory: '256Gi' });
kubectl.create(webDeployment(replicas, {
  image: 'nginx:1.27',
  probePeriodSeconds: 5,
  requests: { cpu: '100m', memory: '64Mi' },
  ...(resources ? { limits: { cpu: '200m', memory: '128Mi' }, annotations: { 'kubelapse/memory': '48Mi spike 16Mi at 30s for 10s' } } : {}),
}));
let t = runUntilRolledOut(sim, replicas, 0);
const upEvents = recorder.count;
const t1 = performance.now();
const rolloutStart = t;
t = rollToNewImage(sim, kubectl, replicas, t);
recorder.close({ complete: true, endTimeMs: t });
rec.close();
const t2 = performance.now();
const rolloutEvents = recorder.count - upEvents;
console.log(
  JSON.stringify({
    replicas,
    nodes: nodeCount,
    scaleUp: { wallMs: Math.round(t1 - t0), events: upEvents, virtualMs: rolloutStart },
    rollout: { wallMs: Math.round(t2 - t1), events: rolloutEvents, virtualMs: t - rolloutStart, completed: rolledOut(sim, replicas) },
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
fs.rmSync(dir, { recursive: true, force: true });
