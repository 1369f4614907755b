import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { equivalenceGroups, planScaleUp, reasonsMessage, scaleUpInfoText } from '../../core/autoscaler/scale-up.js';
import type { Snapshot } from '../../core/autoscaler/snapshot.js';
import { templateNode } from '../../core/autoscaler/template-node.js';
import type { NodeGroupSpec } from '../../core/scenario/types.js';
import { Rng } from '../../core/sim/rng.js';
import { owned, testPod } from './fixtures.js';

const groupOf = (name: string, max: number, cpu = '4', extra: Partial<NodeGroupSpec['shape']> = {}): NodeGroupSpec => ({ name, min: 1, max, shape: { cpu, memory: '8Gi', pods: 110, labels: {}, taints: [], ...extra }, provisioningDelayMs: 60_000 });
const replicas = (n: number, cpu: number, extra: Partial<KObject> = {}): KObject[] => Array.from({ length: n }, (_, i) => {
  const p = testPod(`web-${i}`, cpu, 0, extra);
  return { ...p, metadata: { ...p.metadata, ...owned('ReplicaSet', 'web').metadata, name: `web-${i}`, uid: `uid-web-${i}` } };
});
const input = (groups: NodeGroupSpec[], sizes: Record<string, number>) => ({
  groups,
  targetSize: (g: string) => sizes[g] ?? 0,
  addTemplate: (g: NodeGroupSpec, s: Snapshot, name: string) => s.addNode(templateNode(g, name)),
  maxNodesPerScaleUp: 1000,
  rng: new Rng(1, 'cluster-autoscaler'),
});

describe('scale-up orchestrator (after upstream orchestrator_test.go)', () => {
  it('grows the group by the binpacked count, the info printed as upstream prints ScaleUpInfo', () => {
    const r = planScaleUp(replicas(23, 500), input([groupOf('pool', 10)], { pool: 1 }));
    expect(r.result).toBe('Successful');
    expect(r.infos).toEqual([{ group: 'pool', currentSize: 1, newSize: 4, maxSize: 10 }]);
    expect(scaleUpInfoText(r.infos)).toBe('[{pool 1->4 (max: 10)}]');
    expect(r.triggered.length).toBe(23);
  });

  it('caps the scale-up at the group max: the estimate stops adding nodes at the room left', () => {
    const r = planScaleUp(replicas(40, 500), input([groupOf('pool', 3)], { pool: 1 }));
    expect(r.infos).toEqual([{ group: 'pool', currentSize: 1, newSize: 3, maxSize: 3 }]);
    // Two new nodes hold 16 of the 40; upstream still names only the pods the option can place.
    expect(r.triggered.length).toBe(16);
  });

  it('a group at its max is skipped: "max node group size reached"', () => {
    const r = planScaleUp(replicas(2, 500), input([groupOf('pool', 3)], { pool: 3 }));
    expect(r.result).toBe('NoOptionsAvailable');
    expect(r.remaining.length).toBe(2);
    expect(reasonsMessage(r.remaining[0]!)).toBe('1 max node group size reached');
  });

  it("a pod no template fits gets each group's filter reasons, counted and sorted", () => {
    const big = replicas(1, 6000, { spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '6' } } }], nodeSelector: { disk: 'ssd' } } });
    const groups = [groupOf('small', 10), groupOf('ssd', 10, '4', { labels: { disk: 'ssd' } }), groupOf('full', 2)];
    const r = planScaleUp(big, input(groups, { small: 1, ssd: 1, full: 2 }));
    expect(r.result).toBe('NoOptionsAvailable');
    expect(reasonsMessage(r.remaining[0]!)).toBe("1 Insufficient cpu, 1 max node group size reached, 1 node(s) didn't match Pod's node affinity/selector");
  });

  it('a group whose template taint the pods do not tolerate is no option; another group is picked', () => {
    const tainted = groupOf('gpu', 10, '4', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
    const r = planScaleUp(replicas(3, 500), input([tainted, groupOf('pool', 10)], { gpu: 0, pool: 1 }));
    expect(r.infos.map((i) => i.group)).toEqual(['pool']);
  });

  it('the random expander draws from the seeded stream: same seed, same pick', () => {
    const groups = [groupOf('a', 10), groupOf('b', 10), groupOf('c', 10)];
    const pick = (seed: number) => planScaleUp(replicas(3, 500), { ...input(groups, {}), rng: new Rng(seed, 'cluster-autoscaler') }).infos[0]!.group;
    const picks = [1, 2, 3, 4, 5, 6, 7, 8].map(pick);
    expect(picks).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(pick));
    expect(new Set(picks).size).toBeGreaterThan(1);
  });

  it('pods of one controller with one spec form one equivalence group; a bare pod is its own', () => {
    const bare = testPod('bare', 500, 0);
    expect(equivalenceGroups([...replicas(3, 500), bare]).map((g) => g.length)).toEqual([3, 1]);
  });
});
