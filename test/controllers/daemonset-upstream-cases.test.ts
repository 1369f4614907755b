import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { nodesToDaemonPods } from '../../core/controllers/daemonset/manage.js';
import { syncDaemonSet } from '../../core/controllers/daemonset/sync.js';
import { newDaemonSet, simpleDaemonSetLabel, simpleDaemonSetLabel2, simpleNodeLabel, simpleNodeLabel2, strategies, surge, World } from './daemonset-world.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- test objects are open JSON */

/*
 * Cases ported from kubernetes/kubernetes pkg/controller/daemon/daemon_controller_test.go
 * (v1.32): the same nodes, DaemonSets and pods, the same expected creates, deletes and
 * events of one sync, each under both update strategies where upstream runs both. They
 * run against the real API server (see daemonset-world.ts).
 */

const noScheduleTolerations = [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }];
const noScheduleTaints = [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }];
const noExecuteTaints = [{ key: 'dedicated', value: 'user1', effect: 'NoExecute' }];
const resources = (memory: string, cpu: string): any => ({ requests: { memory, cpu } });
const resourcePodSpec = (nodeName: string, memory: string, cpu: string): any => ({ ...(nodeName === '' ? {} : { nodeName }), containers: [{ name: 'foo', image: 'foo/bar', resources: resources(memory, cpu) }] });

/** One world per strategy: `body` sets it up and returns [creates, deletes, events] of the sync. */
function eachStrategy(body: (w: World, strategy: any) => [number, number, number]): Array<[number, number, number]> {
  return strategies().map((strategy) => body(new World(), strategy));
}

const counts = (w: World, ds: Readonly<KObject>): [number, number, number] => {
  w.settle(); // the controller's caches have seen everything the test stored
  const r = w.sync(ds);
  return [r.creates, r.deletes, r.events];
};

