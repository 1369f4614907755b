import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { EventRecorder } from '../../core/client/event-recorder.js';
import { setReplicasAnnotations } from '../../core/controllers/deployment/annotations.js';
import { DeploymentSync } from '../../core/controllers/deployment/deployment-sync.js';
import { cleanupUnhealthyReplicas, reconcileNewReplicaSet, reconcileOldReplicaSets, scaleDownOldReplicaSetsForRollingUpdate } from '../../core/controllers/deployment/rolling.js';
import { cleanupDeployment, scale } from '../../core/controllers/deployment/sync.js';
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts } from '../../core/controllers/deployment/util.js';
import { makeSim } from '../helpers.js';

/*
 * Table cases ported from kubernetes/kubernetes pkg/controller/deployment (rolling_test.go,
 * sync_test.go, util/deployment_util_test.go): same inputs, same expected numbers. They run
 * against the real API server: the ReplicaSets are stored objects and the results are
 * read back from it.
 */

type IntOrPct = number | string | undefined;

function newDeployment(replicas: number, surge: IntOrPct = 0, unavailable: IntOrPct = 0, revisionHistoryLimit?: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'default', uid: 'd-uid', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
      ...(revisionHistoryLimit !== undefined ? { revisionHistoryLimit } : {}),
      template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
    status: {},
  };
}

/** A world with stored ReplicaSets (spec.replicas, status.availableReplicas) and a sync bound to it. */
function world(d: KObject, sets: Array<{ name: string; replicas: number; available?: number; created: number; annotate?: { desired: number; max: number }; status?: number }>) {
  const sim = makeSim(0);
  const client = sim.client('deployment-controller');
  const stored = new Map<string, Readonly<KObject>>();
  for (const s of sets) {
    sim.scheduler.runUntil(s.created * 1000);
    const rs: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: s.name, labels: { foo: 'bar', v: s.name } },
      spec: { replicas: s.replicas, selector: { matchLabels: { foo: 'bar', v: s.name } }, template: { metadata: { labels: { foo: 'bar', v: s.name } }, spec: { containers: [{ name: 'c', image: s.name }] } } },
    };
    if (s.annotate !== undefined) setReplicasAnnotations(rs, s.annotate.desired, s.annotate.max);
    const created = client.create(rs);
    const withStatus = client.updateStatus({ ...created, status: { replicas: s.status ?? s.replicas, availableReplicas: s.available ?? 0, observedGeneration: 1 } } as KObject);
    stored.set(s.name, withStatus);
  }
  sim.scheduler.runUntil(3_600_000);
  const sync = new DeploymentSync(client, d, new EventRecorder('deployment-controller'), () => {});
  const rs = (name: string) => stored.get(name) as Readonly<KObject>;
  const replicas = (name: string): number | undefined => sim.api.tryGet('ReplicaSet', 'default', name)?.spec?.replicas;
  const exists = (name: string): boolean => sim.api.tryGet('ReplicaSet', 'default', name) !== undefined;
  return { sync, rs, replicas, exists };
}

