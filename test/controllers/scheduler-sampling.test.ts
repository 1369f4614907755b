import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { numFeasibleNodesToFind } from '../../core/scheduler/feasible-nodes.js';
import { cluster, nodeShape } from './cluster-helpers.js';

/** `count` small nodes (4 CPU, 8Gi) and, last by name, one big one (64 CPU, 256Gi). */
function shapes(count: number): ReturnType<typeof nodeShape>[] {
  const names = Array.from({ length: count }, (_, i) => `n-${String(i).padStart(3, '0')}`);
  return names.map((name, i) => (i === count - 1 ? nodeShape(name, '64', { memory: '256Gi' }) : nodeShape(name, '4')));
}

function barePod(name: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
  };
}

/** Six bare pods created at once, after the cluster settled: the node each was bound to. */
function placeSix(count: number): string[] {
  const c = cluster(shapes(count));
  c.run(10_000);
  for (let i = 0; i < 6; i++) c.kubectl.create(barePod(`p-${i}`));
  c.run(12_000);
  return Array.from({ length: 6 }, (_, i) => c.sim.api.get('Pod', 'default', `p-${i}`).spec?.nodeName as string);
}

describe('scheduler: percentageOfNodesToScore (numFeasibleNodesToFind)', () => {
  it('looks for all nodes below 100, then 50 - nodes/125 percent, at least 5 % and at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(3)).toBe(3);
    expect(numFeasibleNodesToFind(99)).toBe(99);
    expect(numFeasibleNodesToFind(150)).toBe(100); // 49 % = 73, raised to 100
    expect(numFeasibleNodesToFind(200)).toBe(100); // 49 % = 98
    expect(numFeasibleNodesToFind(1000)).toBe(420); // 42 %
    expect(numFeasibleNodesToFind(5000)).toBe(500); // 10 %
    expect(numFeasibleNodesToFind(6000)).toBe(300); // 50 - 48 = 2 %, raised to 5 %
  });

  it('at 150 nodes a pod is scored against the next 100 only, so the one big node takes 4 of 6 pods, not all', () => {
    // Each pod's filtering starts where the previous one stopped (100 nodes later): three
    // windows of 100 cover 150 nodes twice, so the big node is among the candidates of
    // exactly 4 of 6 consecutive pods, wherever the first window started.
    const placed = placeSix(150);
    expect(placed.filter((n) => n === 'n-149')).toHaveLength(4);
    expect(placed.every((n) => /^n-\d{3}$/.test(n))).toBe(true);
  }, 60_000);

  it('below 100 nodes every node is scored: the big node takes all 6', () => {
    expect(placeSix(99)).toEqual(Array(6).fill('n-098'));
  }, 60_000);
});
