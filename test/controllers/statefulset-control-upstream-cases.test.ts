import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { isRunningAndReady, ordinalOf } from '../../core/controllers/statefulset/stateful-set-utils.js';
import { burst, burstInvariants, monotonic, monotonicUpdate, newStatefulSet, POLICIES, World, type Invariants } from './statefulset-world.js';

/*
 * Key cases of kubernetes/kubernetes pkg/controller/statefulset/stateful_set_control_test.go
 * (v1.32), run as upstream runs them: each TestStatefulSetControl scenario for every
 * persistentVolumeClaimRetentionPolicy, with OrderedReady (monotonic invariants: no
 * pod Ready before its predecessor) and with Parallel ("burst"); the rolling update,
 * partition and OnDelete tables; history limits and rollback. The controller runs against
 * the real API server; the test moves pods Pending -> Running -> Ready itself.
 */

type Scenario = (w: World, invariants: Invariants) => void;
type Fault = { verb: string; kind: string; after: number };

const image = (p: Readonly<KObject>): string => p.spec?.containers?.[0]?.image;

const scenarios: Array<[string, number, Scenario, Fault[]?]> = [
  ['CreatesPods', 3, (w, inv) => {
    w.readyAll(inv);
    expect(w.set.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3 });
  }],
  ['ScalesUp', 3, (w, inv) => {
    w.readyAll(inv);
    w.scale(4);
    w.readyAll(inv);
    expect(w.set.status).toMatchObject({ replicas: 4, readyReplicas: 4, updatedReplicas: 4 });
  }],
  ['ScalesDown', 3, (w, inv) => {
    w.readyAll(inv);
    w.scale(0);
    w.drive(inv, () => w.pods().length === 0 && (w.set.status?.replicas ?? 0) === 0);
    expect(w.set.status?.readyReplicas ?? 0).toBe(0);
    expect(w.set.status?.updatedReplicas ?? 0).toBe(0);
  }],
  ['ReplacesPods', 5, (w, inv) => {
    w.readyAll(inv);
    const old = new Map(w.pods().map((p) => [p.metadata.name, p.metadata.uid]));
    for (const o of [0, 2, 4]) w.user.delete('Pod', 'default', `foo-${o}`);
    w.step();
    // Upstream checks no invariants while the deleted pods come back (the test made the gaps).
    w.readyAll(burstInvariants);
    inv(w);
    expect(w.pods().map((p) => p.metadata.name)).toEqual(['foo-0', 'foo-1', 'foo-2', 'foo-3', 'foo-4']);
    expect(w.pods().filter((p) => old.get(p.metadata.name) !== p.metadata.uid).map((p) => p.metadata.name)).toEqual(['foo-0', 'foo-2', 'foo-4']);
  }],
  ['RecreatesFailedPod', 3, (w, inv) => {
    w.readyAll(inv);
    const uid = w.pod(0)?.metadata.uid;
    w.setPhase(0, 'Failed');
    w.step();
    expect(w.pod(0)?.metadata.uid).not.toBe(uid);
    expect(w.pod(0)?.status?.phase).toBe('Pending');
  }],
  ['RecreatesSucceededPod', 3, (w, inv) => {
    w.readyAll(inv);
    const uid = w.pod(0)?.metadata.uid;
    w.setPhase(0, 'Succeeded');
    w.step();
    expect(w.pod(0)?.metadata.uid).not.toBe(uid);
    expect(w.pod(0)?.status?.phase).toBe('Pending');
  }],
  ['CreatePodFailure: the third pod create fails (500), the sync is retried and completes', 3, (w, inv) => {
    w.readyAll(inv);
    expect(w.faults).toEqual([]);
    expect(w.set.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3 });
    expect(w.sim.api.list('Event').items.some((e) => e.reason === 'FailedCreate' && String(e.message).includes('Internal error occurred: API server failed'))).toBe(true);
  }, [{ verb: 'create', kind: 'Pod', after: 2 }]],
  ['UpdateSetStatusFailure: a refused status write is retried', 3, (w, inv) => {
    w.readyAll(inv);
    expect(w.faults).toEqual([]);
    expect(w.set.status).toMatchObject({ replicas: 3, readyReplicas: 3, updatedReplicas: 3 });
  }, [{ verb: 'updateStatus', kind: 'StatefulSet', after: 2 }]],
  ['RecreatesPVCForPendingPod: a Pending pod whose claim was deleted gets it back', 3, (w) => {
    w.step();
    const claim = w.claim('datadir-foo-0') as Readonly<KObject>;
    // Drop the protection finalizer as the PVC protection controller would for an unscheduled pod.
    w.user.patch('PersistentVolumeClaim', 'default', 'datadir-foo-0', { metadata: { finalizers: null } }, 'merge');
    w.user.delete('PersistentVolumeClaim', 'default', 'datadir-foo-0');
    expect(w.claim('datadir-foo-0')).toBeUndefined();
    w.user.patch('Pod', 'default', 'foo-0', { metadata: { labels: { touched: 'yes' } } }, 'merge'); // an event for the set
    w.step();
    expect(w.pod(0)?.status?.phase).toBe('Pending');
    expect(w.claim('datadir-foo-0')?.metadata.uid).not.toBe(claim.metadata.uid);
  }],
];

