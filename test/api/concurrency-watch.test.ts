import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/status.js';
import { Simulation } from '../../core/sim/cluster.js';
import type { WatchEvent } from '../../core/api/types.js';
import { createNamespace, deployment, makeSim, pod } from '../helpers.js';

const kubectl = { actor: 'kubectl' };

describe('optimistic concurrency', () => {
  it('an update with a stale resourceVersion is 409 Conflict with upstream\'s message', () => {
    const sim = makeSim();
    const v1 = sim.api.create(deployment('web'), kubectl);
    const mine = structuredClone(v1) as typeof v1;
    sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 4 } }, 'merge', { actor: 'hpa' });
    (mine.spec as { replicas: number }).replicas = 10;
    let err: ApiError | undefined;
    try {
      sim.api.update(mine, kubectl);
    } catch (e) {
      err = e as ApiError;
    }
    expect(err?.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(sim.api.get('Deployment', 'default', 'web').spec.replicas).toBe(4);
  });

  it('an update without resourceVersion is unconditional; one that changes nothing writes nothing', () => {
    const sim = makeSim();
    const v1 = sim.api.create(deployment('web'), kubectl);
    const rv = sim.api.resourceVersion;
    const same = structuredClone(v1) as typeof v1;
    delete same.metadata.resourceVersion;
    expect(sim.api.update(same, kubectl).metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
    expect(sim.api.resourceVersion).toBe(rv);
  });

  it('metadata.generation moves with spec changes only', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), kubectl);
    const scaled = sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 5 } }, 'merge', kubectl);
    expect(scaled.metadata.generation).toBe(2);
    const labelled = sim.api.patch('Deployment', 'default', 'web', { metadata: { labels: { tier: 'fe' } } }, 'merge', kubectl);
    expect(labelled.metadata.generation).toBe(2);
    const status = sim.api.patch('Deployment', 'default', 'web', { status: { replicas: 5 } }, 'merge', { actor: 'deployment-controller' }, 'status');
    expect(status.metadata.generation).toBe(2);
    expect(status.status.replicas).toBe(5);
  });
});

describe('watch', () => {
  it('a fresh watch sees existing objects as ADDED, then changes in order, each with the seq that made it', () => {
    const sim = makeSim();
    sim.api.create(pod('a'), kubectl);
    const seen: WatchEvent[] = [];
    sim.api.watch('Pod').subscribe((e) => seen.push(e));
    sim.api.patch('Pod', 'default', 'a', { metadata: { labels: { x: '1' } } }, 'merge', kubectl);
    sim.api.create(pod('b'), kubectl);
    sim.api.delete('Pod', 'default', 'b', kubectl);
    expect(seen).toHaveLength(0); // delivered by the clock, never inside the write
    sim.runUntil(10);
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'MODIFIED a', 'ADDED b', 'DELETED b']);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(seen[1]?.seq).toBe(Number(seen[1]?.object.metadata.resourceVersion));
  });

  it('resumes from a resourceVersion with only the later changes', () => {
    const sim = makeSim();
    const a = sim.api.create(pod('a'), kubectl);
    sim.api.create(pod('b'), kubectl);
    sim.api.delete('Pod', 'default', 'a', kubectl);
    const seen: string[] = [];
    sim.api.watch('Pod', { resourceVersion: a.metadata.resourceVersion as string }).subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    sim.runUntil(10);
    expect(seen).toEqual(['ADDED b', 'DELETED a']);
  });

  it('a resourceVersion older than the kept history is 410 Gone', () => {
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z', watchHistory: 5 });
    sim.bootstrap([]);
    for (let i = 0; i < 20; i++) sim.api.create(pod(`p${i}`), kubectl);
    let error: ApiError | undefined;
    sim.api.watch('Pod', { resourceVersion: '3' }).subscribe({ error: (e: ApiError) => (error = e) });
    sim.runUntil(10);
    expect(error?.code).toBe(410);
    expect(error?.reason).toBe('Expired');
    expect(error?.message).toMatch(/^too old resource version: 3 \(\d+\)$/);
  });

  it('a label-filtered watch sees objects enter as ADDED and leave as DELETED', () => {
    const sim = makeSim();
    sim.api.create(pod('a', {}, { app: 'web' }), kubectl);
    const seen: string[] = [];
    sim.api.watch('Pod', { labelSelector: 'app=web' }).subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    sim.api.patch('Pod', 'default', 'a', { metadata: { labels: { app: 'other' } } }, 'merge', kubectl);
    sim.api.patch('Pod', 'default', 'a', { metadata: { labels: { app: 'web' } } }, 'merge', kubectl);
    sim.api.create(pod('b', {}, { app: 'db' }), kubectl);
    sim.runUntil(10);
    expect(seen).toEqual(['ADDED a', 'DELETED a', 'ADDED a']);
  });

  it('a namespaced watch sees only its namespace', () => {
    const sim = makeSim();
    createNamespace(sim, 'team');
    const seen: string[] = [];
    sim.api.watch('Pod', { namespace: 'team' }).subscribe((e) => seen.push(e.object.metadata.name as string));
    sim.api.create(pod('in-default'), kubectl);
    sim.api.create({ ...pod('in-team'), metadata: { name: 'in-team', namespace: 'team' } }, kubectl);
    sim.runUntil(10);
    expect(seen).toEqual(['in-team']);
  });

  it('unsubscribing stops delivery', () => {
    const sim = makeSim();
    const seen: string[] = [];
    const sub = sim.api.watch('Pod').subscribe((e) => seen.push(e.type));
    sim.api.create(pod('a'), kubectl);
    sim.runUntil(10);
    sub.unsubscribe();
    sim.api.create(pod('b'), kubectl);
    sim.runUntil(20);
    expect(seen).toEqual(['ADDED']);
    expect(sim.api.watcherCount).toBe(0);
  });
});
