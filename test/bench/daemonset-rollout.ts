/**
 * Benchmark: a DaemonSet on 100 nodes rolled to a new image with the default
 * RollingUpdate (maxUnavailable 1: node by node), every write recorded into a real
 * SQLite file. Run as its own process. Prints one JSON line: the first rollout (a pod on
 * every node) and the rolling update, each with wall time, events and virtual time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KObject } from '../../core/api/types.js';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import type { Simulation } from '../../core/sim/cluster.js';
import { benchCluster } from './web-cluster.js';

const nodeCount = Number(process.argv[2] ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-ds-rollout-'));

const agent: KObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-agent' },
  spec: {
    selector: { matchLabels: { app: 'node-agent' } },
    template: {
      metadata: { labels: { app: 'node-agent' } },
      spec: { containers: [{ name: 'agent', image: 'fluent/fluent-bit:3.0.7', resources: { requests: { cpu: '50m', memory: '64Mi' } }, readinessProbe: { httpGet: { path: '/api/v1/health', port: 2020 }, periodSeconds: 2 } }] },
    },
  },
};

/** Every node's agent pod updated and available (at most two hours of virtual time, in 5 s steps). */
function runUntilRolled(sim: Simulation, t: number): number {
  const done = (): boolean => {
    const s = sim.api.get('DaemonSet', 'default', 'node-agent').status ?? {};
    return s.desiredNumberScheduled === nodeCount && s.updatedNumberScheduled === nodeCount && s.numberAvailable === nodeCount && (s.observedGeneration ?? 0) >= (sim.api.get('DaemonSet', 'default', 'node-agent').metadata.generation ?? 1);
  };
  const start = t;
  while (!done() && t < start + 7_200_000) sim.runUntil((t += 5_000));
  return t;
}

const t0 = performance.now();
const { sim, rec, recorder, kubectl } = benchCluster(path.join(dir, 'ds-rollout.db'), nodeCount, { cpu: '8', memory: '32Gi' });
kubectl.create(agent);
let t = runUntilRolled(sim, 0);
const upEvents = recorder.count;
const t1 = performance.now();
executeKubectl(kubectl, parseKubectl('set image daemonset/node-agent agent=fluent/fluent-bit:3.1.4'), () => []);
const rolloutStart = t;
sim.runUntil((t += 1_000));
t = runUntilRolled(sim, t);
recorder.close({ complete: true, endTimeMs: t });
rec.close();
const t2 = performance.now();
const s = sim.api.get('DaemonSet', 'default', 'node-agent').status ?? {};
console.log(
  JSON.stringify({
    nodes: nodeCount,
    firstRollout: { wallMs: Math.round(t1 - t0), events: upEvents, virtualMs: rolloutStart },
    rollingUpdate: { wallMs: Math.round(t2 - t1), events: recorder.count - upEvents, virtualMs: t - rolloutStart, completed: s.updatedNumberScheduled === nodeCount && s.numberAvailable === nodeCount },
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
fs.rmSync(dir, { recursive: true, force: true });
