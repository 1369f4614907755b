import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster } from '../controllers/cluster-helpers.js';

/*
 * Live mode's scheduler schedules at most 16 pods a cycle and the rest in a cycle due at
 * once (SchedulerOptions.podsPerCycle), so a request waits for 16 pods' filtering and
 * binding, not a rollout's 250 (0.37-0.81 s at 10,000 pods). A recorded simulation keeps
 * one cycle for every ready pod.
 */
function boundAtTaskEnds(stepwise: boolean): number[] {
  const c = cluster(3, { stepwiseSyncs: stepwise });
  for (let i = 0; i < 40; i++) {
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } as KObject);
  }
  const bound = (): number => c.pods().filter((p) => (p.spec?.nodeName ?? '') !== '').length;
  const counts: number[] = [];
  for (let tasks = 0; tasks < 100_000 && counts.at(-1) !== 40; tasks++) {
    c.sim.runUntil(10_000, () => true);
    const n = bound();
    if (n !== (counts.at(-1) ?? 0)) counts.push(n);
  }
  return counts;
}

describe('scheduler cycles in live mode', () => {
  it('binds 40 pending pods 16 a task', () => {
    expect(boundAtTaskEnds(true)).toEqual([16, 32, 40]);
  });

  it('in a recorded simulation one cycle binds all 40', () => {
    expect(boundAtTaskEnds(false)).toEqual([40]);
  });

  it('goes on from where its last cycle stopped: the same pods on the same nodes as one cycle, a pod deleted meanwhile never bound', () => {
    const placed = (stepwise: boolean, meanwhile: (c: ReturnType<typeof cluster>) => void): Array<[string, string]> => {
      const c = cluster(3, { stepwiseSyncs: stepwise });
      for (let i = 0; i < 40; i++) {
        c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } as KObject);
      }
      // Until the first cycle has bound its pods (16 in live mode, 40 otherwise).
      for (let tasks = 0; tasks < 100_000 && c.pods().every((p) => (p.spec?.nodeName ?? '') === ''); tasks++) c.sim.runUntil(10_000, () => true);
      meanwhile(c);
      c.run(10_000);
      // In binding order: the Binding writes, as recorded.
      return c.writes.filter((w) => w.kind === 'Pod' && w.namespace === 'default' && w.subresource === 'binding').map((w) => [w.name, String((w.object as KObject).spec?.nodeName ?? '')] as [string, string]);
    };
    const whole = placed(false, () => undefined);
    expect(whole).toHaveLength(40);
    // The order a fresh sort gives each cycle is the order the carried rest keeps.
    expect(placed(true, () => undefined)).toEqual(whole);
    const withDelete = placed(true, (c) => c.kubectl.delete('Pod', 'default', 'p-30'));
    expect(withDelete.map(([n]) => n)).not.toContain('p-30');
    expect(withDelete).toHaveLength(39);
  });
});
