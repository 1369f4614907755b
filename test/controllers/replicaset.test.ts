import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { rankPodsForDeletion } from '../../core/controllers/replicaset/pod-ranking.js';
import { slowStartBatch } from '../../core/controllers/slow-start.js';
import { Simulation } from '../../core/sim/cluster.js';
import { ControlPlane } from '../../core/sim/control-plane.js';
import { cluster, isReady, nodeShape, web } from './cluster-helpers.js';

describe('ReplicaSet controller', () => {
  it('creates pods named <rs>-<5 chars> owned by the ReplicaSet, and reports them ready in status', () => {
    const c = cluster(3);
    c.kubectl.create(web(3));
    c.run(10_000);
    const rs = c.sim.api.list('ReplicaSet').items[0] as Readonly<KObject>;
    const pods = c.pods('app=web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, controller: true, blockOwnerDeletion: true });
    }
    expect(rs.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(c.events('SuccessfulCreate').map((e) => e.message)).toEqual(expect.arrayContaining(pods.map((p) => `Created pod: ${p.metadata.name}`)));
  });

  it('never creates more pods than asked for even when its cache lags the API server by 500 ms', () => {
    const sim = new Simulation({ seed: 3, epoch: '2026-01-01T00:00:00Z', watchLatencyMs: 500 });
    const shapes = [nodeShape('node-1'), nodeShape('node-2')];
    sim.bootstrap(shapes);
    new ControlPlane(sim).start(shapes);
    sim.client('kubectl').create(web(5));
    sim.runUntil(30_000);
    const created = sim.api.list('Event').items.filter((e) => e.reason === 'SuccessfulCreate');
    expect(created).toHaveLength(5);
    expect(sim.api.list('Pod').items).toHaveLength(5);
  });

  it('slow start: batches of 1, 2, 4 ... and stops after the first batch with a failure', () => {
    expect(slowStartBatch(10, 1, () => true)).toEqual({ successes: 10, batches: [1, 2, 4, 3] });
    let calls = 0;
    const r = slowStartBatch(500, 1, (i) => {
      calls++;
      return i < 3;
    });
    // batch 1 ok, batch 2 ok, batch 4 has the failure: 7 calls, 3 successes, nothing after.
    expect(r).toEqual({ successes: 3, batches: [1, 2, 4] });
    expect(calls).toBe(7);
  });

  it('a pod relabeled out of the selector is released (ownerReference removed) and replaced', () => {
    const c = cluster(3);
    c.kubectl.create(web(3));
    c.run(10_000);
    const victim = c.pods('app=web')[0] as Readonly<KObject>;
    c.kubectl.patch('Pod', 'default', victim.metadata.name ?? '', { metadata: { labels: { app: 'debug' } } }, 'merge');
    c.run(20_000);
    const released = c.sim.api.get('Pod', 'default', victim.metadata.name ?? '');
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(c.pods('app=web').filter(isReady)).toHaveLength(3);
    const release = c.writes.find((w) => w.reason === 'Released');
    expect(release?.actor).toBe('replicaset-controller');
  });

  it('an orphan pod matching the selector is adopted instead of creating a new one', () => {
    const c = cluster(2);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    c.run(5_000);
    c.kubectl.create({ ...web(2), kind: 'ReplicaSet', metadata: { name: 'rs' } });
    c.run(15_000);
    expect(c.sim.api.get('Pod', 'default', 'stray').metadata.ownerReferences?.[0]?.name).toBe('rs');
    expect(c.pods('app=web')).toHaveLength(2);
  });

  describe('scale-down order (ActivePodsWithRanks)', () => {
    const now = Date.parse('2026-01-01T01:00:00Z');
    const pod = (name: string, o: { node?: string; phase?: string; ready?: boolean; readySince?: string; cost?: string; restarts?: number; created?: string } = {}): KObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, uid: name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z', ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}) },
      spec: o.node === undefined ? {} : { nodeName: o.node },
      status: {
        phase: o.phase ?? 'Running',
        conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? '2026-01-01T00:00:00Z' }],
        containerStatuses: [{ restartCount: o.restarts ?? 0 }],
      },
    });
    const order = (pods: KObject[], related: KObject[] = pods) => rankPodsForDeletion(pods, related, now).map((p) => p.metadata.name);

    it('unscheduled before scheduled, Pending before Running, not ready before ready', () => {
      expect(order([pod('running', { node: 'n1' }), pod('unscheduled', { phase: 'Pending' })])).toEqual(['unscheduled', 'running']);
      expect(order([pod('running', { node: 'n1' }), pod('pending', { node: 'n1', phase: 'Pending' })])).toEqual(['pending', 'running']);
      expect(order([pod('ready', { node: 'n1' }), pod('unready', { node: 'n1', ready: false })])).toEqual(['unready', 'ready']);
    });

    it('lower deletion cost first, then the node with more related pods', () => {
      expect(order([pod('cheap', { node: 'n1', cost: '-10' }), pod('dear', { node: 'n1', cost: '100' })].reverse())).toEqual(['cheap', 'dear']);
      const crowded = [pod('a', { node: 'n1' }), pod('b', { node: 'n1' }), pod('alone', { node: 'n2' })];
      expect(order(crowded)[2]).toBe('alone');
    });

    it('ready for less time first (log2 buckets), then more restarts, then newer', () => {
      expect(order([pod('old', { node: 'n1', readySince: '2026-01-01T00:00:00Z' }), pod('new', { node: 'n2', readySince: '2026-01-01T00:59:50Z' })])).toEqual(['new', 'old']);
      expect(order([pod('calm', { node: 'n1' }), pod('flappy', { node: 'n2', restarts: 4 })])).toEqual(['flappy', 'calm']);
      expect(order([pod('elder', { node: 'n1', created: '2026-01-01T00:00:00Z', readySince: '2026-01-01T00:00:00Z' }), pod('young', { node: 'n2', created: '2026-01-01T00:59:00Z', readySince: '2026-01-01T00:00:00Z' })])).toEqual(['young', 'elder']);
    });
  });
});
