import type { KObject } from '../../core/api/types.js';
import type { Client } from '../../core/client/client.js';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Simulation } from '../../core/sim/cluster.js';
import { ControlPlane } from '../../core/sim/control-plane.js';

const EPOCH = '2026-01-01T00:00:00Z';

export interface BenchCluster {
  sim: Simulation;
  rec: Recording;
  recorder: Recorder;
  plane: ControlPlane;
  kubectl: Client;
}

/** A recorded simulation with `nodes` nodes of the given size and every component running: what the workload benchmarks start from. */
export function benchCluster(file: string, nodes: number, size: { cpu: string; memory: string }, meta: Record<string, string> = {}, opts: { thread?: boolean } = {}): BenchCluster {
  // As `kubelapse run` makes it (core/scenario/session.ts): events_object at the seal.
  const rec = Recording.create(file, { source: 'simulation', epoch: EPOCH, ...meta }, { objectIndex: 'at-seal' });
  const sim = benchSimulation();
  const recorder = new Recorder(rec, { thread: opts.thread === true }).attach(sim.api.writes$);
  const plane = startNodes(sim, nodes, size);
  return { sim, rec, recorder, plane, kubectl: sim.client('kubectl') };
}

/** The benches' simulation, before anything is written (attach a recorder or a counter to its writes first). */
export function benchSimulation(): Simulation {
  return new Simulation({ seed: 1, epoch: EPOCH });
}

/** `nodes` nodes of the given size bootstrapped into `sim`, and every component started on them. */
export function startNodes(sim: Simulation, nodes: number, size: { cpu: string; memory: string }): ControlPlane {
  const shapes = Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}`, cpu: size.cpu, memory: size.memory, pods: 110, labels: {}, taints: [] }));
  sim.bootstrap(shapes);
  return new ControlPlane(sim).start(shapes);
}

/**
 * Deployment `name` of the scale benches' shape: app=<name>, a readiness probe every 5 s,
 * requests 100m / 64Mi (kwok-scale.js, sim-thread.js and the scale-determinism test).
 */
export function scaleDeployment(name: string, replicas: number, image: string): KObject {
  const d = webDeployment(replicas, { image, probePeriodSeconds: 5, requests: { cpu: '100m', memory: '64Mi' } });
  const spec = d.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
  d.metadata = { name };
  spec.selector.matchLabels = { app: name };
  spec.template.metadata.labels = { app: name };
  return d;
}

/** Every Deployment in `which` has all `replicas` pods updated and available. */
export function deploymentsSettled(sim: Simulation, which: readonly string[], replicas: number): boolean {
  return which.every((n) => {
    const s = sim.api.get('Deployment', 'default', n).status ?? {};
    return (s.updatedReplicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas;
  });
}

/** Deployment `web` (app=web) with a readiness probe, optionally with resource requests. */
export function webDeployment(replicas: number, opts: { image: string; probePeriodSeconds: number; requests?: Record<string, string>; limits?: Record<string, string>; annotations?: Record<string, string> }): KObject {
  const container = {
    name: 'web',
    image: opts.image,
    ...(opts.requests === undefined && opts.limits === undefined ? {} : { resources: { ...(opts.requests !== undefined ? { requests: opts.requests } : {}), ...(opts.limits !== undefined ? { limits: opts.limits } : {}) } }),
    readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: opts.probePeriodSeconds },
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, ...(opts.annotations !== undefined ? { annotations: opts.annotations } : {}) }, spec: { containers: [container] } } },
  };
}

/**
 * Runs in 5 s steps from `t` until Deployment web has `replicas` pods, all updated and
 * available (at most an hour of virtual time); returns the time reached.
 */
export function runUntilRolledOut(sim: Simulation, replicas: number, t: number): number {
  const start = t;
  while (!rolledOut(sim, replicas) && t < start + 3_600_000) sim.runUntil((t += 5_000));
  return t;
}

/**
 * The benches' rollout: `kubectl set image deployment/web web=nginx:1.28` at `t`, then the
 * cluster run until every pod is on the new image. Returns the cluster time it ended.
 */
export function rollToNewImage(sim: Simulation, kubectl: Client, replicas: number, t: number): number {
  executeKubectl(kubectl, parseKubectl('set image deployment/web web=nginx:1.28'), () => []);
  sim.runUntil((t += 1_000));
  return runUntilRolledOut(sim, replicas, t);
}

/** Every one of `replicas` pods of Deployment web is updated and available. */
export function rolledOut(sim: Simulation, replicas: number): boolean {
  const s = sim.api.get('Deployment', 'default', 'web').status ?? {};
  return (s.updatedReplicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas;
}
