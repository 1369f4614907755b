import type { KObject, WriteEvent } from '../../core/api/types.js';
import { ControlPlane, type ControlPlaneOptions } from '../../core/sim/control-plane.js';
import { Simulation, type NodeShape } from '../../core/sim/cluster.js';

export interface Cluster {
  sim: Simulation;
  plane: ControlPlane;
  writes: WriteEvent[];
  kubectl: ReturnType<Simulation['client']>;
  run(untilMs: number): void;
  /** Pods and Events of the default namespace (kube-system holds CoreDNS's). */
  pods(selector?: string): Array<Readonly<KObject>>;
  events(reason: string): Array<Readonly<KObject>>;
}

export function nodeShape(name: string, cpu = '4', extra: Partial<NodeShape> = {}): NodeShape {
  return { name, cpu, memory: '8Gi', pods: 110, labels: {}, taints: [], ...extra };
}

/** A simulated cluster with every component running and every write kept in order. */
export function cluster(nodes: number | NodeShape[] = 3, options: ControlPlaneOptions = {}, seed = 1): Cluster {
  const sim = new Simulation({ seed, epoch: '2026-01-01T00:00:00Z' });
  const writes: WriteEvent[] = [];
  sim.api.writes$.subscribe((w) => writes.push(w));
  const shapes = typeof nodes === 'number' ? Array.from({ length: nodes }, (_, i) => nodeShape(`node-${i + 1}`)) : nodes;
  sim.bootstrap(shapes);
  const plane = new ControlPlane(sim, options).start(shapes);
  return {
    sim,
    plane,
    writes,
    kubectl: sim.client('kubectl'),
    run: (t) => sim.runUntil(t),
    // The default namespace's: kube-system has CoreDNS's pods and their events too.
    pods: (selector) => sim.api.list('Pod', { namespace: 'default', ...(selector === undefined ? {} : { labelSelector: selector }) }).items,
    events: (reason) => sim.api.list('Event', { namespace: 'default' }).items.filter((e) => e.reason === reason),
  };
}

export function web(replicas = 3, extra: { annotations?: Record<string, string>; container?: Record<string, unknown>; strategy?: unknown; minReadySeconds?: number; progressDeadlineSeconds?: number; spec?: Record<string, unknown> } = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      ...(extra.strategy !== undefined ? { strategy: extra.strategy } : {}),
      ...(extra.minReadySeconds !== undefined ? { minReadySeconds: extra.minReadySeconds } : {}),
      ...(extra.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: extra.progressDeadlineSeconds } : {}),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...(extra.container ?? {}) }], ...(extra.spec ?? {}) },
      },
    },
  };
}

export const isReady = (p: Readonly<KObject>): boolean => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
