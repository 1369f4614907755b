import { describe, expect, it } from 'vitest';
import { objectKey } from '../../core/api/object-store.js';
import type { KObject, WatchEvent } from '../../core/api/types.js';
import { Informer } from '../../core/client/informer.js';
import { controllerUidKeys } from '../../core/controllers/replicaset/keys.js';
import { cluster, web } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * The oracle: the informer as it was, a Map of objects under a key made from each event's
 * namespace and name, and each index a Set per value that every event takes its key out
 * of (old version's values) and puts back at the end of (new version's values).
 */
class Model {
  readonly cache = new Map<string, Readonly<KObject>>();
  readonly index = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly fns: Record<string, (o: Readonly<KObject>) => readonly string[]>) {
    for (const name of Object.keys(fns)) this.index.set(name, new Map());
  }

  apply(e: WatchEvent): void {
    const key = objectKey(e.object.metadata.namespace, e.object.metadata.name ?? '');
    const old = this.cache.get(key);
    if (e.type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, e.object);
    for (const [name, fn] of Object.entries(this.fns)) {
      const index = this.index.get(name) as Map<string, Set<string>>;
      if (old !== undefined) for (const v of fn(old)) index.get(v)?.delete(key);
      if (e.type === 'DELETED') continue;
      for (const v of fn(e.object)) {
        if (!index.has(v)) index.set(v, new Set());
        index.get(v)?.add(key);
      }
    }
  }
}

const nodeOf = (p: Readonly<KObject>): readonly string[] => [p.spec?.nodeName ?? ''];

/** A pod of its own (no owner), on the default scheduler. */
const barePod = (name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'bare' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 0 },
});

describe('the informer: its cache found by namespace and name is the cache a key per event made', () => {
  it('holds the same objects in the same order, and lists an index value in the same order, through deletes, a pod re-created under its name, a node lost and back', () => {
    const c = cluster(3);
    const client = c.sim.client('oracle');
    const fns = { 'controller-uid': controllerUidKeys, node: nodeOf };
    const pods = new Informer(client, 'Pod').addIndex('controller-uid', controllerUidKeys).addIndex('node', nodeOf).start();
    const nodes = new Informer(client, 'Node').start();
    const podModel = new Model(fns);
    const nodeModel = new Model({});
    // Subscribed after the informers: between tasks both have had every event.
    client.watch('Pod', { namespace: null }).subscribe((e) => podModel.apply(e));
    client.watch('Node', { namespace: null }).subscribe((e) => nodeModel.apply(e));
    let checked = 0;
    let listed = 0;
    let sawRecreated = false;
    const check = (t: number): void => {
      c.run(t);
      for (const [inf, model] of [[pods, podModel], [nodes, nodeModel]] as const) {
        expect([...inf.values()], `${inf.kind} values at ${t} ms`).toEqual([...model.cache.values()]);
        expect(inf.size).toBe(model.cache.size);
        for (const o of model.cache.values()) expect(inf.get(o.metadata.namespace, o.metadata.name ?? ''), `${o.metadata.name} at ${t} ms`).toBe(o);
      }
      // Gone or never there: nothing under its name, nor under a namespace it is not in.
      expect(pods.get('default', 'no-such-pod')).toBeUndefined();
      expect(pods.get(null, [...podModel.cache.values()][0]?.metadata.name ?? 'x')).toBeUndefined();
      expect(nodes.get('default', 'node-1')).toBeUndefined();
      for (const [name, index] of podModel.index) {
        for (const [value, keys] of index) {
          expect(pods.byIndex(name, value), `${name}=${value} at ${t} ms`).toEqual([...keys].map((k) => podModel.cache.get(k)));
          listed += keys.size;
        }
      }
      const bare = pods.get('default', 'bare');
      if (bare !== undefined && bare.metadata.uid !== firstBareUid && firstBareUid !== undefined) sawRecreated = true;
      checked++;
    };
    let firstBareUid: string | undefined;
    c.kubectl.create(web(6));
    c.kubectl.create(barePod('bare'));
    for (let t = 1_000; t <= 15_000; t += 1_000) check(t);
    firstBareUid = pods.get('default', 'bare')?.metadata.uid;
    expect(firstBareUid).toBeDefined();
    // The bare pod goes and comes back under the same name: a new uid at the end of the order.
    c.kubectl.delete('Pod', 'default', 'bare', { gracePeriodSeconds: 0 });
    for (let t = 15_250; t <= 18_000; t += 250) check(t);
    expect(pods.get('default', 'bare')).toBeUndefined();
    c.kubectl.create(barePod('bare'));
    // Scaled down (pods deleted), then a node lost and back (pods evicted and replaced).
    const d = c.sim.api.get('Deployment', 'default', 'web') as any;
    c.kubectl.update({ ...d, metadata: { ...d.metadata, resourceVersion: '' }, spec: { ...d.spec, replicas: 4 } });
    for (let t = 19_000; t <= 30_000; t += 500) check(t);
    c.plane.nodeDown('node-2');
    for (let t = 31_000; t <= 400_000; t += 3_000) check(t);
    c.plane.nodeUp('node-2');
    for (let t = 401_000; t <= 430_000; t += 1_000) check(t);
    expect(checked).toBeGreaterThan(200);
    expect(listed).toBeGreaterThan(1_000);
    expect(sawRecreated).toBe(true);
    expect(c.pods('app=web').filter((p) => p.metadata.deletionTimestamp === undefined).length).toBe(4);
  });
});