describe('ported from util/deployment_util_test.go', () => {
  it.each([
    ['0', '0', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    [undefined, '39%', 10, 0, 3],
    ['39%', undefined, 10, 4, 0],
    [0, 0, 10, 0, 1],
  ] as const)('TestResolveFenceposts: maxSurge %s, maxUnavailable %s of %i -> surge %i, unavailable %i', (surge, unavailable, desired, es, eu) => {
    const s = typeof surge === 'string' && !surge.endsWith('%') ? Number(surge) : surge;
    const u = typeof unavailable === 'string' && !unavailable.endsWith('%') ? Number(unavailable) : unavailable;
    expect(resolveFenceposts(s, u, desired)).toEqual({ surge: es, unavailable: eu });
  });

  it('TestResolveFenceposts: a string that is not a percentage is an error', () => {
    expect(() => resolveFenceposts('oops', '39%', 10)).toThrow(/not a percentage "oops"/);
    expect(() => resolveFenceposts('55%', 'urg', 10)).toThrow(/not a percentage "urg"/);
  });

  it.each([
    ['maxUnavailable 0 and maxSurge 1 allow none', 10, 1, 0, 0],
    ['maxUnavailable 1', 10, 1, 1, 1],
    ['maxUnavailable 10% of 10', 10, 1, '10%', 1],
    ['maxUnavailable 5 is capped at 3 replicas', 3, 1, 5, 3],
    ['both zero give 1', 10, 0, 0, 1],
    ['0 replicas: 0', 0, 1, 1, 0],
  ] as const)('TestMaxUnavailable: %s', (_name, replicas, surge, unavailable, expected) => {
    expect(maxUnavailable(newDeployment(replicas, surge, unavailable))).toBe(expected);
  });

  it('TestMaxUnavailable: Recreate allows none', () => {
    const d = newDeployment(10, 1, 1);
    d.spec.strategy = { type: 'Recreate' };
    expect(maxUnavailable(d)).toBe(0);
    expect(maxSurge(d)).toBe(0);
  });

  it.each([
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ] as const)('TestNewRSNewReplicas: %s', (_name, strategy, depReplicas, newRSReplicas, surge, expected) => {
    const d = newDeployment(depReplicas, surge, 1);
    d.spec.strategy.type = strategy;
    const rs5 = { spec: { replicas: 5 } } as KObject;
    const newRS = { spec: { replicas: newRSReplicas } } as KObject;
    expect(newRSNewReplicas(d, [rs5, newRS], newRS)).toBe(expected);
  });
});

describe('ported from rolling_test.go', () => {
  it.each([
    ['should not scale up', 10, 0, 10, 0, undefined],
    ['scale up to the surge', 10, 2, 10, 0, 2],
    ['scale up into the room old pods left', 10, 2, 5, 0, 7],
    ['already at the surge', 10, 2, 10, 2, undefined],
    ['should scale down', 10, 2, 2, 11, 10],
  ] as const)('reconcileNewReplicaSet: %s', (_name, depReplicas, surge, oldReplicas, newReplicas, expected) => {
    const w = world(newDeployment(depReplicas, surge, 0), [
      { name: 'foo-v1', replicas: oldReplicas, created: 0 },
      { name: 'foo-v2', replicas: newReplicas, created: 1 },
    ]);
    const scaled = reconcileNewReplicaSet(w.sync, [w.rs('foo-v2'), w.rs('foo-v1')], w.rs('foo-v2'));
    expect(scaled).toBe(expected !== undefined);
    expect(w.replicas('foo-v2')).toBe(expected ?? newReplicas);
  });

  it.each([
    ['maxUnavailable 0 (so 1): one old pod goes', 10, 0, 10, 0, 10, 0, 9],
    ['maxUnavailable 2: two old pods go', 10, 2, 10, 0, 10, 0, 8],
    ['unhealthy old replicas are cleaned up first', 10, 2, 10, 0, 8, 0, 8],
    ['one unhealthy cleaned up and one ready scaled down', 10, 2, 10, 0, 9, 0, 8],
    ['unavailable new pods stop further scale-down', 10, 2, 8, 2, 8, 0, undefined],
  ] as const)('reconcileOldReplicaSets: %s', (_name, depReplicas, unavailable, oldReplicas, newReplicas, readyOld, readyNew, expected) => {
    const w = world(newDeployment(depReplicas, 0, unavailable), [
      { name: 'foo-old', replicas: oldReplicas, available: readyOld, created: 0 },
      { name: 'foo-new', replicas: newReplicas, available: readyNew, created: 1 },
    ]);
    const scaled = reconcileOldReplicaSets(w.sync, [w.rs('foo-old'), w.rs('foo-new')], [w.rs('foo-old')], w.rs('foo-new'));
    expect(scaled).toBe(expected !== undefined);
    expect(w.replicas('foo-old')).toBe(expected ?? oldReplicas);
  });

  it.each([
    [10, 8, 1, 1],
    [10, 8, 3, 2],
    [10, 8, 0, 0],
    [10, 10, 3, 0],
  ] as const)('cleanupUnhealthyReplicas: %i old, %i ready, at most %i -> %i cleaned up', (oldReplicas, ready, maxCleanup, expected) => {
    const w = world(newDeployment(10, 2, 2), [{ name: 'foo-v2', replicas: oldReplicas, available: ready, created: 0 }]);
    const { cleanupCount } = cleanupUnhealthyReplicas(w.sync, [w.rs('foo-v2')], maxCleanup);
    expect(cleanupCount).toBe(expected);
    expect(w.replicas('foo-v2')).toBe(oldReplicas - expected);
  });

  it.each([
    [10, 0, 10, 10, 9],
    [10, 2, 10, 10, 8],
    [10, 2, 8, 10, undefined],
    [10, 2, 10, 0, undefined],
    [10, 2, 1, 10, undefined],
  ] as const)('scaleDownOldReplicaSetsForRollingUpdate: %i replicas, maxUnavailable %i, %i ready of %i old -> %s', (depReplicas, unavailable, ready, oldReplicas, expected) => {
    const w = world(newDeployment(depReplicas, 0, unavailable), [{ name: 'foo-v2', replicas: oldReplicas, available: ready, created: 0 }]);
    const n = scaleDownOldReplicaSetsForRollingUpdate(w.sync, [w.rs('foo-v2')], [w.rs('foo-v2')]);
    expect(n > 0).toBe(expected !== undefined);
    expect(w.replicas('foo-v2')).toBe(expected ?? oldReplicas);
  });
});

describe('ported from sync_test.go TestScale (proportional scaling)', () => {
  type Case = { name: string; d: number; old: number; surge?: number; oldSurge?: number; newRS?: [string, number]; olds: Array<[string, number]>; expectNew?: number; expectOld: number[]; available?: number };
  const cases: Case[] = [
    { name: 'normal scaling event: 10 -> 12', d: 12, old: 10, newRS: ['foo-v1', 10], olds: [], expectNew: 12, expectOld: [] },
    { name: 'normal scaling event: 10 -> 5', d: 5, old: 10, newRS: ['foo-v1', 10], olds: [], expectNew: 5, expectOld: [] },
    { name: 'proportional scaling: 5 -> 10', d: 10, old: 5, newRS: ['foo-v2', 2], olds: [['foo-v1', 3]], expectNew: 4, expectOld: [6] },
    { name: 'proportional scaling: 5 -> 3', d: 3, old: 5, newRS: ['foo-v2', 2], olds: [['foo-v1', 3]], expectNew: 1, expectOld: [2] },
    { name: 'proportional scaling: 9 -> 4', d: 4, old: 9, newRS: ['foo-v2', 8], olds: [['foo-v1', 1]], expectNew: 4, expectOld: [0] },
    { name: 'proportional scaling: 7 -> 10', d: 10, old: 7, newRS: ['foo-v3', 2], olds: [['foo-v2', 3], ['foo-v1', 2]], expectNew: 3, expectOld: [4, 3] },
    { name: 'proportional scaling: 13 -> 8', d: 8, old: 13, newRS: ['foo-v3', 2], olds: [['foo-v2', 8], ['foo-v1', 3]], expectNew: 1, expectOld: [5, 2] },
    { name: 'leftover distribution: 3 -> 4', d: 4, old: 3, newRS: ['foo-v3', 1], olds: [['foo-v2', 1], ['foo-v1', 1]], expectNew: 2, expectOld: [1, 1] },
    { name: 'leftover distribution: 3 -> 2', d: 2, old: 3, newRS: ['foo-v3', 1], olds: [['foo-v2', 1], ['foo-v1', 1]], expectNew: 1, expectOld: [1, 0] },
    { name: 'proportional scaling (no new rs): 4 -> 5', d: 5, old: 4, olds: [['foo-v2', 2], ['foo-v1', 2]], expectOld: [3, 2] },
    { name: 'proportional scaling: 6 -> 0', d: 0, old: 6, newRS: ['foo-v3', 3], olds: [['foo-v2', 2], ['foo-v1', 1]], expectNew: 0, expectOld: [0, 0] },
    { name: 'proportional scaling: 0 -> 6', d: 6, old: 6, newRS: ['foo-v3', 0], olds: [['foo-v2', 0], ['foo-v1', 0]], expectNew: 6, expectOld: [0, 0] },
    { name: 'deployment with surge pods', d: 20, old: 10, surge: 2, oldSurge: 2, newRS: ['foo-v2', 6], olds: [['foo-v1', 6]], expectNew: 11, expectOld: [11] },
    { name: 'change both surge and size', d: 50, old: 10, surge: 6, oldSurge: 3, newRS: ['foo-v2', 5], olds: [['foo-v1', 8]], expectNew: 22, expectOld: [34] },
    { name: 'change both size and template', d: 14, old: 10, olds: [['foo-v2', 7], ['foo-v1', 3]], expectOld: [10, 4] },
    { name: 'saturated but broken new replica set does not affect old pods', d: 2, old: 2, surge: 1, oldSurge: 1, newRS: ['foo-v2', 2], olds: [['foo-v1', 1]], expectNew: 2, expectOld: [1], available: 0 },
  ];
  it.each(cases)('$name', (c) => {
    const annotate = { desired: c.old, max: c.old + (c.oldSurge ?? 0) };
    // Upstream's timestamps: foo-v1 oldest; the test lists olds newest first.
    const sets = [...c.olds].reverse().map(([name, replicas], i) => ({ name, replicas, created: i, annotate, available: replicas }));
    if (c.newRS !== undefined) sets.push({ name: c.newRS[0], replicas: c.newRS[1], created: 10, annotate, available: c.available ?? c.newRS[1] });
    const d = newDeployment(c.d, c.surge ?? 0, 0);
    if (c.available === undefined) d.spec.strategy.rollingUpdate.maxUnavailable = 0;
    const w = world(d, sets);
    scale(w.sync, c.newRS === undefined ? undefined : w.rs(c.newRS[0]), c.olds.map(([name]) => w.rs(name)));
    if (c.newRS !== undefined) expect(w.replicas(c.newRS[0])).toBe(c.expectNew);
    expect(c.olds.map(([name]) => w.replicas(name))).toEqual(c.expectOld);
  });
});

describe('ported from sync_test.go TestDeploymentController_cleanupDeployment', () => {
  it.each([
    ['three empty, limit 1: two deleted', [[0, 0], [0, 0], [0, 0]], 1, 2],
    ['only the one with spec and status 0 goes', [[0, 0], [0, 1], [1, 0], [1, 1]], 0, 1],
    ['two empty, limit 0: both deleted', [[0, 0], [0, 0]], 0, 2],
    ['two with pods, limit 0: none deleted', [[1, 1], [1, 1]], 0, 0],
    ['unlimited history: none deleted', [[0, 0], [0, 0], [0, 0]], 2147483647, 0],
  ] as const)('%s', (_name, sets, limit, deletions) => {
    const w = world(newDeployment(1, 0, 0, limit), sets.map(([replicas, status], i) => ({ name: `foo-${i + 1}`, replicas, status, created: i })));
    cleanupDeployment(w.sync, sets.map((_, i) => w.rs(`foo-${i + 1}`)));
    expect(sets.filter((_, i) => !w.exists(`foo-${i + 1}`)).length).toBe(deletions);
  });
});
