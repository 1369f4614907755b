import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { compareActivePods } from '../../../core/controllers/job/active-pods.js';
import { calculateSucceededIndexes, duplicatedIndexPods, firstPendingIndexes, generateNameWithIndex } from '../../../core/controllers/job/indexed-job-utils.js';
import { has, intervalsString, parseIndexes, type Intervals } from '../../../core/controllers/job/intervals.js';
import type { SyncJobCtx } from '../../../core/controllers/job/sync-context.js';
import { clusterClock, parseEpoch, type EpochMs } from '../../../core/sim/time.js';

/*
 * Ported from pkg/controller/job/indexed_job_utils_test.go: TestCalculateSucceededIndexes,
 * TestIntervalsHaveIndex, TestFirstPendingIndexes, TestAppendDuplicatedIndexPodsForRemoval,
 * TestPodGenerateNameWithIndex.
 */

const NO_INDEX = '-';
type IP = [string, string];
const clock = clusterClock(parseEpoch('2026-01-01T00:00:00Z') as EpochMs, () => 0);
const hollow = (list: IP[]): KObject[] =>
  list.map(([index, phase]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(index === NO_INDEX ? {} : { annotations: { 'batch.kubernetes.io/job-completion-index': index } }), finalizers: ['batch.kubernetes.io/job-tracking'] },
    status: { phase },
  }));
const iv = (...pairs: Array<[number, number]>): Intervals => pairs.map(([first, last]) => ({ first, last }));
const back = (pods: ReadonlyArray<Readonly<KObject>>): IP[] => pods.map((p) => [p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] ?? NO_INDEX, p.status.phase]);

