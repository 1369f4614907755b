import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster, isReady, web } from './cluster-helpers.js';

describe('node lifecycle and taint eviction', () => {
  it('a silent node: Unknown after the 50 s grace (v1.32), unreachable taints, pods not Ready, evicted 300 s after the taint, replaced', () => {
    const c = cluster(3);
    c.kubectl.create(web(3));
    c.run(25_000);
    const onNode2 = c.pods('app=web').filter((p) => p.spec.nodeName === 'node-2');
    expect(onNode2.length).toBe(1);
    c.plane.nodeDown('node-2');
    // Last renewal at 20 s. More than 50 s without one is first seen by the monitor's
    // check at 75 s (it runs every 5 s; at 70 s exactly 50 s have passed, not more).
    const lastRenewal = c.writes.filter((w) => w.kind === 'Lease' && w.name === 'node-2').at(-1)?.timeMs as number;
    expect(lastRenewal).toBe(20_000);
    c.run(lastRenewal + 50_000);
    expect(c.sim.api.get('Node', null, 'node-2').status.conditions.find((x: { type: string }) => x.type === 'Ready').status).toBe('True');
    c.run(lastRenewal + 56_000);
    expect(c.writes.find((w) => w.reason === 'NodeNotReady' && w.kind === 'Node')?.timeMs).toBe(75_000);
    const node = c.sim.api.get('Node', null, 'node-2');
    expect(node.status.conditions.find((x: { type: string }) => x.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node.spec.taints.map((x: { key: string; effect: string }) => `${x.key}:${x.effect}`).sort()).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    const victim = c.sim.api.get('Pod', 'default', onNode2[0]?.metadata.name ?? '');
    expect(isReady(victim)).toBe(false);
    const taintedAt = c.writes.find((w) => w.reason === 'TaintNode')?.timeMs ?? 0;
    c.run(taintedAt + 299_000);
    expect(c.sim.api.get('Pod', 'default', victim.metadata.name ?? '').metadata.deletionTimestamp).toBeUndefined();
    c.run(taintedAt + 330_000);
    const evicted = c.sim.api.get('Pod', 'default', victim.metadata.name ?? '');
    expect(evicted.metadata.deletionTimestamp).toBeDefined(); // stays Terminating: no kubelet to confirm
    expect(evicted.status.conditions.find((x: { type: string }) => x.type === 'DisruptionTarget')).toMatchObject({ reason: 'DeletionByTaintManager' });
    expect(c.pods('app=web').filter((p) => isReady(p) && p.metadata.deletionTimestamp === undefined)).toHaveLength(3);
    c.plane.nodeUp('node-2');
    c.run(taintedAt + 360_000);
    expect(c.sim.api.tryGet('Pod', 'default', victim.metadata.name ?? '')).toBeUndefined();
    expect(c.sim.api.get('Node', null, 'node-2').spec.taints).toBeUndefined();
  });
});

describe('garbage collector', () => {
  const setup = () => {
    const c = cluster(2);
    c.kubectl.create(web(2));
    c.run(15_000);
    return c;
  };

  it('background: deleting a Deployment deletes its ReplicaSet, then its pods', () => {
    const c = setup();
    c.kubectl.delete('Deployment', 'default', 'web');
    c.run(60_000);
    expect(c.sim.api.list('ReplicaSet', { namespace: 'default' }).items).toHaveLength(0);
    expect(c.pods('app=web')).toHaveLength(0);
    expect(c.writes.filter((w) => w.actor === 'garbage-collector' && w.reason === 'GarbageCollected').map((w) => w.kind).sort()).toEqual(['Pod', 'Pod', 'ReplicaSet']);
  });

  it('orphan: the ReplicaSet and pods stay, without owner references', () => {
    const c = setup();
    c.kubectl.delete('Deployment', 'default', 'web', { propagationPolicy: 'Orphan' });
    c.run(30_000);
    expect(c.sim.api.tryGet('Deployment', 'default', 'web')).toBeUndefined();
    const rs = c.sim.api.list('ReplicaSet', { namespace: 'default' }).items[0] as Readonly<KObject>;
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect(c.pods('app=web')).toHaveLength(2);
  });

  it('foreground: the Deployment stays (deletionTimestamp, finalizer) until its dependents are gone', () => {
    const c = setup();
    c.kubectl.delete('Deployment', 'default', 'web', { propagationPolicy: 'Foreground' });
    c.run(15_001);
    expect(c.sim.api.get('Deployment', 'default', 'web').metadata.finalizers).toEqual(['foregroundDeletion']);
    c.run(60_000);
    expect(c.sim.api.tryGet('Deployment', 'default', 'web')).toBeUndefined();
    expect(c.pods('app=web')).toHaveLength(0);
    const podsGone = Math.max(...c.writes.filter((w) => w.kind === 'Pod' && w.namespace === 'default' && w.verb === 'delete').map((w) => w.seq));
    const deploymentGone = c.writes.find((w) => w.kind === 'Deployment' && w.verb === 'delete')?.seq ?? 0;
    expect(deploymentGone).toBeGreaterThan(podsGone);
  });
});
