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
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { benchSimulation, deploymentsSettled, scaleDeployment, startNodes } from './web-cluster.js';

const deployments = Number(process.argv[2] ?? 10);
const replicas = Number(process.argv[3] ?? 1000);
const nodeCount = Number(process.argv[4] ?? 1000);

const sim = benchSimulation();
let writes = 0;
sim.api.writes$.subscribe(() => writes++);
startNodes(sim, nodeCount, { cpu: '64', memory: '256Gi' });
const kubectl = sim.client('kubectl');
const names = Array.from({ length: deployments }, (_, i) => `web-${String(i + 1).padStart(3, '0')}`);
for (const name of names) kubectl.create(scaleDeployment(name, replicas, 'nginx:1.27'));

const settled = (which: readonly string[]): boolean => deploymentsSettled(sim, which, replicas);
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
