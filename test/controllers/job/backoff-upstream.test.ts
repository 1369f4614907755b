import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { BackoffStore, finishedTime, remainingBackoff } from '../../../core/controllers/job/backoff-utils.js';
import { clusterClock, parseEpoch, type EpochMs } from '../../../core/sim/time.js';

/*
 * Ported from pkg/controller/job/backoff_utils_test.go: TestNewBackoffRecord,
 * TestGetFinishedTime, TestGetRemainingBackoffTime. Times are virtual milliseconds on a
 * clock whose epoch is the tests' 2009-11-10T23:00:00Z, so "defaultTestTime" is 0.
 */

const clock = clusterClock(parseEpoch('2009-11-10T23:00:00Z') as EpochMs, () => 0);
const ts = (ms: number): string => clock.timestamp(ms);

const finished = (phase: string, ms: number): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {},
  status: { phase, containerStatuses: [{ state: { terminated: { finishedAt: ts(ms) } } }] },
});

describe('ported from backoff_utils_test.go', () => {
  it.each([
    ['Empty backoff store and one new failure', undefined, [], [0], { failuresAfterLastSuccess: 1, lastFailureTime: 0 }],
    ['Empty backoff store and two new failures', undefined, [], [0, -1000], { failuresAfterLastSuccess: 2, lastFailureTime: 0 }],
    ['Empty backoff store, two failures followed by success', undefined, [0], [-2000, -1000], { failuresAfterLastSuccess: 0, lastFailureTime: undefined }],
    ['Empty backoff store, two failures, one success and two more failures', undefined, [-2000], [0, -4000, -3000, -1000], { failuresAfterLastSuccess: 2, lastFailureTime: 0 }],
    ['Backoff store having failure count 2 and one new failure', 2, [], [0], { failuresAfterLastSuccess: 3, lastFailureTime: 0 }],
    ['Empty backoff store with success and failure at same timestamp', undefined, [0], [0], { failuresAfterLastSuccess: 0, lastFailureTime: undefined }],
    ['Empty backoff store with no success/failure', undefined, [], [], { failuresAfterLastSuccess: 0, lastFailureTime: undefined }],
    ['Empty backoff store with one success', undefined, [0], [], { failuresAfterLastSuccess: 0, lastFailureTime: undefined }],
  ] as const)('TestNewBackoffRecord: %s', (_name, stored, succeeded, failed, want) => {
    // Upstream's timestamps are a millisecond apart; metav1.Time keeps seconds here, so they are a second apart.
    const store = new BackoffStore();
    if (stored !== undefined) store.update({ key: 'key', failuresAfterLastSuccess: stored, lastFailureTime: undefined });
    const r = store.next('key', succeeded.map((t) => finished('Succeeded', t)), failed.map((t) => finished('Failed', t)), clock);
    expect(r).toEqual({ key: 'key', ...want });
  });

  const pod = (meta: Record<string, unknown>, status: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta, status });
  const terminated = (ms?: number) => ({ state: { terminated: ms === undefined ? {} : { finishedAt: ts(ms) } } });
  const running = { state: { running: {} } };
  it.each([
    ['Pod with multiple containers and all containers terminated', pod({}, { containerStatuses: [terminated(-1000), terminated(0), terminated(-2000)] }), 0],
    ['two terminated and one running: fallback to deletionTimestamp', pod({ deletionTimestamp: ts(0) }, { containerStatuses: [terminated(-1000), running, terminated(-2000)] }), 0],
    ['fallback to deletionTimestamp', pod({ deletionTimestamp: ts(0) }, { containerStatuses: [running] }), 0],
    ['fallback to deletionTimestamp, decremented by grace period', pod({ deletionTimestamp: ts(0), deletionGracePeriodSeconds: 30 }, { containerStatuses: [running] }), -30_000],
    ['fallback to PodReady.LastTransitionTime when status of the condition is False', pod({}, { containerStatuses: [terminated()], conditions: [{ type: 'Ready', status: 'False', reason: 'PodFailed', lastTransitionTime: ts(0) }] }), 0],
    ['skip fallback to PodReady.LastTransitionTime when status of the condition is True', pod({ deletionTimestamp: ts(0) }, { containerStatuses: [terminated()], conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts(-30_000) }] }), 0],
    ['fallback to creationTimestamp', pod({ creationTimestamp: ts(0) }, { containerStatuses: [terminated()] }), 0],
  ] as const)('TestGetFinishedTime: %s', (_name, p, want) => {
    expect(finishedTime(p, clock)).toBe(want);
  });

  it.each([
    ['no failures', 0, undefined, 0, 0],
    ['one failure; current time and failure time are same', 1, 0, 0, 5],
    ['one failure; current time == 1 second + failure time', 1, 0, 1000, 4],
    ['one failure; current time == expected backoff time', 1, 0, 5000, 0],
    ['one failure; current time == expected backoff time + 1 Second', 1, 0, 6000, 0],
    ['three failures; current time and failure time are same', 3, 0, 0, 20],
    ['eight failures; backoff not exceeding maxBackoff', 8, 0, 0, 640],
    ['nine failures; backoff exceeding maxBackoff', 9, 0, 0, 700],
  ] as const)('TestGetRemainingBackoffTime: %s (5 s doubling, at most 700 s)', (_name, failures, last, now, wantSeconds) => {
    expect(remainingBackoff(failures, last, now, 5_000, 700_000)).toBe(wantSeconds * 1000);
  });

  it('the v1.32 defaults: 10 s, 20 s, 40 s ... capped at 10 minutes from the 7th failure on', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => remainingBackoff(n, 0, 0) / 1000)).toEqual([10, 20, 40, 80, 160, 320, 600, 600]);
  });
});