describe('the informer: namespace churn', () => {
  it('keeps no lookup map for a namespace whose objects are all gone, and finds objects of one created again', () => {
    const c = cluster(1);
    const client = c.sim.client('churn');
    const maps = new Informer(client, 'Secret').start();
    const cm = (ns: string, name: string): KObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, data: { k: 'dg==' } });
    c.sim.api.create(cm('default', 'kept'), { actor: 'kubectl' });
    for (let round = 0; round < 3; round++) for (let i = 0; i < 50; i++) c.sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `job-${round}-${i}` } }, { actor: 'kubectl' });
    c.run(1_000);
    // The one Secret in default.
    const baseline = maps.namespaceCount;
    expect(baseline).toBe(1);
    for (let round = 0; round < 3; round++) {
      // 50 namespaces (a CI job's each), two Secrets in each, then every one deleted.
      for (let i = 0; i < 50; i++) {
        c.sim.api.create(cm(`job-${round}-${i}`, 'a'), { actor: 'kubectl' });
        c.sim.api.create(cm(`job-${round}-${i}`, 'b'), { actor: 'kubectl' });
      }
      c.run(2_000 + round * 2_000);
      expect(maps.namespaceCount).toBe(baseline + 50);
      expect(maps.get(`job-${round}-7`, 'b')?.data).toEqual({ k: 'dg==' });
      for (let i = 0; i < 50; i++) {
        c.sim.api.delete('Secret', `job-${round}-${i}`, 'a', { actor: 'kubectl' });
        // One of the two left in the last namespace: its map stays until that one goes too.
        if (i < 49) c.sim.api.delete('Secret', `job-${round}-${i}`, 'b', { actor: 'kubectl' });
      }
      c.run(3_000 + round * 2_000);
      expect(maps.namespaceCount).toBe(baseline + 1);
      expect(maps.get(`job-${round}-49`, 'b')).toBeDefined();
      c.sim.api.delete('Secret', `job-${round}-49`, 'b', { actor: 'kubectl' });
      c.run(3_500 + round * 2_000);
      expect(maps.namespaceCount).toBe(baseline);
      expect(maps.get(`job-${round}-49`, 'b')).toBeUndefined();
    }
    // A name used before, in a namespace made again: found as any other.
    c.sim.api.create(cm('job-0-7', 'b'), { actor: 'kubectl' });
    c.run(10_000);
    expect(maps.get('job-0-7', 'b')).toBeDefined();
    expect(maps.namespaceCount).toBe(baseline + 1);
  });
});

describe('the informer: index values churn', () => {
  it('keeps no Set for an index value whose objects are all gone or moved, and finds objects under a value used again', () => {
    const c = cluster(1);
    const client = c.sim.client('churn');
    const byOwner = (o: Readonly<KObject>): readonly string[] => (o.metadata.labels?.owner === undefined ? [] : [o.metadata.labels.owner]);
    const secrets = new Informer(client, 'Secret').addIndex('owner', byOwner).start();
    const secret = (name: string, owner: string): KObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default', labels: { owner } }, data: { k: 'dg==' } });
    for (let i = 0; i < 40; i++) c.sim.api.create(secret(`s-${i}`, `rs-${i % 20}`), { actor: 'kubectl' });
    c.run(1_000);
    expect(secrets.indexValueCount('owner')).toBe(20);
    // Each owner's two deleted (a rollout's old ReplicaSets going in turn): their values go too.
    for (let i = 0; i < 20; i++) c.sim.api.delete('Secret', 'default', `s-${i}`, { actor: 'kubectl' });
    c.run(2_000);
    expect(secrets.indexValueCount('owner')).toBe(20);
    for (let i = 20; i < 30; i++) c.sim.api.delete('Secret', 'default', `s-${i}`, { actor: 'kubectl' });
    c.run(3_000);
    expect(secrets.indexValueCount('owner')).toBe(10);
    // An object moved to another value (a relabel) leaves no empty Set under the old one.
    for (let i = 30; i < 40; i++) {
      const cur = c.sim.api.get('Secret', 'default', `s-${i}`) as KObject;
      c.sim.api.update({ ...cur, metadata: { ...cur.metadata, labels: { owner: 'adopter' } } }, { actor: 'kubectl' });
    }
    c.run(4_000);
    expect(secrets.indexValueCount('owner')).toBe(1);
    expect(secrets.byIndex('owner', 'adopter').map((o) => o.metadata.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `s-${30 + i}`).sort());
    expect(secrets.byIndex('owner', 'rs-10')).toEqual([]);
    expect(secrets.someIndexValue('owner', (v) => v.startsWith('rs-'))).toBe(false);
    // A value used before: found as any other.
    c.sim.api.create(secret('again', 'rs-3'), { actor: 'kubectl' });
    c.run(5_000);
    expect(secrets.byIndex('owner', 'rs-3').map((o) => o.metadata.name)).toEqual(['again']);
    expect(secrets.indexValueCount('owner')).toBe(2);
  });
});
