import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { ScenarioSession } from '../../core/scenario/session.js';
import { tmpDir } from '../helpers.js';
import { chaosNodes, expectVerifiedRecording, quiet, runChaosScript } from './chaos-harness.js';

/*
 * Chaos for the StatefulSet controller, the volume binder, the provisioner, the
 * protection controllers and the scheduler's volume binding: pods, claims, volumes,
 * revisions, StorageClasses, Events and the sets themselves deleted out from under them
 * (finalizers force-removed too), sets scaled and updated, nodes down, up and removed,
 * at random virtual moments. No run may throw, no refused write may escape a component,
 * and every recording verifies.
 */

const KINDS = ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'ControllerRevision', 'StatefulSet', 'Event', 'StorageClass'] as const;
const CHAOS_END_MS = 90_000;
const END_MS = 200_000;

type Action =
  | { type: 'delete'; kind: number; pick: number; unfinalize: boolean }
  | { type: 'scale'; set: number; replicas: number }
  | { type: 'image'; set: number; v: number }
  | { type: 'node-down' | 'node-up' | 'remove-node'; node: number }
  | { type: 'recreate'; set: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant('delete' as const), kind: fc.integer({ min: 0, max: KINDS.length - 1 }), pick: fc.nat(20), unfinalize: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('scale' as const), set: fc.nat(1), replicas: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('image' as const), set: fc.nat(1), v: fc.integer({ min: 27, max: 29 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('node-down' as const, 'node-up' as const, 'remove-node' as const), node: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('recreate' as const), set: fc.nat(1) }) },
);
const plan = fc.array(fc.record({ atMs: fc.integer({ min: 1, max: CHAOS_END_MS / 100 }).map((t) => t * 100), action }), { minLength: 5, maxLength: 25 });

function statefulSet(name: string, policy: Record<string, string>, management: string): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default' },
    spec: {
      replicas: 2, serviceName: name, podManagementPolicy: management, persistentVolumeClaimRetentionPolicy: policy,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 3, containers: [{ name: 'c', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

const SETS = [statefulSet('db', { whenDeleted: 'Delete', whenScaled: 'Delete' }, 'OrderedReady'), statefulSet('cache', { whenDeleted: 'Retain', whenScaled: 'Retain' }, 'Parallel')];

function runChaos(steps: Array<{ atMs: number; action: Action }>, file: string) {
  const session = new ScenarioSession(emptyScenario({ dir: path.dirname(file), name: 'chaos', title: 'chaos', nodes: 3 }), { output: file, epoch: '2026-01-01T00:00:00Z' });
  const { sim, plane } = session;
  const kubectl = sim.client('kubectl');
  const { nodes, nodeAt } = chaosNodes(session);
  const act = (a: Action): void => {
    switch (a.type) {
      case 'delete': {
        const kind = KINDS[a.kind] as string;
        const items = sim.api.list(kind, kind === 'PersistentVolume' || kind === 'StorageClass' ? {} : { namespace: 'default' }).items;
        const victim = items[a.pick % Math.max(1, items.length)];
        if (victim === undefined) return;
        const ns = victim.metadata.namespace ?? null;
        quiet(() => kubectl.delete(kind, ns, victim.metadata.name ?? ''));
        if (a.unfinalize) quiet(() => kubectl.patch(kind, ns, victim.metadata.name ?? '', { metadata: { finalizers: null } }, 'merge'));
        return;
      }
      case 'scale':
        return quiet(() => kubectl.scale('StatefulSet', 'default', SETS[a.set]?.metadata.name ?? '', a.replicas));
      case 'image':
        return quiet(() => kubectl.patch('StatefulSet', 'default', SETS[a.set]?.metadata.name ?? '', { spec: { template: { spec: { containers: [{ name: 'c', image: `nginx:1.${a.v}` }] } } } }, 'strategic'));
      case 'recreate':
        return quiet(() => kubectl.create(SETS[a.set] as KObject));
      case 'node-down':
        return quiet(() => plane.nodeDown(nodeAt(a.node)));
      case 'node-up':
        return quiet(() => plane.nodeUp(nodeAt(a.node)));
      case 'remove-node':
        return nodes().length > 1 ? quiet(() => plane.removeNode(nodeAt(a.node))) : undefined;
    }
  };
  const thrown = runChaosScript(session, steps, act, { chaosEndMs: CHAOS_END_MS, endMs: END_MS }, () => {
    for (const s of SETS) quiet(() => kubectl.create(s));
  });
  return { thrown, diagnostics: sim.diagnostics.diagnostics, events: session.recorder.count };
}

describe('chaos: StatefulSets and volumes with their objects deleted out from under them', () => {
  it('no run throws, no refused write escapes, every recording verifies', () => {
    const dir = tmpDir('kubelapse-sts-chaos-');
    let n = 0;
    fc.assert(
      fc.property(plan, (steps) => {
        const file = path.join(dir, `chaos-${n++}.db`);
        const r = runChaos(steps, file);
        expect(r.thrown).toBeUndefined();
        expect(r.diagnostics).toEqual([]);
        expectVerifiedRecording(file, r.events);
      }),
      { seed: Number(process.env.CHAOS_SEED ?? 20261313), numRuns: Number(process.env.CHAOS_RUNS ?? 20), endOnFailure: true },
    );
  }, 120_000);
});