describe('TestStatefulSetControl', () => {
  for (const [name, replicas, run, faults] of scenarios) {
    for (const policy of POLICIES) {
      for (const mode of ['OrderedReady', 'Parallel'] as const) {
        it(`${name} (${mode}, whenDeleted ${policy.whenDeleted}, whenScaled ${policy.whenScaled})`, () => {
          const base = newStatefulSet(replicas, { persistentVolumeClaimRetentionPolicy: policy });
          const w = new World(mode === 'Parallel' ? burst(base) : base, structuredClone(faults ?? []));
          run(w, mode === 'Parallel' ? burstInvariants : monotonic);
        });
      }
    }
  }
});

describe('TestStatefulSetControlRollingUpdate', () => {
  const cases: Array<[string, KObject, Record<string, unknown>, Invariants, number]> = [
    ['monotonic image update', newStatefulSet(3), {}, monotonicUpdate, 3],
    ['monotonic image update and scale up', newStatefulSet(3), { replicas: 5 }, monotonicUpdate, 5],
    ['monotonic image update and scale down', newStatefulSet(5), { replicas: 3 }, monotonicUpdate, 3],
    ['burst image update', burst(newStatefulSet(3)), {}, burstInvariants, 3],
    ['burst image update and scale up', burst(newStatefulSet(3)), { replicas: 5 }, burstInvariants, 5],
    ['burst image update and scale down', burst(newStatefulSet(5)), { replicas: 3 }, burstInvariants, 3],
  ];
  it.each(cases)('%s: every pod ends on image foo, the update revision becomes current', (_name, initial, change, inv, want) => {
    const w = new World(initial);
    w.readyAll(inv === monotonicUpdate ? monotonic : inv);
    const before = w.set.status?.currentRevision;
    w.patchSpec({ ...change, template: { spec: { containers: [{ name: 'nginx', image: 'foo' }] } } });
    w.drive(inv, () => w.pods().length === want && w.pods().every((p) => image(p) === 'foo' && isRunningAndReady(p)) && w.set.status?.currentRevision === w.set.status?.updateRevision);
    expect(w.set.status?.currentRevision).not.toBe(before);
    expect(w.set.status).toMatchObject({ replicas: want, readyReplicas: want, currentReplicas: want, updatedReplicas: want });
  });

  it('monotonic: pods are replaced from the highest ordinal down, one at a time', () => {
    const w = new World(newStatefulSet(3));
    w.readyAll(monotonic);
    const deletions: string[] = [];
    w.sim.api.writes$.subscribe((e) => {
      if (e.kind === 'Pod' && e.verb === 'delete') deletions.push(e.name);
    });
    w.patchSpec({ template: { spec: { containers: [{ name: 'nginx', image: 'foo' }] } } });
    w.drive(monotonicUpdate, () => w.pods().every((p) => image(p) === 'foo' && isRunningAndReady(p)));
    expect(deletions).toEqual(['foo-2', 'foo-1', 'foo-0']);
  });
});

