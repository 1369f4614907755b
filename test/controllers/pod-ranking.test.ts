import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { compareForDeletion, podsToDelete, type RankedPod } from '../../core/controllers/replicaset/pod-ranking.js';
import { clusterClock, parseEpoch } from '../../core/sim/time.js';
import { cluster, web } from './cluster-helpers.js';

// Upstream's tests run at metav1.Now(); here "now" is virtual time 40 days into a
// recording, so "a month ago" is a real instant of the same clock.
const DAY = 86_400_000;
const NOW = 40 * DAY;
const clock = clusterClock(parseEpoch('2026-01-01T00:00:00Z'), () => NOW);
const ago = (ms: number): string => clock.timestamp(NOW - ms);

describe('ActivePodsWithRanks (pkg/controller/controller_utils_test.go TestSortingActivePodsWithRanks, LogarithmicScaleDown on)', () => {
  const now = ago(0);
  const then1Month = ago(30 * DAY);
  const then2Hours = ago(2 * 3_600_000);
  const then5Hours = ago(5 * 3_600_000);
  const then8Hours = ago(8 * 3_600_000);
  const zero = undefined; // Go's zero metav1.Time: no timestamp at all
  const pod = (name: string, node: string, phase: string, ready: boolean, restarts: number, readySince: string | undefined, created: string | undefined, cost?: string): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(created !== undefined ? { creationTimestamp: created } : {}), ...(cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': cost } } : {}) },
    spec: { nodeName: node },
    status: {
      phase,
      ...(ready ? { conditions: [{ type: 'Ready', status: 'True', ...(readySince !== undefined ? { lastTransitionTime: readySince } : {}) }], containerStatuses: [{ restartCount: restarts }] } : {}),
    },
  });
  const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0, zero, zero);
  const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0, zero, zero);
  const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0, zero, zero);
  const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0, zero, zero);
  const runningReadyNoLastTransitionTimePod = pod('ready-no-last-transition-time', 'node', 'Running', true, 0, zero, zero);
  const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, now, now);
  const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, then1Month, then1Month);
  const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, now, now);
  const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, now, then1Month);
  const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, now, then1Month, '10');
  const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, now, then1Month, '100');
  const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, then5Hours, then5Hours);
  const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, then8Hours, then8Hours);
  const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, then2Hours, then1Month);
  const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, then5Hours, then1Month);
  const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, then8Hours, then1Month);

  const equal: Array<[KObject, KObject?]> = [
    [unscheduledPod],
    [scheduledPendingPod],
    [unknownPhasePod],
    [runningNotReadyPod],
    [runningReadyNowCreatedThen],
    [runningReadyNow],
    [runningReadyThen],
    [runningReadyNowHighRestarts],
    // 5 h and 8 h are both in [2^44, 2^45) ns: the same bucket, and no uids to tell them apart
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ];
  it.each(equal.map(([p1, p2], i) => [i, p1, p2 ?? p1] as const))('equality %i: %#', (_i, p1, p2) => {
    expect(compareForDeletion({ pod: p1, rank: 1 }, { pod: p2, rank: 1 }, clock)).toBe(0);
    expect(compareForDeletion({ pod: p2, rank: 1 }, { pod: p1, rank: 1 }, clock)).toBe(0);
  });

  const r = (p: KObject, rank: number): RankedPod => ({ pod: p, rank });
  const lessThan: Array<[RankedPod, RankedPod]> = [
    [r(unscheduledPod, 1), r(scheduledPendingPod, 2)],
    [r(unscheduledPod, 2), r(scheduledPendingPod, 1)],
    [r(scheduledPendingPod, 1), r(unknownPhasePod, 2)],
    [r(unknownPhasePod, 1), r(runningNotReadyPod, 2)],
    [r(runningNotReadyPod, 1), r(runningReadyNoLastTransitionTimePod, 1)],
    [r(runningReadyNoLastTransitionTimePod, 1), r(runningReadyNow, 1)],
    [r(runningReadyNow, 2), r(runningReadyNoLastTransitionTimePod, 1)],
    [r(runningReadyNow, 1), r(runningReadyThen, 1)],
    [r(runningReadyNow, 2), r(runningReadyThen, 1)],
    [r(runningReadyNowHighRestarts, 1), r(runningReadyNow, 1)],
    [r(runningReadyNow, 2), r(runningReadyNowHighRestarts, 1)],
    [r(runningReadyNow, 1), r(runningReadyNowCreatedThen, 1)],
    [r(runningReadyNowCreatedThen, 2), r(runningReadyNow, 1)],
    [r(lowPodDeletionCost, 2), r(highPodDeletionCost, 1)],
    [r(ready2Hours, 1), r(ready5Hours, 1)],
  ];
  it.each(lessThan.map(([a, b], i) => [i, a, b] as const))('inequality %i: %#', (_i, lesser, greater) => {
    expect(compareForDeletion(lesser, greater, clock), `${lesser.pod.metadata.name}/${lesser.rank} before ${greater.pod.metadata.name}/${greater.rank}`).toBeLessThan(0);
    expect(compareForDeletion(greater, lesser, clock)).toBeGreaterThan(0);
  });

  it('one log2 bucket: the lower uid goes first; a bucket apart: the younger, whatever the uids', () => {
    const withUid = (p: KObject, uid: string): KObject => ({ ...p, metadata: { ...p.metadata, uid } });
    // 5 h and 8 h share a bucket: uid decides, both ways round.
    expect(compareForDeletion(r(withUid(ready10Hours, 'a'), 1), r(withUid(ready5Hours, 'b'), 1), clock)).toBeLessThan(0);
    expect(compareForDeletion(r(withUid(ready5Hours, 'a'), 1), r(withUid(ready10Hours, 'b'), 1), clock)).toBeLessThan(0);
    // 2 h is bucket 42, 5 h bucket 44: the younger goes first even with the higher uid.
    expect(compareForDeletion(r(withUid(ready2Hours, 'z'), 1), r(withUid(ready5Hours, 'a'), 1), clock)).toBeLessThan(0);
  });
});