describe('ported from indexed_job_utils_test.go', () => {
  it.each([
    ['one index', '', [['1', 'Succeeded']], 2, iv(), iv([1, 1])],
    ['two separate', '', [['2', 'Failed'], ['5', 'Succeeded'], ['5', 'Succeeded'], ['10', 'Failed'], ['10', 'Succeeded']], 11, iv(), iv([5, 5], [10, 10])],
    ['two intervals', '', [['0', 'Running'], ['1', 'Pending'], ['2', 'Succeeded'], ['3', 'Succeeded'], ['5', 'Succeeded'], ['6', 'Succeeded'], ['7', 'Succeeded']], 8, iv(), iv([2, 3], [5, 7])],
    ['one index and one interval', '', [['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Succeeded'], ['3', 'Succeeded'], ['4', 'Succeeded'], ['5', 'Succeeded'], [NO_INDEX, 'Succeeded'], ['-2', 'Succeeded']], 6, iv(), iv([0, 0], [2, 5])],
    ['out of range', '', [['0', 'Succeeded'], ['1', 'Succeeded'], ['2', 'Succeeded'], ['3', 'Failed'], ['4', 'Succeeded'], ['5', 'Succeeded'], [NO_INDEX, 'Succeeded'], ['-2', 'Succeeded']], 5, iv(), iv([0, 2], [4, 4])],
    ['prev interval out of range', '0-5,8-10', [], 8, iv([0, 5]), iv([0, 5])],
    ['prev interval partially out of range', '0-5,8-10', [], 10, iv([0, 5], [8, 9]), iv([0, 5], [8, 9])],
    ['prev and new separate', '0,4,5,10-12', [['2', 'Succeeded'], ['7', 'Succeeded'], ['8', 'Succeeded']], 13, iv([0, 0], [4, 5], [10, 12]), iv([0, 0], [2, 2], [4, 5], [7, 8], [10, 12])],
    ['prev between new', '3,4,6', [['2', 'Succeeded'], ['7', 'Succeeded'], ['8', 'Succeeded']], 9, iv([3, 4], [6, 6]), iv([2, 4], [6, 8])],
    ['new between prev', '2,7,8', [['3', 'Succeeded'], ['4', 'Succeeded'], ['6', 'Succeeded']], 9, iv([2, 2], [7, 8]), iv([2, 4], [6, 8])],
    ['new within prev', '2-7', [['0', 'Succeeded'], ['3', 'Succeeded'], ['5', 'Succeeded'], ['9', 'Succeeded']], 10, iv([2, 7]), iv([0, 0], [2, 7], [9, 9])],
    ['corrupted interval', '0,1-foo,bar', [['3', 'Succeeded']], 4, iv([0, 0]), iv([0, 0], [3, 3])],
  ] as Array<[string, string, IP[], number, Intervals, Intervals]>)('TestCalculateSucceededIndexes: %s', (_name, prev, pods, completions, wantStatus, want) => {
    const job: KObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: {}, spec: { completions }, status: { completedIndexes: prev } };
    const r = calculateSucceededIndexes(job, hollow(pods));
    expect(r.prev).toEqual(wantStatus);
    expect(r.now).toEqual(want);
  });

  it.each([
    ['empty', iv(), 4, false],
    ['before all', iv([2, 4], [5, 7]), 1, false],
    ['after all', iv([2, 4], [6, 8]), 9, false],
    ['in between', iv([2, 4], [6, 8]), 5, false],
    ['in first', iv([2, 4], [6, 8]), 2, true],
    ['in second', iv([2, 4], [6, 8]), 8, true],
  ] as Array<[string, Intervals, number, boolean]>)('TestIntervalsHaveIndex: %s', (_name, intervals, index, want) => {
    expect(has(intervals, index)).toBe(want);
  });

  it.each([
    ['cnt greater than completions', 5, 3, [], iv(), [0, 1, 2]],
    ['cnt less than completions', 2, 5, [], iv(), [0, 1]],
    ['first pods active', 3, 10, [['0', 'Running'], ['1', 'Pending']], iv(), [2, 3, 4]],
    ['last pods active or succeeded', 6, 6, [['6', 'Pending']], iv([4, 5]), [0, 1, 2, 3]],
    ['mixed', 5, 20, [['3', 'Pending'], ['5', 'Running'], ['8', 'Pending'], [NO_INDEX, 'Running'], ['-3', 'Running']], iv([2, 4], [9, 9]), [0, 1, 6, 7, 10]],
  ] as Array<[string, number, number, IP[], Intervals, number[]]>)('TestFirstPendingIndexes: %s', (_name, count, completions, active, succeeded, want) => {
    const ctx = { job: { apiVersion: 'batch/v1', kind: 'Job', metadata: {}, spec: { completions } }, pods: hollow(active), activePods: hollow(active), succeededIndexes: succeeded, failedIndexes: undefined } as unknown as SyncJobCtx;
    expect(firstPendingIndexes(ctx, count, completions)).toEqual(want);
  });

  it.each([
    ['all unique', [[NO_INDEX, 'Pending'], ['2', 'Pending'], ['5', 'Running'], ['6', 'Running']], [[NO_INDEX, 'Pending'], ['6', 'Running']], [['2', 'Pending'], ['5', 'Running']]],
    ['all with index', [['5', 'Pending'], ['0', 'Running'], ['3', 'Pending'], ['0', 'Running'], ['3', 'Running'], ['0', 'Pending'], ['6', 'Running'], ['6', 'Pending']], [['0', 'Pending'], ['0', 'Running'], ['3', 'Pending'], ['6', 'Running'], ['6', 'Pending']], [['0', 'Running'], ['3', 'Running'], ['5', 'Pending']]],
    ['mixed', [[NO_INDEX, 'Pending'], ['invalid', 'Running'], ['-2', 'Running'], ['0', 'Pending'], ['1', 'Pending'], ['1', 'Pending'], ['1', 'Running']], [[NO_INDEX, 'Pending'], ['invalid', 'Running'], ['-2', 'Running'], ['1', 'Pending'], ['1', 'Pending']], [['0', 'Pending'], ['1', 'Running']]],
  ] as Array<[string, IP[], IP[], IP[]]>)('TestAppendDuplicatedIndexPodsForRemoval: %s', (_name, pods, wantRm, wantLeft) => {
    const r = duplicatedIndexPods(hollow(pods), 6, (a, b) => compareActivePods(a, b, clock));
    expect(back(r.rm)).toEqual(wantRm);
    expect(back(r.left)).toEqual(wantLeft);
  });

  it.each([
    ['short job name', 'indexed-job', 1, 'indexed-job-1-'],
    ['job name exceeds MaxGeneneratedNameLength', 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo', 1, 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'],
    ['job name with index suffix exceeds MaxGeneratedNameLength', 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo', 1, 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'],
  ])('TestPodGenerateNameWithIndex: %s', (_name, job, index, want) => {
    expect(generateNameWithIndex(job, index)).toBe(want);
  });

  it('status.completedIndexes prints two adjacent indexes with a comma and three or more as a range', () => {
    expect(intervalsString(iv([0, 0], [2, 3], [5, 9]))).toBe('0,2,3,5-9');
    expect(parseIndexes('0,2,3,5-9', 20)).toEqual(iv([0, 0], [2, 3], [5, 9]));
  });
});
