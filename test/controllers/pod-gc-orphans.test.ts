import { describe, expect, it } from 'vitest';
import type { Informer } from '../../core/client/informer.js';
import { cluster, web } from './cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the control plane's shared informers are private */

describe('PodGC: whether any pod is bound to a missing node, from the node index', () => {
  it('answers as a walk over every pod does, before, during and after a node is removed, and its pods are force-deleted 40 s on', () => {
    const c = cluster(3);
    const shared = (c.plane as any).informers as { get(kind: string): Informer };
    const pods = shared.get('Pod');
    const nodes = shared.get('Node');
    // The walk PodGC skips when the index says nothing: some pod names a node the Node informer lacks.
    const scan = (): boolean => {
      for (const p of pods.values()) {
        const node = p.spec?.nodeName ?? '';
        if (node !== '' && nodes.get(null, node) === undefined) return true;
      }
      return false;
    };
    const indexed = (): boolean => pods.someIndexValue('node', (node) => node !== '' && nodes.get(null, node) === undefined);
    let orphaned = 0;
    let checked = 0;
    const check = (t: number): void => {
      c.run(t);
      expect(indexed(), `at ${t} ms`).toBe(scan());
      if (scan()) orphaned++;
      checked++;
    };
    c.kubectl.create(web(9));
    for (let t = 1_000; t <= 20_000; t += 1_000) check(t);
    const onNode3 = c.pods('app=web').filter((p) => p.spec?.nodeName === 'node-3').map((p) => p.metadata.name);
    expect(onNode3.length).toBeGreaterThan(0);
    // Every pod bound there, kube-system's daemon pods too.
    const allOnNode3 = c.sim.api.list('Pod', {}).items.filter((p) => p.spec?.nodeName === 'node-3').length;
    c.plane.removeNode('node-3');
    for (let t = 20_500; t <= 120_000; t += 500) check(t);
    // Seen orphaned for a while, then gone: PodGC deleted them, the ReplicaSet replaced them elsewhere.
    expect(orphaned).toBeGreaterThan(10);
    expect(scan()).toBe(false);
    const names = c.pods('app=web').map((p) => p.metadata.name);
    for (const n of onNode3) expect(names).not.toContain(n);
    expect(c.pods('app=web').filter((p) => p.spec?.nodeName === 'node-3')).toEqual([]);
    expect(c.writes.filter((w) => w.reason === 'PodGC').length).toBe(allOnNode3);
    expect(checked).toBeGreaterThan(200);
    expect(pods.someIndexValue('no-such-index', () => true)).toBe(false);
  });
});
