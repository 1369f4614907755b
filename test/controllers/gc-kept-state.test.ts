import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import type { Informer } from '../../core/client/informer.js';
import { GC_KINDS } from '../../core/controllers/garbagecollector/garbage-collector.js';
import { cluster, web } from './cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON; the collector's kept maps are private */

const named = (name: string, replicas: number): KObject => {
  // Pods that take 5 s to stop: a foreground deletion waits for them, in view of the checks.
  const d = web(replicas, { annotations: { 'kubelapse/on-sigterm': 'drain 5s' } }) as any;
  d.metadata.name = name;
  d.spec.selector.matchLabels = { app: name };
  d.spec.template.metadata.labels = { app: name };
  return d;
};

/** Four Deployments: one for each way of deleting, one that stays. */
function createAll(c: ReturnType<typeof cluster>): void {
  for (const [name, n] of [['fg', 4], ['orphan', 3], ['bg', 3], ['stay', 5]] as const) c.kubectl.create(named(name, n));
}

/** Three of them deleted at once: foreground, orphaning and in the background. */
function deleteThreeWays(c: ReturnType<typeof cluster>): void {
  c.kubectl.delete('Deployment', 'default', 'fg', { propagationPolicy: 'Foreground' });
  c.kubectl.delete('Deployment', 'default', 'orphan', { propagationPolicy: 'Orphan' });
  c.kubectl.delete('Deployment', 'default', 'bg', { propagationPolicy: 'Background' });
}

describe('the garbage collector: what it keeps per uid is what its informers hold', () => {
  it('through foreground, orphan and background deletions and a node lost', () => {
    const c = cluster(3);
    const gc = c.plane.garbageCollector as any;
    const informers = gc.informers as Map<string, Informer>;
    let checked = 0;
    let sawDeleting = 0;
    const check = (t: number): void => {
      c.run(t);
      // The scan: every watched object with a deletionTimestamp, by its informer.
      const scanDeleting = new Set<string>();
      for (const kind of GC_KINDS) {
        for (const o of informers.get(kind)?.values() ?? []) if (o.metadata.deletionTimestamp !== undefined) scanDeleting.add(o.metadata.uid ?? '');
      }
      // Kept: only uids the collector has seen (alive), each under the key its informer holds it at.
      const alive = gc.alive as Map<string, string>;
      const kept = new Set([...(gc.deleting as Set<string>)]);
      expect(kept, `deleting at ${t} ms`).toEqual(new Set([...scanDeleting].filter((u) => alive.has(u))));
      for (const [uid, key] of alive) {
        const [kind, ns, name] = key.split('|') as [string, string, string];
        expect(informers.get(kind)?.get(ns === '' ? null : ns, name)?.metadata.uid, `${key} at ${t} ms`).toBe(uid);
      }
      checked++;
      sawDeleting += kept.size;
    };
    createAll(c);
    for (let t = 1_000; t <= 20_000; t += 1_000) check(t);
    deleteThreeWays(c);
    for (let t = 20_250; t <= 30_000; t += 250) check(t);
    c.plane.nodeDown('node-2');
    for (let t = 31_000; t <= 80_000; t += 1_000) check(t);
    expect(checked).toBeGreaterThan(100);
    // The foreground deletion was seen in progress, and finished: its Deployment is gone.
    expect(sawDeleting).toBeGreaterThan(0);
    expect(c.sim.api.tryGet('Deployment', 'default', 'fg')).toBeUndefined();
    expect(c.pods('app=orphan').length).toBe(3);
  });

  it('lists an owner\'s dependents in the order a set kept with delete-then-add per event would', () => {
    // The oracle: the collector's old graph, a Set per owner uid, every event taking the key
    // out of its old owners' sets and adding it to its new owners' (so each change of a
    // dependent moves it to the end). It runs after the collector on every event.
    const c = cluster(3);
    const gc = c.plane.garbageCollector as any;
    const informers = gc.informers as Map<string, Informer>;
    const model = new Map<string, Set<string>>();
    for (const kind of GC_KINDS) {
      informers.get(kind)?.on((e) => {
        const o = e.object;
        const key = `${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;
        for (const r of e.old?.metadata.ownerReferences ?? []) model.get(r.uid)?.delete(key);
        if (e.type === 'DELETED') {
          for (const r of o.metadata.ownerReferences ?? []) model.get(r.uid)?.delete(key);
          return;
        }
        for (const r of o.metadata.ownerReferences ?? []) {
          if (!model.has(r.uid)) model.set(r.uid, new Set());
          model.get(r.uid)?.add(key);
        }
      });
    }
    // Each key in the order it first joined an owner: where the listed order differs, keys
    // did move, and a list kept by add alone (no move on change) would have failed there.
    const firstJoined = new Map<string, Set<string>>();
    let compared = 0;
    let moved = 0;
    const check = (t: number): void => {
      c.run(t);
      for (const [owner, keys] of model) {
        const listed = gc.dependents.of(owner) as string[];
        expect(listed, `dependents of ${owner} at ${t} ms`).toEqual([...keys]);
        const joined = firstJoined.get(owner) ?? new Set<string>();
        firstJoined.set(owner, joined);
        for (const k of listed) joined.add(k);
        if ([...joined].filter((k) => keys.has(k)).join(',') !== listed.join(',')) moved++;
        compared += listed.length;
      }
    };
    createAll(c);
    for (let t = 250; t <= 20_000; t += 250) check(t);
    // A change to the first of a ReplicaSet's pods: it goes to the end of that owner's list.
    const first = c.pods('app=stay')[0] as KObject;
    c.kubectl.patch('Pod', 'default', first.metadata.name ?? '', { metadata: { annotations: { touched: 'yes' } } }, 'merge');
    check(20_100);
    deleteThreeWays(c);
    for (let t = 20_250; t <= 30_000; t += 250) check(t);
    c.plane.nodeDown('node-2');
    for (let t = 30_500; t <= 80_000; t += 500) check(t);
    // A kubelet restart's status writes and a node's return move keys again.
    c.plane.nodeUp('node-2');
    for (let t = 80_500; t <= 120_000; t += 500) check(t);
    expect(compared).toBeGreaterThan(1_000);
    expect(moved).toBeGreaterThan(0);
  });
});
