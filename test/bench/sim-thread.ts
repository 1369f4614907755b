/**
 * Benchmark (issue 18, target 1's time): the simulation's thread alone. The kwok bench's
 * scale-up and rollout (`deployments` x `replicas` pods on `nodes` nodes, the same
 * Deployments) with no recorder attached, then two idle virtual minutes (probe ticks,
 * lease renewals, metrics-server scrapes, eviction counts): CPU per phase and per write.
 * What the components and the API server cost without the recorder's thread and SQLite,
 * which kwok-scale.js counts in its CPU too. Prints one JSON line.
 *
 *   node dist/test/bench/sim-thread.js [deployments=10] [replicas=1000] [nodes=1000]
 *
 * Alternate it with another build's (`/work/main/dist/test/bench/sim-thread.js`): at 10,000
 * pods a run takes ~30 s, and the load of a shared machine moves single runs by 10-15 %.
 */
import type { KObject } from '../../core/api/types.js';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { Simulation } from '../../core/sim/cluster.js';
import { ControlPlane } from '../../core/sim/control-plane.js';
import { webDeployment } from './web-cluster.js';

const deployments = Number(process.argv[2] ?? 10);
const replicas = Number(process.argv[3] ?? 1000);
const nodeCount = Number(process.argv[4] ?? 1000);

const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
let writes = 0;
sim.api.writes$.subscribe(() => writes++);
const shapes = Array.from({ length: nodeCount }, (_, i) => ({ name: `node-${i + 1}`, cpu: '64', memory: '256Gi', pods: 110, labels: {}, taints: [] }));
sim.bootstrap(shapes);
new ControlPlane(sim).start(shapes);
const kubectl = sim.client('kubectl');
const names = Array.from({ length: deployments }, (_, i) => `web-${String(i + 1).padStart(3, '0')}`);
for (const name of names) {
  // kwok-scale.js's shape: app=<name>, readiness probe every 5 s, requests 100m / 64Mi.
  const d = webDeployment(replicas, { image: 'nginx:1.27', probePeriodSeconds: 5, requests: { cpu: '100m', memory: '64Mi' } });
  const spec = d.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
  d.metadata = { name };
  spec.selector.matchLabels = { app: name };
  spec.template.metadata.labels = { app: name };
  kubectl.create(d as KObject);
}

const settled = (which: readonly string[]): boolean =>
  which.every((n) => {
    const s = sim.api.get('Deployment', 'default', n).status ?? {};
    return s.updatedReplicas === replicas && s.availableReplicas === replicas && s.replicas === replicas;
  });
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Runs in 5 s steps until `done` (at most an hour of virtual time). */
const until = (t: number, done: () => boolean): number => {
  const start = t;
  while (!done() && t < start + 3_600_000) sim.runUntil((t += 5_000));
  return t;
};
const phase = (c0: number, w0: number): { cpuMs: number; writes: number; usPerWrite: number } => {
  const cpu = cpuMs() - c0;
  const n = writes - w0;
  return { cpuMs: Math.round(cpu), writes: n, usPerWrite: n === 0 ? 0 : Math.round((cpu * 10_000) / n) / 10 };
};

let c0 = cpuMs();
let w0 = writes;
let t = until(0, () => settled(names));
const scaleUp = { ...phase(c0, w0), virtualMs: t, completed: settled(names) };

c0 = cpuMs();
w0 = writes;
const rolled = names.slice(0, Math.min(10, deployments));
for (const n of rolled) executeKubectl(kubectl, parseKubectl(`set image deployment/${n} web=nginx:1.28`), () => []);
sim.runUntil((t += 1_000));
const v1 = t;
t = until(t, () => settled(rolled) && rolled.every((n) => sim.api.get('Deployment', 'default', n).spec?.template?.spec?.containers?.[0]?.image === 'nginx:1.28'));
const rollout = { ...phase(c0, w0), virtualMs: t - v1 };

c0 = cpuMs();
w0 = writes;
sim.runUntil((t += 120_000));
const idle = { ...phase(c0, w0), virtualMs: 120_000 };

console.log(JSON.stringify({ deployments, replicas, nodes: nodeCount, scaleUp, rollout, idle }));
