/**
 * Benchmark 4c: the 5,000-replica rollout of rollout.ts in a namespace with a
 * ResourceQuota (pods, requests, a ReplicaSet count) and a LimitRange with defaults, so
 * every pod create is limit-ranged, checked and charged (one more write each). Run as its
 * own process; prints one JSON line, as rollout.ts does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCluster, rollToNewImage, runUntilRolledOut, webDeployment } from './web-cluster.js';

const replicas = Number(process.argv[2] ?? 5000);
const nodeCount = Number(process.argv[3] ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-quota-rollout-'));
const t0 = performance.now();
const { sim, rec, recorder, kubectl } = benchCluster(path.join(dir, 'rollout.db'), nodeCount, { cpu: '64', memory: '256Gi' });
kubectl.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'default' }, spec: { hard: { pods: String(replicas * 4), 'requests.cpu': '2000', 'requests.memory': '1Ti', 'count/replicasets.apps': '20' } } });
kubectl.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults', namespace: 'default' }, spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '64Mi' }, max: { cpu: '2' } }] } });
sim.runUntil(100);
kubectl.create(webDeployment(replicas, { image: 'nginx:1.27', probePeriodSeconds: 5, requests: { cpu: '100m', memory: '64Mi' } }));
let t = runUntilRolledOut(sim, replicas, 100);
const upEvents = recorder.count;
const t1 = performance.now();
const rolloutStart = t;
t = rollToNewImage(sim, kubectl, replicas, t);
recorder.close({ complete: true, endTimeMs: t });
const used = sim.api.get('ResourceQuota', 'default', 'compute').status?.used;
rec.close();
const t2 = performance.now();
console.log(
  JSON.stringify({
    replicas,
    nodes: nodeCount,
    scaleUp: { wallMs: Math.round(t1 - t0), events: upEvents },
    rollout: { wallMs: Math.round(t2 - t1), events: recorder.count - upEvents, virtualMs: t - rolloutStart },
    used,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
fs.rmSync(dir, { recursive: true, force: true });
