import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { drain } from '../../core/kubectl/node-commands.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { ScenarioSession } from '../../core/scenario/session.js';
import { tmpDir } from '../helpers.js';
import { chaosNodes, expectVerifiedRecording, quiet, runChaosScript } from './chaos-harness.js';

/*
 * Chaos: objects of every kind deleted out from under every component at random
 * virtual moments (namespaces, also force-finalized and re-created; nodes removed, down,
 * up, added, drained; pods, ReplicaSets, Deployments, DaemonSets, ControllerRevisions,
 * Services, EndpointSlices, Leases, Events, HPAs, PDBs), with traffic flowing. Each run must end without an exception,
 * without a single refused write escaping a component (the diagnostics defence is a last
 * line, never needed), with a recording that verifies, and with the namespace invariants:
 * the controller finalizes only empty namespaces, and one deleted for good ends gone and
 * empty once the cluster is whole again.
 */

const NAMESPACES = ['team-a', 'team-b'] as const;
const KINDS = ['Pod', 'ReplicaSet', 'Deployment', 'DaemonSet', 'ControllerRevision', 'Service', 'EndpointSlice', 'Event', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'] as const;
const CHAOS_END_MS = 90_000;
const SETTLE_END_MS = 300_000;

type Action =
  | { type: 'delete-namespace'; ns: number }
  | { type: 'force-finalize'; ns: number }
  | { type: 'create-namespace'; ns: number }
  | { type: 'delete'; kind: number; ns: number; pick: number; grace0: boolean }
  | { type: 'delete-lease'; node: number }
  | { type: 'remove-node'; node: number }
  | { type: 'node-down'; node: number }
  | { type: 'node-up'; node: number }
  | { type: 'add-node' }
  | { type: 'drain'; node: number }
  | { type: 'scale'; ns: number; replicas: number };

const nsIndex = fc.integer({ min: 0, max: NAMESPACES.length - 1 });
const nodeIndex = fc.integer({ min: 0, max: 5 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: nsIndex.map((ns) => ({ type: 'delete-namespace' as const, ns })) },
  { weight: 1, arbitrary: nsIndex.map((ns) => ({ type: 'force-finalize' as const, ns })) },
  { weight: 3, arbitrary: nsIndex.map((ns) => ({ type: 'create-namespace' as const, ns })) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('delete' as const), kind: fc.integer({ min: 0, max: KINDS.length - 1 }), ns: nsIndex, pick: fc.nat(20), grace0: fc.boolean() }) },
  { weight: 2, arbitrary: nodeIndex.map((node) => ({ type: 'delete-lease' as const, node })) },
  { weight: 1, arbitrary: nodeIndex.map((node) => ({ type: 'remove-node' as const, node })) },
  { weight: 1, arbitrary: nodeIndex.map((node) => ({ type: 'node-down' as const, node })) },
  { weight: 1, arbitrary: nodeIndex.map((node) => ({ type: 'node-up' as const, node })) },
  { weight: 1, arbitrary: fc.constant({ type: 'add-node' as const }) },
  { weight: 1, arbitrary: nodeIndex.map((node) => ({ type: 'drain' as const, node })) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('scale' as const), ns: nsIndex, replicas: fc.integer({ min: 0, max: 4 }) }) },
);
const plan = fc.array(fc.record({ atMs: fc.integer({ min: 1, max: CHAOS_END_MS / 100 }).map((t) => t * 100), action }), { minLength: 5, maxLength: 25 });

function workload(ns: string): KObject[] {
  const labels = { app: 'web' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 3, selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { 'kubelapse/cpu-per-request': '5m', 'kubelapse/on-sigterm': 'drain 3s' } },
          spec: { terminationGracePeriodSeconds: 10, containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } }, readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } }] },
        },
      },
    },
    {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'agent', image: 'busybox:1.36', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 2 } }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: labels, ports: [{ port: 80 }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: ns }, spec: { minAvailable: 2, selector: { matchLabels: labels } } },
    {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: ns },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    },
  ];
}

