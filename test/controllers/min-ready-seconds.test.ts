import { describe, expect, it } from 'vitest';
import type { KObject, WriteEvent } from '../../core/api/types.js';
import { isPodAvailable } from '../../core/controllers/pod-util.js';
import { calculateStatus } from '../../core/controllers/replicaset/replica-set-status.js';
import { clusterClock, parseEpoch } from '../../core/sim/time.js';
import { cluster, web } from './cluster-helpers.js';

const MIN_READY_S = 10;
const WATCH_LATENCY_MS = 1;

/** The virtual time each workload pod's Ready condition first turned True (the kubelet's status write; kube-system's kube-proxy pods left out). */
function readyTimes(writes: WriteEvent[]): Map<string, number> {
  const at = new Map<string, number>();
  for (const w of writes) {
    if (w.kind !== 'Pod' || w.namespace !== 'default' || at.has(w.name)) continue;
    const ready = (w.object.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
    if (ready) at.set(w.name, w.timeMs);
  }
  return at;
}

/** [time, availableReplicas] of each status write of one ReplicaSet that changed availableReplicas. */
function availabilitySteps(writes: WriteEvent[], rsName: string): Array<[number, number]> {
  const steps: Array<[number, number]> = [];
  let last = 0;
  for (const w of writes) {
    if (w.kind !== 'ReplicaSet' || w.name !== rsName || w.subresource !== 'status') continue;
    const n = w.object.status?.availableReplicas ?? 0;
    if (n !== last) steps.push([w.timeMs, n]);
    last = n;
  }
  return steps;
}

describe('minReadySeconds', () => {
  it('a 5-replica rollout with maxUnavailable 0 and minReadySeconds 10 completes; each new pod counts as available exactly 10 s after it turned Ready', () => {
    const c = cluster(3);
    c.kubectl.create(web(5, { minReadySeconds: MIN_READY_S, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    c.run(60_000);
    expect(c.sim.api.get('Deployment', 'default', 'web').status).toMatchObject({ replicas: 5, readyReplicas: 5, availableReplicas: 5 });

    const startedAt = 60_000;
    c.kubectl.patch('Deployment', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } }, 'strategic');
    c.run(startedAt + 120_000);

    const d = c.sim.api.get('Deployment', 'default', 'web');
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 });
    const rss = c.sim.api.list('ReplicaSet').items as Array<Readonly<KObject>>;
    const newRs = rss.find((rs) => rs.spec.template.spec.containers[0].image === 'nginx:1.28') as Readonly<KObject>;
    const oldRs = rss.find((rs) => rs !== newRs) as Readonly<KObject>;
    expect(oldRs.spec.replicas).toBe(0);

    // maxSurge 1, maxUnavailable 0: one new pod at a time, and the next only once the
    // previous one has been Ready for 10 s. The ReplicaSet controller's own requeue
    // (minReadySeconds after its status shows every pod Ready) is what notices: its
    // status says "available" at Ready + 10 s + the 1 ms watch latency, not a second later.
    const ready = readyTimes(c.writes);
    const newPods = c.writes.filter((w) => w.kind === 'Pod' && w.verb === 'create' && w.object.metadata.ownerReferences?.[0]?.name === newRs.metadata.name);
    expect(newPods).toHaveLength(5);
    const readyAt = newPods.map((w) => ready.get(w.name) as number).sort((a, b) => a - b);
    const steps = availabilitySteps(c.writes, newRs.metadata.name ?? '');
    expect(steps).toEqual(readyAt.map((t, i) => [t + MIN_READY_S * 1000 + WATCH_LATENCY_MS, i + 1]));
    // The Deployment's status follows its ReplicaSets: complete when the 5th is available.
    const complete = c.writes.find((w) => w.kind === 'Deployment' && w.reason === 'RolloutComplete' && w.timeMs > startedAt);
    expect(complete?.timeMs).toBeGreaterThan((readyAt[4] as number) + MIN_READY_S * 1000);
    expect(complete?.timeMs).toBeLessThan((readyAt[4] as number) + MIN_READY_S * 1000 + 10);
  });

  it('a pod is not available before minReadySeconds have passed since it turned Ready', () => {
    const c = cluster(1);
    c.kubectl.create({ ...web(1, { minReadySeconds: 30 }), kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' } });
    c.run(20_000);
    const readyAt = [...readyTimes(c.writes).values()][0] as number;
    expect(readyAt).toBeLessThan(10_000);
    c.run(readyAt + 29_000);
    expect(c.sim.api.get('ReplicaSet', 'default', 'rs').status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    c.run(readyAt + 31_000);
    expect(c.sim.api.get('ReplicaSet', 'default', 'rs').status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });
});

// Upstream's tests run at metav1.Now(); here now is a virtual instant an hour and a half in.
const NOW = 5_400_000;
const clock = clusterClock(parseEpoch('2026-01-01T00:00:00Z'), () => NOW);

describe('podutil.IsPodAvailable (pkg/api/v1/pod/util_test.go TestIsPodAvailable, v1.32)', () => {
  const pod = (ready: boolean, beforeSec: number | null): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', ...(beforeSec === null ? {} : { lastTransitionTime: clock.timestamp(NOW - beforeSec * 1000) }) }] },
  });
  it.each([
    { ready: false, before: 0, minReady: 0, want: false },
    { ready: true, before: 0, minReady: 1, want: false },
    { ready: true, before: null, minReady: 1, want: false }, // zero lastTransitionTime
    { ready: true, before: 0, minReady: 0, want: true },
    { ready: true, before: 51, minReady: 50, want: true },
    // v1.32 compares with Before (strictly): ready exactly minReadySeconds ago is not yet
    // available. (Upstream made it <= in 1.34, kubernetes#132122.)
    { ready: true, before: 51, minReady: 51, want: false },
    { ready: true, before: 51, minReady: 52, want: false },
  ])('ready $ready since $before s ago, minReadySeconds $minReady: available $want', ({ ready, before, minReady, want }) => {
    expect(isPodAvailable(pod(ready, before), minReady, clock)).toBe(want);
  });
});

describe('ReplicaSet calculateStatus (pkg/controller/replicaset/replica_set_utils_test.go TestCalculateStatus)', () => {
  const rs = (replicas: number, selector: Record<string, string>, minReadySeconds = 0): KObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'foobar', namespace: 'default', generation: 1 },
    spec: { replicas, minReadySeconds, selector: { matchLabels: selector }, template: { metadata: { labels: { name: 'foo', type: 'production' } }, spec: {} } },
  });
  // newPod: Running pods are Ready (with no lastTransitionTime unless given), labelled with the selector.
  const pod = (name: string, owner: KObject, phase: string, readySince?: string): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { ...owner.spec.selector.matchLabels } },
    status: { phase, ...(phase === 'Running' ? { conditions: [{ type: 'Ready', status: 'True', ...(readySince !== undefined ? { lastTransitionTime: readySince } : {}) }] } : {}) },
  });
  const notFullyLabelled = rs(1, { name: 'foo' });
  const fullyLabelled = rs(2, { name: 'foo', type: 'production' });
  const longMinReady = rs(1, { name: 'foo', type: 'production' }, 3600);
  it.each([
    { name: '1 fully labelled pod', rs: fullyLabelled, pods: [pod('pod1', fullyLabelled, 'Running')], want: [1, 1, 1, 1] },
    { name: '1 not fully labelled pod', rs: notFullyLabelled, pods: [pod('pod1', notFullyLabelled, 'Running')], want: [1, 0, 1, 1] },
    { name: '2 fully labelled pods', rs: fullyLabelled, pods: [pod('pod1', fullyLabelled, 'Running'), pod('pod2', fullyLabelled, 'Running')], want: [2, 2, 2, 2] },
    { name: '2 not fully labelled pods', rs: notFullyLabelled, pods: [pod('pod1', notFullyLabelled, 'Running'), pod('pod2', notFullyLabelled, 'Running')], want: [2, 0, 2, 2] },
    { name: '1 fully labelled pod, 1 not fully labelled pod', rs: notFullyLabelled, pods: [pod('pod1', notFullyLabelled, 'Running'), pod('pod2', fullyLabelled, 'Running')], want: [2, 1, 2, 2] },
    { name: '1 non-ready pod', rs: fullyLabelled, pods: [pod('pod1', fullyLabelled, 'Pending')], want: [1, 1, 0, 0] },
    { name: '1 ready but non-available pod', rs: longMinReady, pods: [pod('pod1', longMinReady, 'Running')], want: [1, 1, 1, 0] },
    // Not upstream's: the same with real Ready times on the virtual clock, either side of the hour.
    { name: 'Ready 3599 s ago, minReadySeconds 3600', rs: longMinReady, pods: [pod('pod1', longMinReady, 'Running', clock.timestamp(NOW - 3_599_000))], want: [1, 1, 1, 0] },
    { name: 'Ready 3601 s ago, minReadySeconds 3600', rs: longMinReady, pods: [pod('pod1', longMinReady, 'Running', clock.timestamp(NOW - 3_601_000))], want: [1, 1, 1, 1] },
  ])('$name', ({ rs: set, pods, want }) => {
    const s = calculateStatus(set, pods, clock);
    expect([s.replicas, s.fullyLabeledReplicas, s.readyReplicas, s.availableReplicas]).toEqual(want);
  });
});