describe('DaemonSet controller: upstream daemon_controller_test.go cases', () => {
  it('TestSimpleDaemonSetLaunchesPods: no node selector, a pod on each of 5 nodes', () => {
    const got = eachStrategy((w, strategy) => {
      w.nodes(0, 5);
      return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: strategy })));
    });
    expect(got).toEqual([[5, 0, 0], [5, 0, 0]]);
  });

  it('TestSimpleDaemonSetScheduleDaemonSetPodsLaunchesPods: unbound pods, each pinned to one node by matchFields metadata.name', () => {
    for (const strategy of strategies()) {
      const w = new World();
      w.nodes(0, 5);
      const r = w.sync(w.daemonSet(newDaemonSet('foo', { updateStrategy: strategy })));
      expect(r.creates).toBe(5);
      const pinned = r.created.map((p) => {
        expect(p.spec.nodeName).toBeUndefined();
        const terms = p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
        expect(terms).toHaveLength(1);
        expect(terms[0].matchFields).toHaveLength(1);
        expect(terms[0].matchFields[0]).toMatchObject({ key: 'metadata.name', operator: 'In' });
        return terms[0].matchFields[0].values;
      });
      expect(pinned.flat().sort()).toEqual(['node-0', 'node-1', 'node-2', 'node-3', 'node-4']);
      // Every pod created has the DaemonSet as its controller.
      expect(r.created.every((p) => p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet' && p.metadata.ownerReferences[0].controller === true && p.metadata.ownerReferences[0].apiVersion === 'apps/v1')).toBe(true);
    }
  });

  it('TestSimpleDaemonSetUpdatesStatusAfterLaunchingPods: once the creates are seen, currentNumberScheduled is 5', () => {
    for (const strategy of strategies()) {
      const w = new World();
      w.nodes(0, 5);
      const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: strategy }));
      expect(w.sync(ds).creates).toBe(5);
      w.sync(ds);
      expect(w.live(ds).status).toMatchObject({ currentNumberScheduled: 5, desiredNumberScheduled: 5 });
    }
  });

  it('TestNoNodesDoesNothing, TestOneNodeDaemonLaunchesPod, TestNotReadyNodeDaemonDoesLaunchPod', () => {
    expect(eachStrategy((w, s) => counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s }))))).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(
      eachStrategy((w, s) => {
        w.node('only-node');
        return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s })));
      }),
    ).toEqual([[1, 0, 0], [1, 0, 0]]);
    expect(
      eachStrategy((w, s) => {
        w.node('not-ready', undefined, (n) => (n.status.conditions = [{ type: 'Ready', status: 'False' }]));
        return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s })));
      }),
    ).toEqual([[1, 0, 0], [1, 0, 0]]);
  });

  it('TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod: resources are the scheduler\'s business', () => {
    const got = eachStrategy((w, s) => {
      w.node('too-much-mem', undefined, (n) => (n.status.allocatable = { memory: '100M', cpu: '200m', pods: '100' }));
      w.pod('other-', 'too-much-mem', {}, undefined, { spec: resourcePodSpec('too-much-mem', '75M', '75m') });
      return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, resourcePodSpec('too-much-mem', '75M', '75m'))));
    });
    expect(got).toEqual([[1, 0, 0], [1, 0, 0]]);
  });

  it('TestInsufficientCapacityNodeSufficientCapacityWithNodeLabelDaemonLaunchPod: only the labelled node, and no event', () => {
    const w = new World();
    w.node('not-enough-resource', undefined, (n) => (n.status.allocatable = { memory: '10M', cpu: '20m', pods: '100' }));
    w.node('enough-resource', simpleNodeLabel, (n) => (n.status.allocatable = { memory: '100M', cpu: '200m', pods: '100' }));
    expect(counts(w, w.daemonSet(newDaemonSet('foo', {}, { ...resourcePodSpec('', '50M', '75m'), nodeSelector: simpleNodeLabel })))).toEqual([1, 0, 0]);
  });

  it('TestNetworkUnavailableNodeDaemonLaunchesPod: the condition alone (no taint) keeps no daemon away', () => {
    const got = eachStrategy((w, s) => {
      w.node('network-unavailable', undefined, (n) => (n.status.conditions = [{ type: 'NetworkUnavailable', status: 'True' }]));
      return counts(w, w.daemonSet(newDaemonSet('simple', { updateStrategy: s })));
    });
    expect(got).toEqual([[1, 0, 0], [1, 0, 0]]);
  });

  it('TestDontDoAnythingIfBeingDeleted: a DaemonSet being deleted creates nothing', () => {
    const got = eachStrategy((w, s) => {
      w.node('not-too-much-mem', undefined, (n) => (n.status.allocatable = { memory: '200M', cpu: '200m', pods: '100' }));
      const ds = w.daemonSet({ ...newDaemonSet('foo', { updateStrategy: s }, resourcePodSpec('not-too-much-mem', '75M', '75m')), metadata: { name: 'foo', namespace: 'default', finalizers: ['example.com/hold'] } });
      w.kubectl.delete('DaemonSet', 'default', 'foo');
      w.settle();
      return counts(w, ds);
    });
    expect(got).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('TestDontDoAnythingIfBeingDeletedRace: the cache says alive, the API server says deleted; an orphan to adopt blocks everything', () => {
    for (const strategy of strategies()) {
      const w = new World();
      w.nodes(0, 5);
      const ds = w.daemonSet({ ...newDaemonSet('foo', { updateStrategy: strategy }), metadata: { name: 'foo', namespace: 'default', finalizers: ['example.com/hold'] } });
      w.pod('pod1-', 'node-0', simpleDaemonSetLabel);
      w.settle();
      // Deleted, but the sync runs before the watch tells the controller.
      w.kubectl.delete('DaemonSet', 'default', 'foo');
      const r = w.sync(ds);
      expect([r.creates, r.deletes, r.events]).toEqual([0, 0, 0]);
      expect(r.error?.message).toMatch(/default\/foo has just been deleted at/);
    }
  });

  it('TestPortConflictWithSameDaemonPodDoesNotDeletePod and TestNoPortConflictNodeDaemonLaunchesPod', () => {
    const portSpec = (node: string, port: number): any => ({ nodeName: node, containers: [{ name: 'foo', image: 'foo/bar', ports: [{ containerPort: port, hostPort: port }] }] });
    expect(
      eachStrategy((w, s) => {
        w.node('port-conflict');
        const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, portSpec('port-conflict', 666)));
        w.pod('foo-', 'port-conflict', simpleDaemonSetLabel, ds);
        return counts(w, ds);
      }),
    ).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(
      eachStrategy((w, s) => {
        w.node('no-port-conflict');
        w.pod('other-', 'no-port-conflict', {}, undefined, { spec: portSpec('no-port-conflict', 6661) });
        return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, portSpec('no-port-conflict', 6662))));
      }),
    ).toEqual([[1, 0, 0], [1, 0, 0]]);
  });

  it('TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector: an empty selector (only from before validation) gets one SelectingAll event and nothing else', () => {
    for (const strategy of strategies()) {
      const w = new World();
      w.node('node1');
      w.pod('other-', 'node1', { bang: 'boom' });
      const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: strategy }, { nodeSelector: { foo: 'bar' } }));
      // The API server refuses an empty selector; an object stored by an older one may have it.
      const misconfigured = { ...ds, spec: { ...ds.spec, selector: {} } } as KObject;
      const before = w.writes.length;
      const err = syncDaemonSet(w.dsc, w.sim.client('daemonset-controller'), null, 'default/foo', misconfigured, []);
      const mine = w.writes.slice(before);
      expect(err).toBeUndefined();
      expect(mine.map((x) => [x.kind, x.reason])).toEqual([['Event', 'SelectingAll']]);
      expect(mine[0]?.object.message).toBe('This daemon set is selecting all pods. A non-empty selector is required.');
    }
  });

  it('TestDealsWithExistingPods: creates where none, keeps one of many (the oldest)', () => {
    const got = eachStrategy((w, s) => {
      const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: s }));
      w.nodes(0, 5);
      w.pods('node-1', simpleDaemonSetLabel, ds, 1);
      w.pods('node-2', simpleDaemonSetLabel, ds, 2);
      w.pods('node-3', simpleDaemonSetLabel, ds, 5);
      w.pods('node-4', simpleDaemonSetLabel2, ds, 2);
      return counts(w, ds);
    });
    expect(got).toEqual([[2, 5, 0], [2, 5, 0]]);
  });

  it('TestSelectorDaemonLaunchesPods, TestSelectorDaemonDeletesUnselectedPods, TestSelectorDaemonDealsWithExistingPods, TestBadSelectorDaemonDoesNothing', () => {
    expect(
      eachStrategy((w, s) => {
        w.nodes(0, 4);
        w.nodes(4, 3, simpleNodeLabel);
        return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, { nodeSelector: simpleNodeLabel })));
      }),
    ).toEqual([[3, 0, 0], [3, 0, 0]]);
    expect(
      eachStrategy((w, s) => {
        const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, { nodeSelector: simpleNodeLabel }));
        w.nodes(0, 5);
        w.nodes(5, 5, simpleNodeLabel);
        w.pods('node-0', simpleDaemonSetLabel2, ds, 2);
        w.pods('node-1', simpleDaemonSetLabel, ds, 3);
        w.pods('node-1', simpleDaemonSetLabel2, ds, 1);
        w.pods('node-4', simpleDaemonSetLabel, ds, 1);
        return counts(w, ds);
      }),
    ).toEqual([[5, 4, 0], [5, 4, 0]]);
    expect(
      eachStrategy((w, s) => {
        const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, { nodeSelector: simpleNodeLabel }));
        w.nodes(0, 5);
        w.nodes(5, 5, simpleNodeLabel);
        w.pods('node-0', simpleDaemonSetLabel, ds, 1);
        w.pods('node-1', simpleDaemonSetLabel, ds, 3);
        w.pods('node-1', simpleDaemonSetLabel2, ds, 2);
        w.pods('node-2', simpleDaemonSetLabel, ds, 4);
        w.pods('node-6', simpleDaemonSetLabel, ds, 13);
        w.pods('node-7', simpleDaemonSetLabel2, ds, 4);
        w.pods('node-9', simpleDaemonSetLabel, ds, 1);
        w.pods('node-9', simpleDaemonSetLabel2, ds, 1);
        return counts(w, ds);
      }),
    ).toEqual([[3, 20, 0], [3, 20, 0]]);
    expect(
      eachStrategy((w, s) => {
        w.nodes(0, 4);
        w.nodes(4, 3, simpleNodeLabel);
        return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, { nodeSelector: simpleNodeLabel2 })));
      }),
    ).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('TestNameDaemonSetLaunchesPods, TestBadNameDaemonSetDoesNothing, TestNameAndSelectorDaemonSetLaunchesPods, TestInconsistentNameSelectorDaemonSetDoesNothing', () => {
    const named = (nodeName: string, selector?: Record<string, string>): Array<[number, number, number]> =>
      eachStrategy((w, s) => {
        w.nodes(0, 4);
        w.nodes(4, 3, selector === undefined ? undefined : simpleNodeLabel);
        return counts(w, w.daemonSet(newDaemonSet('foo', { updateStrategy: s }, { nodeName, ...(selector === undefined ? {} : { nodeSelector: selector }) })));
      });
    expect(named('node-0')).toEqual([[1, 0, 0], [1, 0, 0]]);
    expect(named('node-10')).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(named('node-6', simpleNodeLabel)).toEqual([[1, 0, 0], [1, 0, 0]]);
    expect(named('node-0', simpleNodeLabel)).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('TestSelectorDaemonSetLaunchesPods (OnDelete) and TestNodeAffinityDaemonLaunchesPods', () => {
    const w = new World();
    w.nodes(0, 4);
    w.nodes(4, 3, simpleNodeLabel);
    expect(counts(w, w.daemonSet(newDaemonSet('foo', {}, { nodeSelector: simpleNodeLabel })))).toEqual([3, 0, 0]);
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'color', operator: 'In', values: [simpleNodeLabel.color] }] }] } } };
    expect(
      eachStrategy((x, s) => {
        x.nodes(0, 4);
        x.nodes(4, 3, simpleNodeLabel);
        return counts(x, x.daemonSet(newDaemonSet('foo', { updateStrategy: s }, { affinity })));
      }),
    ).toEqual([[3, 0, 0], [3, 0, 0]]);
  });

  it('TestNumberReadyStatus and TestObservedGeneration', () => {
    for (const strategy of strategies()) {
      const w = new World();
      w.nodes(0, 2, simpleNodeLabel);
      const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: strategy }));
      w.pods('node-0', simpleDaemonSetLabel, ds, 1);
      w.pods('node-1', simpleDaemonSetLabel, ds, 1);
      expect(counts(w, ds)).toEqual([0, 0, 0]);
      expect(w.live(ds).status.numberReady).toBe(0);
      expect(w.live(ds).status.observedGeneration).toBe(w.live(ds).metadata.generation);
      w.markPodsReady();
      expect(counts(w, ds)).toEqual([0, 0, 0]);
      expect(w.live(ds).status.numberReady).toBe(2);
    }
  });

  it.each([
    { failed: 0, normal: 1, want: [0, 0, 0], test: 'normal (do nothing)' },
    { failed: 0, normal: 0, want: [1, 0, 0], test: 'no pods (create 1)' },
    { failed: 1, normal: 0, want: [0, 1, 1], test: '1 failed pod (kill 1), 0 normal pod (create 0; will create in the next sync)' },
    { failed: 1, normal: 3, want: [0, 3, 1], test: '1 failed pod (kill 1), 3 normal pods (kill 2)' },
  ])('TestDaemonKillFailedPods: $test', ({ failed, normal, want }) => {
    const got = eachStrategy((w, s) => {
      const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: s }));
      w.nodes(0, 1);
      w.pods('node-0', simpleDaemonSetLabel, ds, failed, { phase: 'Failed' });
      w.pods('node-0', simpleDaemonSetLabel, ds, normal);
      return counts(w, ds);
    });
    expect(got).toEqual([want, want]);
  });

  it('TestDaemonKillFailedPodsBackoff: a failed pod is deleted, the next one only after the backoff (1 s, then 2 s)', () => {
    for (const strategy of strategies()) {
      const w = new World();
      const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: strategy }));
      w.nodes(0, 1);
      w.pods('node-0', simpleDaemonSetLabel, ds, 1);
      w.sync(ds); // observedGeneration 1: the backoff key (uid/generation/node) is the one every later sync uses
      const key = `${ds.metadata.uid}/1/node-0`;
      w.setStatus(w.daemonPods()[0] as KObject, 'Failed', false);
      w.settle();
      const t0 = w.now + 5; // counts() lets the caches settle for 5 ms first
      expect(counts(w, ds)).toEqual([0, 1, 1]);
      const initial = w.dsc.failedPodsBackoff.get(key);
      expect(initial).toBe(1000);
      w.pods('node-0', simpleDaemonSetLabel, ds, 1, { phase: 'Failed' });
      expect(counts(w, ds)).toEqual([0, 0, 0]); // limited by the backoff
      expect(w.dsc.failedPodsBackoff.get(key)).toBe(initial);
      expect(w.dsc.failedPodsBackoff.isInBackOffSinceUpdate(key, t0 + initial - 1)).toBe(true);
      expect(w.dsc.failedPodsBackoff.isInBackOffSinceUpdate(key, t0 + initial)).toBe(false);
      w.advanceTo(t0 + initial);
      expect(counts(w, ds)).toEqual([0, 1, 1]);
      expect(w.dsc.failedPodsBackoff.get(key)).toBe(2000);
    }
  });

  it('taints: TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod, TestNoExecuteTaintedDoesEvicitRunningIntolerantPod, TestTaintedNodeDaemonDoesNotLaunchIntolerantPod, TestTaintedNodeDaemonLaunchesToleratePod', () => {
    const tainted = (taints: unknown[], withPod: boolean, tolerations?: unknown[]): Array<[number, number, number]> =>
      eachStrategy((w, s) => {
        w.node('tainted', undefined, (n) => (n.spec.taints = taints));
        const ds = w.daemonSet(newDaemonSet('intolerant', { updateStrategy: s }, tolerations === undefined ? {} : { tolerations }));
        if (withPod) w.pods('tainted', simpleDaemonSetLabel, ds, 1);
        return counts(w, ds);
      });
    expect(tainted(noScheduleTaints, true)).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(tainted(noExecuteTaints, true)).toEqual([[0, 1, 0], [0, 1, 0]]);
    expect(tainted(noScheduleTaints, false)).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(tainted(noScheduleTaints, false, noScheduleTolerations)).toEqual([[1, 0, 0], [1, 0, 0]]);
  });

  it('the daemon tolerations: TestNotReadyNodeDaemonLaunchesPod, TestUnreachableNodeDaemonLaunchesPod, TestNodeDaemonLaunchesToleratePod, TestTaintPressureNodeDaemonLaunchesPod', () => {
    const launches = (mutate: (n: any) => void, podSpec: Record<string, unknown> = {}): Array<[number, number, number]> =>
      eachStrategy((w, s) => {
        w.node('tainted', undefined, mutate);
        return counts(w, w.daemonSet(newDaemonSet('simple', { updateStrategy: s }, podSpec)));
      });
    const one: Array<[number, number, number]> = [[1, 0, 0], [1, 0, 0]];
    expect(launches((n) => ((n.spec.taints = [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), (n.status.conditions = [{ type: 'Ready', status: 'False' }])))).toEqual(one);
    expect(launches((n) => ((n.spec.taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]), (n.status.conditions = [{ type: 'Ready', status: 'Unknown' }])))).toEqual(one);
    expect(launches(() => {}, { tolerations: noScheduleTolerations })).toEqual(one);
    expect(
      launches((n) => {
        n.status.conditions = ['DiskPressure', 'MemoryPressure', 'PIDPressure'].map((type) => ({ type, status: 'True' }));
        n.spec.taints = ['disk-pressure', 'memory-pressure', 'pid-pressure'].map((k) => ({ key: `node.kubernetes.io/${k}`, effect: 'NoSchedule' }));
      }),
    ).toEqual(one);
  });

  it('TestDaemonSetRespectsTermination: a terminating daemon pod keeps its node from getting another', () => {
    const got = eachStrategy((w, s) => {
      w.nodes(0, 1, simpleNodeLabel);
      const ds = w.daemonSet({ ...newDaemonSet('foo', { updateStrategy: s }) });
      const pod = w.pod('node-0-', 'node-0', simpleDaemonSetLabel, ds);
      // Deleted with a grace period; nobody confirms it here.
      w.kubectl.delete('Pod', 'default', pod.metadata.name ?? '');
      w.sim.runUntil(w.now + 5);
      const r = w.dsc.active;
      expect(r).toBe(false);
      return (() => {
        const from = w.writes.length;
        w.dsc.active = true;
        w.dsc.sync('default/foo', null);
        w.dsc.active = false;
        const mine = w.writes.slice(from).filter((x) => x.actor === 'daemonset-controller' && x.kind === 'Pod');
        return [mine.filter((x) => x.verb === 'create').length, mine.filter((x) => x.reason === 'SuccessfulDelete').length, 0] as [number, number, number];
      })();
    });
    expect(got).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('TestDeleteUnscheduledPodForNotExistingNode: an unbound pod meant for a node that does not exist is deleted', () => {
    const got = eachStrategy((w, s) => {
      const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: s }));
      w.nodes(0, 1);
      w.pods('node-0', simpleDaemonSetLabel, ds, 1);
      w.pods('node-1', simpleDaemonSetLabel, ds, 1);
      const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }] } } };
      w.pod('pod1-node-3', '', simpleDaemonSetLabel, ds, { spec: { ...structuredClone(w.live(ds).spec.template.spec), affinity } });
      w.settle();
      return counts(w, ds);
    });
    expect(got).toEqual([[0, 1, 0], [0, 1, 0]]);
  });

  it('TestGetNodesToDaemonPods: owned and adopted pods by node; finished pods being deleted only when asked', () => {
    for (const includeDeletedTerminal of [false, true]) {
      const w = new World();
      const ds = w.daemonSet(newDaemonSet('foo'));
      const ds2 = w.daemonSet(newDaemonSet('foo2'));
      w.nodes(0, 2);
      const wanted = [
        w.pod('matching-owned-0-', 'node-0', simpleDaemonSetLabel, ds),
        w.pod('matching-orphan-0-', 'node-0', simpleDaemonSetLabel),
        w.pod('matching-owned-1-', 'node-1', simpleDaemonSetLabel, ds),
        w.pod('matching-orphan-1-', 'node-1', simpleDaemonSetLabel),
        w.pod('matching-owned-succeeded-pod-0-', 'node-0', simpleDaemonSetLabel, ds, { phase: 'Succeeded' }),
      ];
      const ignored = [
        w.pod('non-matching-owned-0-', 'node-0', simpleDaemonSetLabel2, ds),
        w.pod('non-matching-orphan-1-', 'node-1', simpleDaemonSetLabel2),
        w.pod('matching-owned-by-other-0-', 'node-0', simpleDaemonSetLabel, ds2),
      ];
      // A finished pod held by a finalizer while being deleted.
      const held = w.pod('matching-owned-failed-deleted-pod-1-', 'node-1', simpleDaemonSetLabel, ds, { phase: 'Failed' });
      w.kubectl.patch('Pod', 'default', held.metadata.name ?? '', { metadata: { finalizers: ['example.com/hold'] } }, 'merge');
      w.kubectl.delete('Pod', 'default', held.metadata.name ?? '');
      w.sim.runUntil(w.now + 5);
      (includeDeletedTerminal ? wanted : ignored).push(held);
      const s = { dsc: w.dsc, client: w.sim.client('daemonset-controller'), cause: null, key: 'default/foo', ds: w.live(ds), nodes: [] };
      const got = nodesToDaemonPods(s, includeDeletedTerminal);
      const names = new Map<string, string>();
      for (const [node, pods] of got) for (const p of pods) names.set(p.metadata.name ?? '', node);
      expect([...names.keys()].sort()).toEqual(wanted.map((p) => p.metadata.name).sort());
      for (const p of wanted) expect(names.get(p.metadata.name ?? '')).toBe(p.spec.nodeName);
      expect(ignored.some((p) => names.has(p.metadata.name ?? ''))).toBe(false);
    }
  });

  it('TestAddNode: a new node wakes only the DaemonSets that should run on it', () => {
    const w = new World();
    const enqueued = spyQueue(w);
    w.daemonSet(newDaemonSet('ds', {}, { nodeSelector: simpleNodeLabel }));
    enqueued.length = 0;
    w.node('node1');
    w.settle();
    expect(enqueued).toEqual([]);
    w.node('node2', simpleNodeLabel);
    w.settle();
    expect(enqueued).toEqual(['default/ds']);
  });

  it.each([
    { test: 'Nothing changed, should not enqueue', change: (_n: any) => {}, ds: { nodeSelector: simpleNodeLabel }, shouldEnqueue: false },
    { test: 'Node labels changed', change: (n: any) => (n.metadata.labels = { ...simpleNodeLabel }), ds: { nodeSelector: simpleNodeLabel }, shouldEnqueue: true },
    { test: 'Node taints changed', change: (n: any) => delete n.spec.taints, ds: {}, shouldEnqueue: true, tainted: true },
    { test: 'Node Allocatable changed', change: (n: any) => (n.status.allocatable = { memory: '200M', cpu: '200m', pods: '100' }), ds: resourcePodSpec('', '200M', '200m'), shouldEnqueue: false },
  ])('TestUpdateNode: $test', ({ change, ds, shouldEnqueue, tainted }) => {
    for (const strategy of strategies()) {
      const w = new World();
      w.node('node1', undefined, (n) => {
        if (tainted === true) n.spec.taints = noScheduleTaints;
      });
      w.daemonSet(newDaemonSet('ds', { updateStrategy: strategy }, ds));
      const enqueued = spyQueue(w);
      const node: any = structuredClone(w.sim.api.get('Node', null, 'node1'));
      change(node);
      w.sim.client('kubelet/node1').update(node);
      w.settle();
      expect(enqueued.includes('default/ds')).toBe(shouldEnqueue);
    }
  });

  it('TestAddPod, TestAddPodOrphan, TestUpdatePodOrphanSameLabels, TestUpdatePodOrphanWithNewLabels, TestDeletePod, TestDeletePodOrphan', () => {
    const w = new World();
    const ds1 = w.daemonSet(newDaemonSet('foo1'));
    w.daemonSet(newDaemonSet('foo2'));
    w.daemonSet({ ...newDaemonSet('foo3', { selector: { matchLabels: simpleDaemonSetLabel2 } }), spec: { ...newDaemonSet('foo3').spec, selector: { matchLabels: simpleDaemonSetLabel2 }, template: { metadata: { labels: simpleDaemonSetLabel2 }, spec: newDaemonSet('foo3').spec.template.spec } } });
    w.nodes(0, 1);
    const enqueued = spyQueue(w);
    const owned = w.pod('pod1-', 'node-0', simpleDaemonSetLabel, ds1);
    w.settle();
    expect(enqueued).toEqual(['default/foo1']); // owned: only its DaemonSet
    enqueued.length = 0;
    const orphan = w.pod('pod2-', 'node-0', simpleDaemonSetLabel);
    w.settle();
    expect([...new Set(enqueued)].sort()).toEqual(['default/foo1', 'default/foo2']); // an orphan: every DaemonSet that selects it
    enqueued.length = 0;
    w.kubectl.patch('Pod', 'default', orphan.metadata.name ?? '', { metadata: { annotations: { a: 'b' } } }, 'merge');
    w.settle();
    expect(enqueued).toEqual([]); // same labels: nobody to wake
    w.kubectl.patch('Pod', 'default', orphan.metadata.name ?? '', { metadata: { labels: { extra: 'x' } } }, 'merge');
    w.settle();
    expect([...new Set(enqueued)].sort()).toEqual(['default/foo1', 'default/foo2']);
    enqueued.length = 0;
    w.kubectl.delete('Pod', 'default', owned.metadata.name ?? '', { gracePeriodSeconds: 0 });
    w.settle();
    expect(enqueued).toEqual(['default/foo1']);
    enqueued.length = 0;
    w.kubectl.delete('Pod', 'default', orphan.metadata.name ?? '', { gracePeriodSeconds: 0 });
    w.settle();
    expect(enqueued).toEqual([]); // nobody cares about an orphan's deletion
  });

  it('TestUpdatePodChangeControllerRef and TestUpdatePodControllerRefRemoved: both the old and the new owner are woken', () => {
    const w = new World();
    const ds1 = w.daemonSet(newDaemonSet('foo1'));
    const ds2 = w.daemonSet(newDaemonSet('foo2'));
    w.nodes(0, 1);
    const pod = w.pod('pod1-', 'node-0', simpleDaemonSetLabel, ds1);
    w.settle();
    const enqueued = spyQueue(w);
    const ref = (ds: Readonly<KObject>): unknown => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true });
    w.kubectl.patch('Pod', 'default', pod.metadata.name ?? '', { metadata: { ownerReferences: [ref(ds2)] } }, 'merge');
    w.settle();
    expect([...new Set(enqueued)].sort()).toEqual(['default/foo1', 'default/foo2']);
    enqueued.length = 0;
    w.kubectl.patch('Pod', 'default', pod.metadata.name ?? '', { metadata: { ownerReferences: null } }, 'merge');
    w.settle();
    expect([...new Set(enqueued)].sort()).toEqual(['default/foo1', 'default/foo2']); // the old owner, and the orphan's selectors
  });
});

