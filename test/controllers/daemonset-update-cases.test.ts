import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { constructHistory } from '../../core/controllers/daemonset/history.js';
import { newPod } from '../../core/controllers/daemonset/node-should-run.js';
import { updatedDesiredNodeCounts } from '../../core/controllers/daemonset/update.js';
import { CONTROLLER_REVISION_HASH } from '../../core/controllers/daemonset/util/daemonset-util.js';
import { newDaemonSet, rollingUpdate, simpleDaemonSetLabel, surge, World } from './daemonset-world.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- test objects are open JSON */

/*
 * Cases ported from kubernetes/kubernetes pkg/controller/daemon/update_test.go (v1.32):
 * each sync's [creates, deletes, events] through a rolling update, as upstream's
 * expectSyncDaemonSets sequences, run against the real API server.
 */

const newImage = (image: string) => (d: any): void => {
  d.spec.template.spec.containers[0].image = image;
};

/** A DaemonSet on `nodes` nodes, its pods created and Ready. */
function rolledOut(nodes: number, spec: Record<string, unknown> = {}): { w: World; ds: Readonly<KObject> } {
  const w = new World();
  w.nodes(0, nodes);
  const ds = w.daemonSet(newDaemonSet('foo', spec));
  expect(w.step(ds)).toEqual([nodes, 0, 0]);
  w.markPodsReady();
  return { w, ds };
}

