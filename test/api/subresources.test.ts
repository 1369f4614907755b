import { describe, expect, it } from 'vitest';
import type { WriteEvent } from '../../core/api/types.js';
import { deployment, makeSim, pod } from '../helpers.js';

const kubectl = { actor: 'kubectl' };

describe('subresources', () => {
  it('status: the main resource ignores status, /status ignores spec', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), kubectl);
    const withStatus = sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 7 }, status: { replicas: 99 } }, 'merge', kubectl);
    expect(withStatus.spec.replicas).toBe(7);
    expect(withStatus.status).toEqual({});
    const statusOnly = sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 1 }, status: { replicas: 3 } }, 'merge', { actor: 'deployment-controller' }, 'status');
    expect(statusOnly.spec.replicas).toBe(7);
    expect(statusOnly.status.replicas).toBe(3);
  });

  it('scale: reads and sets spec.replicas, recorded with subresource scale', () => {
    const sim = makeSim();
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    sim.api.create(deployment('web'), kubectl);
    const scale = sim.api.updateScale('Deployment', 'default', 'web', 6, kubectl);
    expect(scale).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 6 }, status: { replicas: 0, selector: 'app=web' } });
    expect(writes.at(-1)).toMatchObject({ verb: 'update', subresource: 'scale', kind: 'Deployment' });
    expect(sim.api.get('Deployment', 'default', 'web').metadata.generation).toBe(2);
    expect(() => sim.api.updateScale('Pod', 'default', 'x', 1, kubectl)).toThrow(/scale is not supported/);
  });

  it('binding: sets nodeName and PodScheduled, once', () => {
    const sim = makeSim(2);
    sim.api.create(pod('p'), kubectl);
    sim.runUntil(3000);
    const bound = sim.api.bind('default', 'p', 'node-2', { actor: 'scheduler' });
    expect(bound.spec.nodeName).toBe('node-2');
    expect(bound.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:03Z' }]);
    expect(() => sim.api.bind('default', 'p', 'node-1', { actor: 'scheduler' })).toThrow('Operation cannot be fulfilled on pods "p": pod p is already assigned to node "node-2"');
  });

  it('binding a pod and deleting it keep the stored pod\'s other values as they are: what a GET returns is what was recorded', () => {
    const sim = makeSim(1);
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    const created = sim.api.create(pod('p'), kubectl);
    const bound = sim.api.bind('default', 'p', 'node-1', { actor: 'kube-scheduler' });
    expect(bound.spec.nodeName).toBe('node-1');
    expect(bound.status.conditions.map((c: { type: string }) => c.type)).toContain('PodScheduled');
    // The containers were not copied: the bound pod holds the created pod's (frozen) ones.
    expect(bound.spec.containers).toBe(created.spec.containers);
    expect(created.spec.nodeName).toBeUndefined();
    const marked = sim.api.delete('Pod', 'default', 'p', kubectl);
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.spec).toBe(bound.spec);
    expect(bound.metadata.deletionTimestamp).toBeUndefined();
    // Each stored object's JSON, made when asked for, is the bytes its write recorded.
    expect(sim.api.getStored('Pod', 'default', 'p').json).toBe(writes.at(-1)?.objectJson);
    expect(JSON.parse(writes.find((w) => w.subresource === 'binding')?.objectJson ?? '{}')).toEqual(JSON.parse(JSON.stringify(bound)));
  });
});