describe('DaemonSet controller: upstream surge cases (daemon_controller_test.go TestSurge*)', () => {
  /** node-1's pods as TestSurgePreservesReadyOldPods lays them out, each created at its virtual time. */
  function surgeWorld(minReadySeconds = 0): { w: World; ds: Readonly<KObject> } {
    const w = new World();
    const ds = w.daemonSet(newDaemonSet('foo', { updateStrategy: surge(1), minReadySeconds }));
    w.nodes(0, 5);
    return { w, ds };
  }

  it('TestSurgeDealsWithExistingPods', () => {
    const { w, ds } = surgeWorld();
    w.pods('node-1', simpleDaemonSetLabel, ds, 1);
    w.pods('node-2', simpleDaemonSetLabel, ds, 2);
    w.pods('node-3', simpleDaemonSetLabel, ds, 5);
    w.pods('node-4', simpleDaemonSetLabel2, ds, 2);
    expect(counts(w, ds)).toEqual([2, 5, 0]);
  });

  it('TestSurgePreservesReadyOldPods: the current-hash pod and the oldest Ready old one stay; a younger Ready old one goes', () => {
    const { w, ds } = surgeWorld();
    w.advanceTo(50_000);
    w.pod('node-1-old-', 'node-1', simpleDaemonSetLabel, ds, { noHash: true, ready: true });
    w.advanceTo(60_000);
    const oldReady = w.pod('node-1-delete-', 'node-1', simpleDaemonSetLabel, ds, { noHash: true, ready: true });
    w.advanceTo(100_000);
    w.pod('node-1-', 'node-1', simpleDaemonSetLabel, ds);
    w.pods('node-2', simpleDaemonSetLabel, ds, 1);
    const r = w.sync(ds);
    expect([r.creates, r.deletes, r.events]).toEqual([3, 1, 0]);
    expect(r.deleted).toEqual([oldReady.metadata.name]);
  });

  it('TestSurgeCreatesNewPodWhenAtMaxSurgeAndOldPodDeleted: a node left with only a terminating old pod gets a new one', () => {
    const { w, ds } = surgeWorld();
    w.advanceTo(1_000);
    for (let i = 1; i < 5; i++) w.pod(`node-${i}-preserve-`, `node-${i}`, simpleDaemonSetLabel, ds, { noHash: true, ready: true });
    w.advanceTo(50_000);
    w.pod('node-0-old-ready-', 'node-0', simpleDaemonSetLabel, ds, { noHash: true, ready: true });
    w.advanceTo(100_000);
    w.pod('node-0-', 'node-0', simpleDaemonSetLabel, ds, { ready: false });
    // node-4's old pod is being deleted (nobody confirms it here).
    const last = w.daemonPods().find((p) => p.metadata.name?.startsWith('node-4-preserve-')) as Readonly<KObject>;
    w.kubectl.delete('Pod', 'default', last.metadata.name ?? '', { gracePeriodSeconds: 30 });
    w.sim.runUntil(w.now + 5);
    w.clearExpectations(ds);
    const from = w.writes.length;
    w.dsc.active = true;
    w.dsc.sync('default/foo', null);
    w.dsc.active = false;
    const mine = w.writes.slice(from).filter((x) => x.actor === 'daemonset-controller' && x.kind === 'Pod');
    expect([mine.filter((x) => x.verb === 'create').length, mine.filter((x) => x.reason === 'SuccessfulDelete').length]).toEqual([1, 0]);
  });

  it('TestSurgeDeletesUnreadyOldPods: an old pod that is not Ready goes as soon as a new one is there', () => {
    const { w, ds } = surgeWorld();
    w.advanceTo(50_000);
    const oldUnready = w.pod('node-1-old-unready-', 'node-1', simpleDaemonSetLabel, ds, { noHash: true, ready: false });
    w.advanceTo(60_000);
    const oldReady = w.pod('node-1-delete-', 'node-1', simpleDaemonSetLabel, ds, { noHash: true, ready: true });
    w.advanceTo(100_000);
    w.pod('node-1-', 'node-1', simpleDaemonSetLabel, ds);
    w.pods('node-2', simpleDaemonSetLabel, ds, 1);
    const r = w.sync(ds);
    expect([r.creates, r.deletes, r.events]).toEqual([3, 2, 0]);
    expect([...r.deleted].sort()).toEqual([oldReady.metadata.name, oldUnready.metadata.name].sort());
  });

  it.each([
    { test: 'TestSurgePreservesOldReadyWithUnsatisfiedMinReady', after: 10, deletes: 1 },
    { test: 'TestSurgeDeletesOldReadyWithUnsatisfiedMinReady', after: 20, deletes: 2 },
  ])('$test: minReadySeconds 15, the new pod Ready $after s ago', ({ after, deletes }) => {
    const { w, ds } = surgeWorld(15);
    w.advanceTo(50_000);
    w.pod('node-1-old-ready-', 'node-1', simpleDaemonSetLabel, ds, { noHash: true, ready: true });
    w.advanceTo(60_000);
    const excess = w.pod('node-1-delete-', 'node-1', simpleDaemonSetLabel, ds, { noHash: true, ready: true });
    // The current-hash pod turned Ready at 100 s; the sync runs `after` s later.
    w.advanceTo(100_000);
    w.pod('node-1-', 'node-1', simpleDaemonSetLabel, ds, { ready: true });
    w.pods('node-2', simpleDaemonSetLabel, ds, 1);
    w.advanceTo(100_000 + after * 1000);
    const r = w.sync(ds);
    expect([r.creates, r.deletes, r.events]).toEqual([3, deletes, 0]);
    expect(r.deleted).toContain(excess.metadata.name);
  });
});

/** Records every DaemonSet key the controller's watch handlers queue. */
function spyQueue(w: World): string[] {
  const seen: string[] = [];
  const q = w.dsc.queue;
  const add = q.add.bind(q);
  q.add = (key: string, cause: number | null = null) => {
    seen.push(key);
    add(key, cause);
  };
  return seen;
}

