import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../core/api/quantity.js';
import type { KObject } from '../../core/api/types.js';
import { isPodTerminal } from '../../core/controllers/pod-util.js';
import type { NodeInfo, SchedulerCache } from '../../core/scheduler/node-info.js';
import { cluster, nodeShape, web } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the scheduler's cache is private */

const milli = (q: string | undefined): number => Math.round((parseQuantity(q) ?? 0) * 1000);

describe('the scheduler cache: a node deleted while its pods are still bound, then added again under its name', () => {
  it('keeps counting those pods (a ghost node), so the node is never filled past its CPU and no count goes below zero', () => {
    // Two 1-CPU nodes; each web pod asks 300m: three fit on a node (900m), a fourth does not.
    const c = cluster([nodeShape('node-1', '1'), nodeShape('node-2', '1')]);
    const cache = (c.plane.scheduler as any).cache as SchedulerCache;
    const bound = (node: string): Array<Readonly<KObject>> =>
      c.sim.api.list('Pod', {}).items.filter((p) => p.spec?.nodeName === node && !isPodTerminal(p));
    const requested = (node: string): number => bound(node).reduce((sum, p) => sum + (p.spec?.containers ?? []).reduce((s: number, k: any) => s + milli(k.resources?.requests?.cpu), 0), 0);
    const allocatable = (node: string): number => milli(c.sim.api.get('Node', null, node)?.status?.allocatable?.cpu);
    /** The cache agrees with the API: what is bound to each name, node or ghost, is what is counted there; nothing negative. */
    const agrees = (when: string): void => {
      for (const node of ['node-1', 'node-2']) {
        const info = cache.counted(node) as NodeInfo | undefined;
        expect(info?.pods ?? 0, `${node} pods ${when}`).toBe(bound(node).length);
        expect(info?.requestedMilliCpu ?? 0, `${node} CPU ${when}`).toBe(requested(node));
        expect(info?.pods ?? 0, `${node} ${when}`).toBeGreaterThanOrEqual(0);
      }
    };
    c.kubectl.create(web(4, { container: { resources: { requests: { cpu: '300m' } } } }));
    c.run(10_000);
    agrees('after the scale-up');
    const onNode1 = bound('node-1').filter((p) => p.metadata.namespace === 'default').length;
    expect(onNode1, 'web pods placed on node-1').toBeGreaterThan(0);

    // The Node object goes (kubectl delete node); its pods are still bound (PodGC waits 40 s).
    const node = c.sim.api.get('Node', null, 'node-1') as KObject;
    c.kubectl.delete('Node', null, 'node-1');
    c.run(11_000);
    expect(cache.nodes.has('node-1')).toBe(false);
    agrees('with node-1 a ghost');
    // A ghost is never a place to schedule to: what is scheduled meanwhile goes to node-2.
    expect(cache.sortedNodes().map((n) => n.node.metadata.name)).toEqual(['node-2']);
    const scale = (n: number): void => {
      const d = c.sim.api.get('Deployment', 'default', 'web') as any;
      c.kubectl.update({ ...d, spec: { ...d.spec, replicas: n } });
    };

    // Registered again under its name before PodGC took its pods: they count on it again.
    c.kubectl.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: node.metadata.labels }, spec: {}, status: node.status });
    c.run(12_000);
    expect(cache.nodes.has('node-1')).toBe(true);
    agrees('after node-1 is back');
    // Room for one more 300m pod on each node, no more: 6 web pods.
    scale(8);
    c.run(30_000);
    agrees('after scaling to 8');
    for (const n of ['node-1', 'node-2']) expect(requested(n), `${n}: CPU asked of it`).toBeLessThanOrEqual(allocatable(n));
    expect(c.events('OutOfcpu'), 'no pod refused by a kubelet for want of CPU').toEqual([]);
    expect(bound('node-1').length + bound('node-2').length, 'bound pods, kube-system\'s too').toBeGreaterThan(6);

    // Every web pod goes: the counts come back to what is left, never below it.
    scale(0);
    c.run(60_000);
    agrees('after scaling to 0');
    expect(c.pods('app=web')).toEqual([]);
  });
});