describe('getPodsToDelete (pkg/controller/replicaset/replica_set_test.go TestGetPodsToDelete)', () => {
  const pod = (name: string, node: string, phase: string, ready?: boolean): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, uid: name },
    spec: node === '' ? {} : { nodeName: node },
    status: { phase, ...(ready === undefined ? {} : { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] }) },
  });
  const unscheduledPending = pod('unscheduled-pending-pod', '', 'Pending');
  const scheduledPending = pod('scheduled-pending-pod', 'fake-node', 'Pending');
  const scheduledRunningNotReady = pod('scheduled-running-not-ready-pod', 'fake-node', 'Running', false);
  const readyOnNode1 = pod('scheduled-running-ready-pod-on-node-1', 'fake-node-1', 'Running', true);
  const readyOnNode2 = pod('scheduled-running-ready-pod-on-node-2', 'fake-node-2', 'Running', true);
  const cases: Array<{ name: string; pods: KObject[]; related?: KObject[]; diff: number; want: KObject[] }> = [
    { name: 'len(pods) = 0 (i.e., diff = 0 too)', pods: [], diff: 0, want: [] },
    { name: 'diff = len(pods)', pods: [scheduledRunningNotReady, readyOnNode1], diff: 2, want: [scheduledRunningNotReady, readyOnNode1] },
    { name: 'diff < len(pods)', pods: [readyOnNode1, scheduledRunningNotReady], diff: 1, want: [scheduledRunningNotReady] },
    {
      name: 'various pod phases and conditions, diff = len(pods)',
      pods: [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReady, scheduledPending, unscheduledPending],
      diff: 6,
      want: [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReady, scheduledPending, unscheduledPending],
    },
    {
      name: 'various pod phases and conditions, diff = len(pods), relatedPods empty',
      pods: [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReady, scheduledPending, unscheduledPending],
      related: [],
      diff: 6,
      want: [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReady, scheduledPending, unscheduledPending],
    },
    { name: 'scheduled vs unscheduled, diff < len(pods)', pods: [scheduledPending, unscheduledPending], diff: 1, want: [unscheduledPending] },
    { name: 'ready vs not-ready, diff < len(pods)', pods: [readyOnNode1, scheduledRunningNotReady, scheduledRunningNotReady], diff: 2, want: [scheduledRunningNotReady, scheduledRunningNotReady] },
    { name: 'ready and colocated with another ready pod vs not colocated, diff < len(pods)', pods: [readyOnNode1, readyOnNode2], related: [readyOnNode1, readyOnNode2, readyOnNode2], diff: 1, want: [readyOnNode2] },
    { name: 'pending vs running, diff < len(pods)', pods: [scheduledPending, scheduledRunningNotReady], diff: 1, want: [scheduledPending] },
    { name: 'various pod phases and conditions, diff < len(pods)', pods: [readyOnNode1, readyOnNode2, scheduledRunningNotReady, scheduledPending, unscheduledPending], diff: 3, want: [unscheduledPending, scheduledPending, scheduledRunningNotReady] },
  ];
  it.each(cases)('$name', ({ pods, related, diff, want }) => {
    expect(podsToDelete(pods, related ?? pods, diff, clock).map((p) => p.metadata.name)).toEqual(want.map((p) => p.metadata.name));
  });
});

describe('ReplicaSet scale-down in a running cluster', () => {
  // One pod per node (4 nodes), so ranks tie and ages decide. Before the fix "now" was
  // virtual milliseconds against Unix-epoch timestamps: every age was negative, every pod
  // in the same bucket, and the uids chose (for seeds 1 and 2, the two old pods).
  it.each([1, 2, 3])('seed %i: scaling 4 -> 2 deletes the two pods Ready a minute ago and keeps the two Ready for two', (seed) => {
    const c = cluster(4, {}, seed);
    c.kubectl.create(web(2));
    c.run(60_000);
    const old = c.pods('app=web').map((p) => p.metadata.name).sort();
    c.kubectl.scale('Deployment', 'default', 'web', 4);
    c.run(120_000);
    expect(new Set(c.pods('app=web').map((p) => p.spec.nodeName)).size).toBe(4);
    c.kubectl.scale('Deployment', 'default', 'web', 2);
    c.run(180_000);
    const left = c.pods('app=web').filter((p) => p.metadata.deletionTimestamp === undefined);
    expect(left.map((p) => p.metadata.name).sort()).toEqual(old);
    const deleted = c.writes.filter((w) => w.reason === 'SuccessfulDelete' && w.kind === 'Pod').map((w) => w.name);
    expect(deleted).toHaveLength(2);
    expect(deleted.some((n) => old.includes(n))).toBe(false);
  });
});
