import { describe, expect, it } from 'vitest';
import type { WriteEvent } from '../../core/api/types.js';
import { deployment, makeSim, pod } from '../helpers.js';

const kubectl = { actor: 'kubectl' };

describe('graceful deletion and finalizers', () => {
  it('a scheduled pod is marked with deletionTimestamp = now + 30 s and stays until a grace-0 delete', () => {
    const sim = makeSim(1);
    sim.api.create(pod('p', { nodeName: 'node-1' }), kubectl);
    sim.runUntil(10_000);
    const marked = sim.api.delete('Pod', 'default', 'p', kubectl);
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:40Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(sim.api.tryGet('Pod', 'default', 'p')).toBeDefined();
    sim.api.delete('Pod', 'default', 'p', { actor: 'kubelet/node-1' }, { gracePeriodSeconds: 0 });
    expect(sim.api.tryGet('Pod', 'default', 'p')).toBeUndefined();
  });

  it('records the mark as an update and the removal as a delete carrying the last state', () => {
    const sim = makeSim(1);
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    sim.api.create(pod('p', { nodeName: 'node-1' }), kubectl);
    sim.api.delete('Pod', 'default', 'p', kubectl, { gracePeriodSeconds: 5 });
    sim.api.delete('Pod', 'default', 'p', { actor: 'kubelet/node-1' }, { gracePeriodSeconds: 0 });
    expect(writes.map((w) => `${w.verb} by ${w.actor}`)).toEqual(['create by kubectl', 'update by kubectl', 'delete by kubelet/node-1']);
    expect(JSON.parse((writes[2] as WriteEvent).objectJson).metadata.deletionGracePeriodSeconds).toBe(0);
  });

  it('an unscheduled pod is removed at once, whatever the grace period', () => {
    const sim = makeSim();
    sim.api.create(pod('p'), kubectl);
    sim.api.delete('Pod', 'default', 'p', kubectl);
    expect(sim.api.tryGet('Pod', 'default', 'p')).toBeUndefined();
  });

  it('a second delete may shorten the grace period but not lengthen it', () => {
    const sim = makeSim(1);
    sim.api.create(pod('p', { nodeName: 'node-1', terminationGracePeriodSeconds: 60 }), kubectl);
    sim.api.delete('Pod', 'default', 'p', kubectl);
    sim.runUntil(2000);
    const rv = sim.api.resourceVersion;
    sim.api.delete('Pod', 'default', 'p', kubectl, { gracePeriodSeconds: 90 });
    expect(sim.api.resourceVersion).toBe(rv);
    const shorter = sim.api.delete('Pod', 'default', 'p', kubectl, { gracePeriodSeconds: 5 });
    expect(shorter.metadata.deletionTimestamp).toBe('2026-01-01T00:00:07Z');
    expect(shorter.metadata.deletionGracePeriodSeconds).toBe(5);
  });

  it('an object with finalizers waits for the last one to be removed, then goes', () => {
    const sim = makeSim();
    sim.api.create({ ...deployment('web'), metadata: { name: 'web', finalizers: ['example.com/cleanup'] } }, kubectl);
    const marked = sim.api.delete('Deployment', 'default', 'web', kubectl);
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.generation).toBe(2);
    expect(() => sim.api.patch('Deployment', 'default', 'web', { metadata: { finalizers: ['example.com/cleanup', 'another'] } }, 'merge', kubectl)).toThrow(/no new finalizers can be added/);
    sim.api.patch('Deployment', 'default', 'web', { metadata: { finalizers: null } }, 'merge', { actor: 'cleanup-controller' });
    expect(sim.api.tryGet('Deployment', 'default', 'web')).toBeUndefined();
  });

  it('foreground and orphan propagation add their finalizers for the garbage collector', () => {
    const sim = makeSim();
    sim.api.create(deployment('a'), kubectl);
    sim.api.create(deployment('b'), kubectl);
    expect(sim.api.delete('Deployment', 'default', 'a', kubectl, { propagationPolicy: 'Foreground' }).metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(sim.api.delete('Deployment', 'default', 'b', kubectl, { propagationPolicy: 'Orphan' }).metadata.finalizers).toEqual(['orphan']);
  });

  it('a delete with a stale uid precondition is a Conflict', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), kubectl);
    expect(() => sim.api.delete('Deployment', 'default', 'web', kubectl, { preconditions: { uid: 'not-it' } })).toThrow(/Precondition failed: UID in precondition: not-it/);
  });
});
