import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { refusal } from '../helpers.js';
import { cluster, isReady, web } from './cluster-helpers.js';

const pdb = (spec: Record<string, unknown>, name = 'web'): KObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
});

describe('disruption controller and the eviction API', () => {
  it('keeps the budget: 6 Ready pods under minAvailable 5 allow one disruption', () => {
    const c = cluster(3);
    c.kubectl.create(web(6));
    c.kubectl.create(pdb({ minAvailable: 5 }));
    c.run(20_000);
    const s = c.sim.api.get('PodDisruptionBudget', 'default', 'web').status;
    expect(s).toMatchObject({ currentHealthy: 6, desiredHealthy: 5, expectedPods: 6, disruptionsAllowed: 1, observedGeneration: 1 });
    expect(s.conditions[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });
    expect(c.writes.filter((w) => w.kind === 'PodDisruptionBudget' && w.subresource === 'status').every((w) => w.actor === 'disruption-controller')).toBe(true);
  });

  it('an eviction spends the allowance in the same request; the next one is refused with 429 until a replacement is Ready', () => {
    const c = cluster(3);
    c.kubectl.create(web(6, { annotations: { 'kubelapse/start-time': '3s' }, container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } } }));
    c.kubectl.create(pdb({ minAvailable: 5 }));
    c.run(30_000);
    const [a, b] = c.pods('app=web').map((p) => p.metadata.name as string);
    c.kubectl.evict('default', a as string);
    const charged = c.sim.api.get('PodDisruptionBudget', 'default', 'web').status;
    expect(charged.disruptionsAllowed).toBe(0);
    expect(Object.keys(charged.disruptedPods)).toEqual([a]);
    const write = c.writes.filter((w) => w.kind === 'PodDisruptionBudget').at(-1)!;
    expect([write.actor, write.reason]).toEqual(['kubectl', 'Eviction']);
    const refused = refusal(() => c.kubectl.evict('default', b as string));
    expect([refused.code, refused.reason, refused.message]).toEqual([429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget."]);
    // The replacement takes ~3 s to start and a probe period to be Ready; then one disruption is allowed again.
    c.run(45_000);
    expect(c.pods('app=web').filter((p) => isReady(p) && p.metadata.deletionTimestamp === undefined)).toHaveLength(6);
    expect(c.sim.api.get('PodDisruptionBudget', 'default', 'web').status.disruptionsAllowed).toBe(1);
    c.kubectl.evict('default', b as string);
  });

  it('a pod listed in disruptedPods but never deleted counts as healthy again 2 minutes after the eviction\'s timestamp', () => {
    const c = cluster(3);
    c.kubectl.create(web(6));
    c.kubectl.create(pdb({ minAvailable: 5 }));
    c.run(30_000);
    const [a] = c.pods('app=web').map((p) => p.metadata.name as string);
    // An eviction whose delete never happened: the budget was charged, the pod stays.
    c.kubectl.patchStatus('PodDisruptionBudget', 'default', 'web', { status: { disruptedPods: { [a as string]: c.sim.api.timestamp() } } }, 'merge');
    c.run(30_000 + 119_000);
    expect(c.sim.api.get('PodDisruptionBudget', 'default', 'web').status).toMatchObject({ currentHealthy: 5, disruptionsAllowed: 0, disruptedPods: { [a as string]: '2026-01-01T00:00:30Z' } });
    // Stamped 00:00:30: the entry is past its 2 minutes after 150 s and dropped at 150.001 s.
    c.run(30_000 + 121_000);
    const s = c.sim.api.get('PodDisruptionBudget', 'default', 'web').status;
    expect(s).toMatchObject({ currentHealthy: 6, disruptionsAllowed: 1 });
    expect(s.disruptedPods).toBeUndefined();
    const dropped = c.writes.filter((w) => w.kind === 'PodDisruptionBudget' && w.actor === 'disruption-controller').at(-1);
    expect(dropped?.timeMs).toBe(150_001);
  });

  it('maxUnavailable and percentages are resolved against the Deployment scale', () => {
    const c = cluster(3);
    c.kubectl.create(web(6));
    c.kubectl.create(pdb({ maxUnavailable: 1 }, 'by-max'));
    c.run(20_000);
    expect(c.sim.api.get('PodDisruptionBudget', 'default', 'by-max').status).toMatchObject({ expectedPods: 6, desiredHealthy: 5, disruptionsAllowed: 1 });
    c.kubectl.delete('PodDisruptionBudget', 'default', 'by-max');
    c.kubectl.create(pdb({ minAvailable: '50%' }, 'by-pct'));
    c.run(22_000);
    expect(c.sim.api.get('PodDisruptionBudget', 'default', 'by-pct').status).toMatchObject({ expectedPods: 6, desiredHealthy: 3, disruptionsAllowed: 3 });
  });

  it('a pod under two budgets cannot be evicted (500, as upstream); a pod already being deleted can', () => {
    const c = cluster(2);
    c.kubectl.create(web(2));
    c.kubectl.create(pdb({ minAvailable: 0 }, 'one'));
    c.kubectl.create(pdb({ minAvailable: 0 }, 'two'));
    c.run(20_000);
    const [a] = c.pods('app=web').map((p) => p.metadata.name as string);
    const e = refusal(() => c.kubectl.evict('default', a as string));
    expect([e.code, e.message]).toEqual([500, 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.']);
    c.kubectl.delete('Pod', 'default', a as string);
    expect(() => c.kubectl.evict('default', a as string)).not.toThrow();
  });
});
