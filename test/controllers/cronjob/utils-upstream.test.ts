import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { compareByStartTime, jobFromTemplate, jobName } from '../../../core/controllers/cronjob/job-from-template.js';
import { mostRecentScheduleTime, nextScheduleTimeDuration, NEXT_SCHEDULE_DELTA_MS, type ScheduleState } from '../../../core/controllers/cronjob/schedule-times.js';
import { parseStandard } from '../../../core/cron/parser.js';

/*
 * Ported from pkg/controller/cronjob/utils_test.go: TestMostRecentScheduleTime,
 * TestNextScheduleTime, TestNextScheduleTimeDuration, TestByJobStartTime,
 * TestGetJobFromTemplate2. Times are Unix milliseconds around upstream's top of the hour,
 * 2016-05-19T10:00:00Z (a Thursday).
 */

const TOP = Date.parse('2016-05-19T10:00:00Z');
const M = 60_000;
const H = 3_600_000;
const D = 24 * H;
const at = (ms: number) => TOP + ms;
const cj = (creation: number, last?: number, sds?: number): ScheduleState => ({ creationMs: creation, lastScheduleMs: last, startingDeadlineSeconds: sds });

describe('ported from cronjob utils_test.go', () => {
  it.each([
    ['now before next schedule', '0 * * * *', cj(TOP), false, at(30_000), TOP, undefined, 'none', false],
    ['now just after next schedule', '0 * * * *', cj(TOP), false, at(61 * M), TOP, at(60 * M), 'none', false],
    ['missed 5 schedules', '0 * * * *', cj(at(10_000)), false, at(301 * M), at(10_000), at(300 * M), 'few', false],
    ['complex schedule', '30 6-16/4 * * 1-5', cj(TOP, at(30 * M)), false, at(D + 31 * M), at(30 * M), at(D + 30 * M), 'few', false],
    ['another complex schedule', '30 10,11,12 * * 1-5', cj(TOP, at(30 * M)), false, at(30 * H + 30 * M), at(30 * M), undefined, 'few', false],
    ['complex schedule with longer diff between executions', '30 6-16/4 * * 1-5', cj(TOP, at(30 * M)), false, at(96 * H + 31 * M), at(30 * M), at(96 * H + 30 * M), 'few', false],
    ['complex schedule with shorter diff between executions', '30 6-16/4 * * 1-5', cj(TOP), false, at(D + 31 * M), TOP, at(D + 30 * M), 'few', false],
    ['@every schedule', '@every 1h', cj(at(-59 * M), at(M), 10), false, at(7 * D), at(M), at(6 * D + 23 * H + M), 'many', false],
    ['rogue cronjob', '59 23 31 2 *', cj(at(10_000)), false, at(H), undefined, undefined, 'none', true],
    ['earliestTime being CreationTimestamp and LastScheduleTime', '0 * * * *', cj(TOP, TOP), false, at(30_000), TOP, undefined, 'none', false],
    ['earliestTime being LastScheduleTime', '*/5 * * * *', cj(TOP, at(30 * M)), false, at(31 * M), at(30 * M), undefined, 'none', false],
    ['earliestTime being LastScheduleTime (within StartingDeadlineSeconds)', '*/5 * * * *', cj(TOP, at(30 * M), 60), false, at(31 * M), at(30 * M), undefined, 'none', false],
    ['earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)', '*/5 * * * *', cj(TOP, at(30 * M), 60), true, at(32 * M), at(31 * M), undefined, 'none', false],
  ] as const)('TestMostRecentScheduleTime: %s', (_name, schedule, state, includeSDS, now, earliest, recent, missed, wantErr) => {
    const r = mostRecentScheduleTime(state, now, parseStandard(schedule), includeSDS);
    if (wantErr) {
      expect(r.error).toBeDefined();
      return;
    }
    expect(r.error).toBeUndefined();
    expect(r.earliest).toBe(earliest);
    expect(r.mostRecent).toBe(recent);
    expect(r.missed).toBe(missed);
  });

  /** nextScheduleTime: the most recent unmet time with startingDeadlineSeconds, nothing when it lies ahead. */
  const nextScheduleTime = (state: ScheduleState, now: number, schedule = '0 * * * ?'): number | undefined => {
    const r = mostRecentScheduleTime(state, now, parseStandard(schedule), true);
    return r.mostRecent === undefined || r.mostRecent > now ? undefined : r.mostRecent;
  };
  it('TestNextScheduleTime: hourly on the hour, T1 = the top of the hour, T2 an hour later', () => {
    const T1 = TOP;
    const T2 = at(H);
    expect(nextScheduleTime(cj(T1 - 10 * M), T1 - 7 * M), 'case 1: none needed yet').toBeUndefined();
    expect(nextScheduleTime(cj(T1 - 10 * M), T1 + 2000), 'case 2: one needed').toBe(T1);
    expect(nextScheduleTime(cj(T1 - 10 * M, T1), T1 + 2 * M), 'case 3: known last schedule, none needed').toBeUndefined();
    expect(nextScheduleTime(cj(T1 - 10 * M, T1), T2 + 5 * M), 'case 4: one needed after T1').toBe(T2);
    expect(nextScheduleTime(cj(T1 - 2 * H, T1 - H), T2 + 5 * M), 'case 5: two needed, the latest').toBe(T2);
    expect(nextScheduleTime(cj(T1 - 2 * H, T1 - H), T2 + 10 * D), 'case 6: way ahead, no deadline').toBeDefined();
    expect(nextScheduleTime(cj(T1 - 2 * H, T1 - H, 2 * 3600), T2 + 10 * D), 'case 7: way ahead, short deadline').toBeDefined();
    const rogue = mostRecentScheduleTime(cj(T1 + 10_000), at(H), parseStandard('59 23 31 2 *'), true);
    expect(rogue.mostRecent, 'case 8: a rogue schedule').toBeUndefined();
    expect(rogue.error).toBeDefined();
  });

  it.each([
    ['complex schedule skipping weekend', '30 6-16/4 * * 1-5', cj(TOP, at(30 * M)), at(D + 31 * M), 3 * H + 59 * M],
    ['another complex schedule skipping weekend', '30 10,11,12 * * 1-5', cj(TOP, at(30 * M)), at(30 * H + 30 * M), 66 * H],
    ['once a week cronjob, missed two runs', '0 12 * * 4', cj(TOP, at(2 * H)), at(19 * D + H + 30 * M), 48 * H + 30 * M],
    ['no previous run of a cronjob', '0 12 * * 5', cj(TOP), at(6 * H), 20 * H],
  ] as const)('TestNextScheduleTimeDuration: %s', (_name, schedule, state, now, want) => {
    expect(nextScheduleTimeDuration(state, now, parseStandard(schedule))).toBe(want + NEXT_SCHEDULE_DELTA_MS);
  });

  const job = (name: string, start?: string): KObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, status: start === undefined ? {} : { startTime: start } });
  const startMs = (j: Readonly<KObject>): number => (j.status?.startTime === undefined ? Number.NaN : Date.parse(j.status.startTime));
  it.each([
    ['both have nil start times', [job('b'), job('a')], ['a', 'b']],
    ['only the first has a nil start time', [job('a'), job('b', '2018-01-01T02:03:04Z')], ['b', 'a']],
    ['only the second has a nil start time', [job('a', '2018-01-01T02:03:04Z'), job('b')], ['a', 'b']],
    ['both have non-nil, equal start time', [job('b', '2018-01-01T02:03:04Z'), job('a', '2018-01-01T02:03:04Z')], ['a', 'b']],
    ['both have non-nil, different start time', [job('a', '2019-01-01T02:03:04Z'), job('b', '2018-01-01T02:03:04Z')], ['b', 'a']],
  ])('TestByJobStartTime: %s', (_name, jobs, want) => {
    expect([...jobs].sort((a, b) => compareByStartTime(a, b, startMs)).map((j) => j.metadata.name)).toEqual(want);
  });

  it.each([
    ['UTC timezone and one annotation', 'UTC', { x: 'y' }, '2016-05-19T10:00:00Z', 2],
    ['nil timezone and one annotation', undefined, { x: 'y' }, '2016-05-19T10:00:00Z', 2],
    ['correct timezone and multiple annotation', 'Europe/Rome', { x: 'y', z: 'x' }, '2016-05-19T12:00:00+02:00', 3],
  ] as const)('TestGetJobFromTemplate2: %s', (_name, timeZone, annotations, scheduled, count) => {
    const cron: KObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'mycronjob', namespace: 'snazzycats', uid: '1a2b3c' },
      spec: {
        schedule: '* * * * ?',
        ...(timeZone !== undefined ? { timeZone } : {}),
        jobTemplate: { metadata: { labels: { a: 'b' }, annotations }, spec: { activeDeadlineSeconds: 1, manualSelector: false, template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [{ image: 'foo/bar' }] } } } },
      },
    };
    const j = jobFromTemplate(cron, TOP);
    expect(j.metadata.name).toBe(jobName(cron, TOP));
    expect(j.metadata.name).toBe(`mycronjob-${TOP / 60_000}`);
    expect(Object.keys(j.metadata.labels ?? {})).toHaveLength(1);
    expect(Object.keys(j.metadata.annotations ?? {})).toHaveLength(count);
    expect(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(scheduled);
    expect(j.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'mycronjob', uid: '1a2b3c', controller: true });
    expect(j.spec.activeDeadlineSeconds).toBe(1);
  });
});