describe('TestStatefulSetControlRollingUpdateWithPartition', () => {
  it.each([
    ['monotonic, partition 2 of 5', newStatefulSet(5), 2, monotonicUpdate],
    ['monotonic, partition 0 of 5', newStatefulSet(5), 0, monotonicUpdate],
    ['burst, partition 3 of 5', burst(newStatefulSet(5)), 3, burstInvariants],
    ['burst, partition 0 of 5', burst(newStatefulSet(5)), 0, burstInvariants],
  ] as Array<[string, KObject, number, Invariants]>)('%s: ordinals below the partition keep nginx, the others get foo', (_name, initial, partition, inv) => {
    initial.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition } };
    const w = new World(initial);
    w.readyAll(inv === monotonicUpdate ? monotonic : inv);
    w.patchSpec({ template: { spec: { containers: [{ name: 'nginx', image: 'foo' }] } } });
    w.drive(inv, () => w.pods().length === 5 && w.pods().every((p) => isRunningAndReady(p) && image(p) === (ordinalOf(p) < partition ? 'nginx' : 'foo')));
    expect(w.set.status?.updatedReplicas).toBe(5 - partition);
    expect(w.set.status?.currentReplicas ?? 0).toBe(partition === 0 ? 5 : partition);
    // A partitioned update never completes: the old revision stays current.
    expect(w.set.status?.currentRevision === w.set.status?.updateRevision).toBe(partition === 0);
  });
});

describe('TestStatefulSetControlOnDeleteUpdate', () => {
  it.each([
    ['monotonic image update', newStatefulSet(3), monotonic],
    ['burst image update', burst(newStatefulSet(3)), burstInvariants],
  ] as Array<[string, KObject, Invariants]>)('%s: nothing is replaced until pods are deleted, which come back updated', (_name, initial, inv) => {
    initial.spec.updateStrategy = { type: 'OnDelete' };
    const w = new World(initial);
    w.readyAll(inv);
    w.patchSpec({ template: { spec: { containers: [{ name: 'nginx', image: 'foo' }] } } });
    for (let i = 0; i < 20; i++) w.advance();
    expect(w.pods().map(image)).toEqual(['nginx', 'nginx', 'nginx']);
    expect(w.set.status?.updatedReplicas ?? 0).toBe(0);
    for (const p of w.pods()) w.user.delete('Pod', 'default', p.metadata.name ?? '');
    w.step();
    w.readyAll(inv);
    expect(w.pods().map(image)).toEqual(['foo', 'foo', 'foo']);
    expect(w.set.status?.updatedReplicas).toBe(3);
  });
});

describe('history', () => {
  it('TestStatefulSetControlLimitsHistory: 10 updates with revisionHistoryLimit 2 leave at most 2 unused revisions', () => {
    const w = new World(newStatefulSet(3));
    w.readyAll(monotonic);
    for (let i = 0; i < 10; i++) {
      w.patchSpec({ template: { spec: { containers: [{ name: 'nginx', image: `foo-${i}` }] } } });
      w.drive(monotonicUpdate, () => w.pods().every((p) => image(p) === `foo-${i}` && isRunningAndReady(p)) && w.set.status?.currentRevision === w.set.status?.updateRevision);
      const revisions = w.sim.api.list('ControllerRevision').items;
      const live = new Set([w.set.status?.currentRevision, w.set.status?.updateRevision, ...w.pods().map((p) => p.metadata.labels?.['controller-revision-hash'])]);
      expect(revisions.filter((r) => !live.has(r.metadata.name)).length).toBeLessThanOrEqual(2);
    }
  });

  it('TestStatefulSetControlRollback: going back to an earlier template reuses its revision, renumbered as the newest', () => {
    const w = new World(newStatefulSet(3));
    w.readyAll(monotonic);
    const first = w.set.status?.currentRevision as string;
    w.patchSpec({ template: { spec: { containers: [{ name: 'nginx', image: 'foo' }] } } });
 w.drive(monotonicUpdate, () => w.pods().every((p) => image(p) === 'foo' && isRunningAndReady(p)) && w.set.status?.currentRevision === w.set.status?.updateRevision);
    w.patchSpec({ template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } });
    w.drive(monotonicUpdate, () => w.pods().every((p) => image(p) === 'nginx' && isRunningAndReady(p)) && w.set.status?.currentRevision === w.set.status?.updateRevision);
    expect(w.set.status?.updateRevision).toBe(first);
    const revisions = w.sim.api.list('ControllerRevision').items;
    expect(revisions).toHaveLength(2);
    expect(revisions.find((r) => r.metadata.name === first)?.revision).toBe(3);
  });
});