describe('DaemonSet rolling update: upstream update_test.go cases', () => {
  it('TestDaemonSetUpdatesPods: maxUnavailable 2 on 5 nodes: 2, 2, then 1 replaced per round', () => {
    const { w, ds } = rolledOut(5);
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = rollingUpdate(2);
    });
    for (const n of [2, 2, 1]) {
      expect(w.step(ds)).toEqual([0, n, 0]);
      expect(w.step(ds)).toEqual([n, 0, 0]);
      w.markPodsReady();
    }
    expect(w.step(ds)).toEqual([0, 0, 0]);
  });

  it('TestDaemonSetUpdatesPodsWithMaxSurge: maxSurge 2 on 5 nodes: new pods beside the old ones, old ones go once the new are Ready', () => {
    const { w, ds } = rolledOut(5);
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = surge(2);
    });
    expect(w.step(ds)).toEqual([2, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    w.markPodsReady();
    expect(w.step(ds)).toEqual([2, 2, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    w.markPodsReady();
    expect(w.step(ds)).toEqual([5 % 2, 2, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    w.markPodsReady();
    expect(w.step(ds)).toEqual([0, 5 % 2, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
  });

  it('TestDaemonSetUpdatesPodsNotMatchTainstWithMaxSurge: a node the new template no longer tolerates loses its pod without a surge there', () => {
    const w = new World();
    const tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }];
    const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: surge(1) }, { tolerations }));
    w.nodes(1, 4);
    w.node('node-0', undefined, (n) => (n.spec.taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]));
    w.settle();
    expect(w.step(ds)).toEqual([5, 0, 0]);
    w.markPodsReady();
    w.update(ds, (d) => delete d.spec.template.spec.tolerations);
    expect(w.step(ds)).toEqual([1, 1, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    for (let i = 0; i < 3; i++) {
      w.markPodsReady();
      expect(w.step(ds)).toEqual([1, 1, 0]);
      expect(w.step(ds)).toEqual([0, 0, 0]);
    }
    w.markPodsReady();
    expect(w.step(ds)).toEqual([0, 1, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
  });

  it('TestDaemonSetUpdatesWhenNewPodIsNotReady: maxUnavailable 3, new pods never Ready: one round, then nothing', () => {
    const { w, ds } = rolledOut(5);
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = rollingUpdate(3);
    });
    expect(w.step(ds)).toEqual([0, 3, 0]);
    expect(w.step(ds)).toEqual([3, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
  });

  it('TestDaemonSetUpdatesSomeOldPodsNotReady: only the unavailable are replaced; 3 old Ready pods stay', () => {
    const { w, ds } = rolledOut(5);
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = rollingUpdate(2);
    });
    expect(w.step(ds)).toEqual([0, 2, 0]);
    expect(w.step(ds)).toEqual([2, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    w.update(ds, newImage('foo2/bar3'));
    expect(w.step(ds)).toEqual([0, 2, 0]);
    expect(w.step(ds)).toEqual([2, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    const ready = w.daemonPods().filter((p) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
    expect(ready).toHaveLength(5 - 2);
  });

  it('TestDaemonSetUpdatesSaveOldHealthyPods: with 10 of 20 pods never Ready, later updates touch only those 10', () => {
    const { w, ds } = rolledOut(20);
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = rollingUpdate(10);
    });
    expect(w.step(ds)).toEqual([0, 10, 0]);
    expect(w.step(ds)).toEqual([10, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    const readyNames = (): Set<string> => new Set(w.daemonPods().filter((p) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).map((p) => p.metadata.name ?? ''));
    const oldReady = readyNames();
    expect(oldReady.size).toBe(10);
    // Upstream draws maxUnavailable at random below 10; these are such draws (not 0: with
    // maxSurge 0 the API server refuses it, upstream's test stores past validation).
    [7, 1, 3, 9, 1, 5, 8, 2, 6, 4].forEach((maxUnavailable, i) => {
      w.update(ds, (d) => {
        newImage(`foo2/bar3-${i}`)(d);
        d.spec.updateStrategy = rollingUpdate(maxUnavailable);
      });
      expect(w.step(ds)).toEqual([0, 10, 0]);
      expect(w.step(ds)).toEqual([10, 0, 0]);
      expect(w.step(ds)).toEqual([0, 0, 0]);
      expect([...oldReady].every((n) => readyNames().has(n))).toBe(true);
    });
    w.update(ds, (d) => {
      newImage('foo2/bar4')(d);
      d.spec.updateStrategy = rollingUpdate(11);
    });
    expect(w.step(ds)).toEqual([0, 11, 0]);
    expect(w.step(ds)).toEqual([11, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    expect(readyNames().size).toBe(9);
  });

  it('TestDaemonSetUpdatesAllOldNotReadyPodsAndNewNotReadyPods: the 2 old pods that are not Ready go first, within maxUnavailable 10 of 100', () => {
    const { w, ds } = rolledOut(100);
    const hash1 = w.daemonPods()[0]?.metadata.labels?.[CONTROLLER_REVISION_HASH] as string;
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = rollingUpdate(10);
    });
    for (let i = 0; i < 10; i++) {
      expect(w.step(ds)).toEqual([0, 10, 0]);
      expect(w.step(ds)).toEqual([10, 0, 0]);
      w.markPodsReady();
    }
    expect(w.step(ds)).toEqual([0, 0, 0]);
    // 88 new pods unavailable, 2 old unavailable, 10 old available.
    const pods = [...w.daemonPods()].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    const oldUnavailable = new Set<string>();
    pods.forEach((p, i) => {
      // Revision 1's pods: its hash and its template generation (upstream's test DaemonSet has no generation).
      if (i < 12) w.kubectl.patch('Pod', 'default', p.metadata.name ?? '', { metadata: { labels: { [CONTROLLER_REVISION_HASH]: hash1, 'pod-template-generation': '1' } } }, 'merge');
      if (i >= 10) w.setStatus(p, 'Running', false);
      if (i >= 10 && i < 12) oldUnavailable.add(p.metadata.name ?? '');
    });
    w.settle();
    expect(w.step(ds)).toEqual([0, 2, 0]);
    expect(w.step(ds)).toEqual([2, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
    expect(w.daemonPods().filter((p) => oldUnavailable.has(p.metadata.name ?? ''))).toEqual([]);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReady: old pods that were never Ready are all replaced at once', () => {
    const w = new World();
    w.nodes(0, 5);
    const ds = w.daemonSet(newDaemonSet('foo'));
    expect(w.step(ds)).toEqual([5, 0, 0]);
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = rollingUpdate(3);
    });
    expect(w.step(ds)).toEqual([0, 5, 0]);
    expect(w.step(ds)).toEqual([5, 0, 0]);
    expect(w.step(ds)).toEqual([0, 0, 0]);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge: surging onto nodes whose old pods are not Ready, minReadySeconds 15', () => {
    const w = new World();
    w.nodes(0, 5);
    const ds = w.daemonSet(newDaemonSet('foo'));
    expect(w.step(ds)).toEqual([5, 0, 0]);
    w.update(ds, (d) => {
      newImage('foo2/bar2')(d);
      d.spec.updateStrategy = surge(3);
    });
    w.advanceTo(100_000);
    // All old pods unavailable: each node gets a new pod at once.
    expect(w.step(ds)).toEqual([5, 0, 0]);
    w.advanceTo(200_000);
    // Neither old nor new Ready: the old ones go.
    expect(w.step(ds)).toEqual([0, 5, 0]);
    w.markPodsReady();
    w.update(ds, (d) => {
      d.spec.minReadySeconds = 15;
      newImage('foo3/bar3')(d);
    });
    w.advanceTo(300_000);
    expect(w.step(ds)).toEqual([3, 0, 0]);
    const hash = w.daemonPods().find((p) => p.spec.containers[0].image === 'foo3/bar3')?.metadata.labels?.[CONTROLLER_REVISION_HASH] as string;
    const nodeOf = (p: Readonly<KObject>): string => p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
    const surged = new Set(w.daemonPods().filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash).map(nodeOf));
    // Two updated pods Ready at 300 s; one old pod on a node without an updated pod turns unready.
    let readyNew = 0;
    for (const p of w.daemonPods()) if (p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash && readyNew < 2) (w.setStatus(p, 'Running', true), readyNew++);
    const victim = w.daemonPods().find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] !== hash && !surged.has(nodeOf(p))) as Readonly<KObject>;
    w.setStatus(victim, 'Running', false);
    w.settle();
    // Still inside minReadySeconds: one pod for the node whose old pod went unready.
    w.advanceTo(310_000);
    expect(w.step(ds)).toEqual([1, 0, 0]);
    // The two are available now: their old pods go, and one more node surges.
    w.advanceTo(320_000);
    expect(w.step(ds)).toEqual([1, 3, 0]);
    w.markPodsReady((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash);
    w.advanceTo(340_000);
    expect(w.step(ds)).toEqual([0, 2, 0]);
    w.advanceTo(350_000);
    expect(w.step(ds)).toEqual([0, 0, 0]);
  });

  it('TestDaemonSetUpdatesNoTemplateChanged: a new strategy without a new template replaces nothing', () => {
    const w = new World();
    w.nodes(0, 5);
    const ds = w.daemonSet(newDaemonSet('foo'));
    expect(w.step(ds)).toEqual([5, 0, 0]);
    w.update(ds, (d) => (d.spec.updateStrategy = rollingUpdate(3)));
    expect(w.step(ds)).toEqual([0, 0, 0]);
  });
});

describe('updatedDesiredNodeCounts (update_test.go TestGetUnavailableNumbers)', () => {
  const pods = (w: World, nodes: number[], ready: boolean, terminating: number[] = []): Map<string, Array<Readonly<KObject>>> => {
    const m = new Map<string, Array<Readonly<KObject>>>();
    for (const i of nodes) {
      const p: any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: simpleDaemonSetLabel, ...(terminating.includes(i) ? { deletionTimestamp: w.sim.api.timestamp() } : {}) }, spec: { nodeName: `node-${i}` }, status: ready ? { conditions: [{ type: 'Ready', status: 'True' }] } : {} };
      m.set(`node-${i}`, [p]);
    }
    return m;
  };
  it.each([
    { name: 'No nodes', nodes: 0, strategy: rollingUpdate(0), podsOn: [], want: { maxSurge: 0, maxUnavailable: 0, desired: 0 }, empty: 0 },
    { name: 'Two nodes with ready pods', nodes: 2, strategy: rollingUpdate(1), podsOn: [0, 1], want: { maxSurge: 0, maxUnavailable: 1, desired: 2 }, empty: 0 },
    { name: 'Two nodes, one node without pods', nodes: 2, strategy: rollingUpdate(0), podsOn: [0], want: { maxSurge: 0, maxUnavailable: 1, desired: 2 }, empty: 1 },
    { name: 'Two nodes, one node without pods, surge', nodes: 2, strategy: surge(0), podsOn: [0], want: { maxSurge: 0, maxUnavailable: 1, desired: 2 }, empty: 1 },
    { name: 'Two nodes with pods, MaxUnavailable in percents', nodes: 2, strategy: rollingUpdate('50%'), podsOn: [0, 1], want: { maxSurge: 0, maxUnavailable: 1, desired: 2 }, empty: 0 },
    { name: 'Two nodes with pods, MaxUnavailable in percents, surge', nodes: 2, strategy: surge('50%'), podsOn: [0, 1], want: { maxSurge: 1, maxUnavailable: 0, desired: 2 }, empty: 0 },
    { name: 'Two nodes with pods, MaxUnavailable is 100%, surge', nodes: 2, strategy: surge('100%'), podsOn: [0, 1], want: { maxSurge: 2, maxUnavailable: 0, desired: 2 }, empty: 0 },
    { name: 'Two nodes with pods, MaxUnavailable in percents, pod terminating', nodes: 3, strategy: rollingUpdate('50%'), podsOn: [0, 1], terminating: [1], want: { maxSurge: 0, maxUnavailable: 2, desired: 3 }, empty: 1 },
  ])('$name', ({ nodes, strategy, podsOn, terminating, want, empty }) => {
    const w = new World();
    w.nodes(0, nodes);
    // Both 0 is refused by validation; upstream's case reaches the controller past it.
    const ds = { ...newDaemonSet('x'), spec: { ...newDaemonSet('x').spec, updateStrategy: strategy } } as KObject;
    const byNode = pods(w, podsOn, true, terminating);
    const s = { dsc: w.dsc, client: w.sim.client('daemonset-controller'), cause: null, key: 'default/x', ds, nodes: [...w.dsc.nodes.values()] };
    expect(updatedDesiredNodeCounts(s, byNode, newPod(ds))).toEqual(want);
    expect([...byNode.values()].filter((p) => p.length === 0)).toHaveLength(empty);
  });
});

describe('controlledHistories (update_test.go TestControlledHistories)', () => {
  it('owned and orphaned revisions of its namespace are its history; an orphan in another namespace is not adopted', () => {
    const w = new World();
    w.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default-other' } });
    const ds1 = w.daemonSet(newDaemonSet('ds1'));
    const ref = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds1', uid: ds1.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }];
    const cr = (name: string, namespace: string, owners?: KObject['metadata']['ownerReferences']): KObject => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, namespace, labels: { ...simpleDaemonSetLabel }, ...(owners ? { ownerReferences: owners } : {}) }, data: { spec: {} }, revision: 0 });
    w.kubectl.create(cr('ds1-x1', 'default', ref));
    w.kubectl.create(cr('ds1-x2', 'default'));
    w.kubectl.create(cr('ds1-x3', 'default-other'));
    w.settle();
    const s = { dsc: w.dsc, client: w.sim.client('daemonset-controller'), cause: null, key: 'default/ds1', ds: w.live(ds1), nodes: [] };
    const { cur, old } = constructHistory(s);
    expect(old.map((h) => h.metadata.name).sort()).toEqual(['ds1-x1', 'ds1-x2']);
    expect(old.every((h) => h.metadata.ownerReferences?.[0]?.uid === ds1.metadata.uid)).toBe(true); // the orphan adopted
    expect(cur.metadata.name).toMatch(/^ds1-/);
    expect(w.sim.api.get('ControllerRevision', 'default-other', 'ds1-x3').metadata.ownerReferences).toBeUndefined();
  });
});
