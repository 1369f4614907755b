import { describe, expect, it } from 'vitest';
import { ObjectStore, objectKey, StoredObject } from '../../../core/api/object-store.js';
import type { KObject } from '../../../core/api/types.js';

// A small deterministic generator (no Math.random: the same sequence every run).
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function pod(namespace: string, name: string, seq: number): StoredObject {
  return new StoredObject({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } } as KObject, seq);
}

describe('the store lists in key order, kept as it is written (not sorted per LIST)', () => {
  it('matches a full sort after random creates, deletes, re-creates and lists, per namespace too', () => {
    const store = new ObjectStore();
    const live = new Map<string, number>();
    const rnd = lcg(18);
    const namespaces = ['default', 'bulk', 'kube-system', 'a', 'a-b', 'b'];
    for (let step = 0; step < 10_000; step++) {
      const ns = namespaces[Math.floor(rnd() * namespaces.length)] as string;
      const name = `web-${Math.floor(rnd() * 3_000).toString(36)}`;
      const key = objectKey(ns, name);
      const r = rnd();
      if (r < 0.6) {
        store.set('Pod', key, pod(ns, name, step));
        live.set(key, step);
      } else if (r < 0.98) {
        store.delete('Pod', key);
        live.delete(key);
      } else {
        // A LIST in the middle of the writes, as kubectl's would come between a rollout's steps.
        const want = [...live.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(store.list('Pod').map((s) => objectKey(s.obj.metadata.namespace, s.obj.metadata.name ?? ''))).toEqual(want);
        const inNs = want.filter((k) => k.startsWith(`${ns}/`));
        expect(store.list('Pod', ns).map((s) => objectKey(s.obj.metadata.namespace, s.obj.metadata.name ?? ''))).toEqual(inNs);
        // The stored version, not an older one of the same key.
        for (const s of store.list('Pod', ns)) expect(s.seq).toBe(live.get(objectKey(ns, s.obj.metadata.name ?? '')));
      }
    }
    expect(store.count('Pod')).toBe(live.size);
  });

  it('a namespace that is a prefix of another lists only its own objects', () => {
    const store = new ObjectStore();
    for (const [ns, name] of [['a', 'x'], ['a-b', 'y'], ['ab', 'z'], ['a', 'w'], ['a0', 'v']] as const) store.set('Pod', objectKey(ns, name), pod(ns, name, 1));
    expect(store.list('Pod', 'a').map((s) => s.obj.metadata.name)).toEqual(['w', 'x']);
    expect(store.list('Pod', 'a-b').map((s) => s.obj.metadata.name)).toEqual(['y']);
    expect(store.list('Pod', 'missing')).toEqual([]);
  });

  it('changes the kind version on every write of that kind and only that kind', () => {
    const store = new ObjectStore();
    const v0 = store.version('Pod');
    store.set('Lease', 'kube-node-lease/n1', pod('kube-node-lease', 'n1', 1));
    expect(store.version('Pod')).toBe(v0);
    store.set('Pod', 'default/a', pod('default', 'a', 2));
    const v1 = store.version('Pod');
    expect(v1).not.toBe(v0);
    store.set('Pod', 'default/a', pod('default', 'a', 3));
    expect(store.version('Pod')).not.toBe(v1);
  });
});
