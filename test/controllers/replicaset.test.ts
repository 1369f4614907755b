import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
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
    const created = sim.api.list('Event', { namespace: 'default' }).items.filter((e) => e.reason === 'SuccessfulCreate');
    expect(created).toHaveLength(5);
    expect(sim.api.list('Pod', { namespace: 'default' }).items).toHaveLength(5);
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
});