/** Runs one chaos plan into a recording; returns what the assertions need. */
function runChaos(steps: Array<{ atMs: number; action: Action }>, file: string) {
  const dir = path.dirname(file);
  const session = new ScenarioSession(emptyScenario({ dir, name: 'chaos', title: 'chaos', nodes: 3 }), { output: file, epoch: '2026-01-01T00:00:00Z' });
  const { sim, plane } = session;
  const kubectl = sim.client('kubectl');
  const fate = new Map<string, 'live' | 'deleted' | 'forced'>();
  const emptyAtFinalize: string[] = [];
  sim.api.writes$.subscribe((w) => {
    if (w.kind === 'Namespace' && w.verb === 'delete' && w.actor === 'namespace-controller') {
      for (const k of KINDS) for (const o of sim.api.list(k, { namespace: w.name }).items) emptyAtFinalize.push(`${w.name}: ${k}/${o.metadata.name}`);
    }
  });
  const { nodes, nodeAt } = chaosNodes(session);
  let added = 0;
  const create = (ns: string): void => {
    for (const o of workload(ns)) quiet(() => kubectl.create(o));
    plane.traffic.set(`${ns}/web`, 40);
    fate.set(ns, 'live');
  };
  const act = (a: Action): void => {
    const ns = NAMESPACES[('ns' in a ? a.ns : 0) % NAMESPACES.length] as string;
    switch (a.type) {
      case 'create-namespace':
        return create(ns);
      case 'delete-namespace':
        quiet(() => kubectl.delete('Namespace', null, ns));
        if (fate.get(ns) === 'live') fate.set(ns, 'deleted');
        return;
      case 'force-finalize':
        quiet(() => {
          const marked = kubectl.delete('Namespace', null, ns);
          kubectl.finalize({ ...(marked as KObject), spec: { finalizers: [] } });
          fate.set(ns, 'forced');
        });
        return;
      case 'delete': {
        const kind = KINDS[a.kind] as string;
        const items = sim.api.list(kind, { namespace: ns }).items;
        const victim = items[a.pick % Math.max(1, items.length)];
        if (victim !== undefined) quiet(() => kubectl.delete(kind, ns, victim.metadata.name ?? '', a.grace0 ? { gracePeriodSeconds: 0 } : {}));
        return;
      }
      case 'delete-lease':
        return quiet(() => kubectl.delete('Lease', 'kube-node-lease', nodeAt(a.node)));
      case 'remove-node':
        return nodes().length > 1 ? quiet(() => plane.removeNode(nodeAt(a.node))) : undefined;
      case 'node-down':
        return quiet(() => plane.nodeDown(nodeAt(a.node)));
      case 'node-up':
        return quiet(() => plane.nodeUp(nodeAt(a.node)));
      case 'add-node':
        return quiet(() => plane.addNode({ name: `extra-${++added}`, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] }));
      case 'drain':
        return quiet(() => drain(kubectl, nodeAt(a.node), { force: true, ignoreDaemonsets: true }, { after: (ms, fn, label) => void sim.scheduler.after(ms, fn, label), report: () => undefined }));
      case 'scale':
        return quiet(() => kubectl.scale('Deployment', ns, 'web', a.replicas));
    }
  };
  const thrown = runChaosScript(session, steps, act, { chaosEndMs: CHAOS_END_MS, endMs: SETTLE_END_MS }, () => {
    for (const ns of NAMESPACES) create(ns);
  });
  const leftovers = [...fate].filter(([, f]) => f === 'deleted').flatMap(([ns]) => [
    ...(sim.api.tryGet('Namespace', null, ns) === undefined ? [] : [`namespace ${ns} still ${sim.api.get('Namespace', null, ns).status?.phase}`]),
    ...KINDS.flatMap((k) => sim.api.list(k, { namespace: ns }).items.map((o) => `${ns}: ${k}/${o.metadata.name}`)),
  ]);
  return { thrown, diagnostics: sim.diagnostics.diagnostics, emptyAtFinalize, leftovers, events: session.recorder.count };
}

describe('chaos: objects deleted out from under every component', () => {
  it('no run throws, no refused write escapes, every recording verifies, deleted namespaces end empty', () => {
    const dir = tmpDir('kubelapse-chaos-');
    let n = 0;
    fc.assert(
      fc.property(plan, (steps) => {
        const file = path.join(dir, `chaos-${n++}.db`);
        const r = runChaos(steps, file);
        expect(r.thrown).toBeUndefined();
        expect(r.diagnostics).toEqual([]);
        expect(r.emptyAtFinalize).toEqual([]);
        expect(r.leftovers).toEqual([]);
        expectVerifiedRecording(file, r.events);
      }),
      { seed: Number(process.env.CHAOS_SEED ?? 20261122), numRuns: Number(process.env.CHAOS_RUNS ?? 30), endOnFailure: true },
    );
  }, 120_000);
});
