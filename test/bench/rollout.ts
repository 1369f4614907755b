/**
 * Benchmark: 100 nodes, one Deployment of 5,000 replicas rolled to a new image, every
 * write recorded into a real SQLite file. Run as its own process (peak RSS is its own).
 * Prints one JSON line: the scale-up and rollout phases' wall times and event counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Simulation } from '../../core/sim/cluster.js';
import { ControlPlane } from '../../core/sim/control-plane.js';

const replicas = Number(process.argv[2] ?? 5000);
const nodeCount = Number(process.argv[3] ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-rollout-'));
const rec = Recording.create(path.join(dir, 'rollout.db'), { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
const recorder = new Recorder(rec).attach(sim.api.writes$);
const nodes = Array.from({ length: nodeCount }, (_, i) => ({ name: `node-${i + 1}`, cpu: '64', memory: '256Gi', pods: 110, labels: {}, taints: [] }));
const t0 = performance.now();
sim.bootstrap(nodes);
new ControlPlane(sim).start(nodes);
const kubectl = sim.client('kubectl');
kubectl.create({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } }, readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }] },
    },
  },
});
const done = (): boolean => {
  const d = sim.api.get('Deployment', 'default', 'web');
  return (d.status?.updatedReplicas ?? 0) === replicas && (d.status?.availableReplicas ?? 0) === replicas && (d.status?.replicas ?? 0) === replicas;
};
let t = 0;
while (!done() && t < 3_600_000) sim.runUntil((t += 5_000));
const upEvents = recorder.count;
const t1 = performance.now();
executeKubectl(kubectl, parseKubectl('set image deployment/web web=nginx:1.28'), () => []);
const rolloutStart = t;
sim.runUntil((t += 1_000));
while (!done() && t < rolloutStart + 3_600_000) sim.runUntil((t += 5_000));
recorder.close({ complete: true, endTimeMs: t });
rec.close();
const t2 = performance.now();
const rolloutEvents = recorder.count - upEvents;
console.log(
  JSON.stringify({
    replicas,
    nodes: nodeCount,
    scaleUp: { wallMs: Math.round(t1 - t0), events: upEvents, virtualMs: rolloutStart },
    rollout: { wallMs: Math.round(t2 - t1), events: rolloutEvents, virtualMs: t - rolloutStart, completed: done() },
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
fs.rmSync(dir, { recursive: true, force: true });
