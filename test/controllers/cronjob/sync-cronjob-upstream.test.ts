import { describe, expect, it } from 'vitest';
import type { KObject, WriteEvent } from '../../../core/api/types.js';
import { EventRecorder } from '../../../core/client/event-recorder.js';
import { jobFromTemplate, jobRef } from '../../../core/controllers/cronjob/job-from-template.js';
import { syncCronJob } from '../../../core/controllers/cronjob/sync-cronjob.js';
import { parseStandard } from '../../../core/cron/parser.js';
import { Simulation } from '../../../core/sim/cluster.js';

/*
 * Ported from pkg/controller/cronjob/cronjob_controllerv2_test.go TestControllerV2SyncCronJob:
 * never ran / ran before / still active, for Allow, Forbid and Replace, before and at the
 * hour, with and without startingDeadlineSeconds, a week overdue (TooManyMissedTimes),
 * and jobs the lister has not seen yet. The CronJob, its Job and its status are stored in
 * a real API server whose clock stands at each case's times.
 */

const EPOCH = Date.parse('2016-05-19T08:00:00Z');
const t = (iso: string): number => Date.parse(iso);
const justBeforeThePriorHour = t('2016-05-19T08:59:00Z');
const justAfterThePriorHour = t('2016-05-19T09:01:00Z');
const justBeforeTheHour = t('2016-05-19T09:59:00Z');
const topOfTheHour = t('2016-05-19T10:00:00Z');
const justAfterTheHour = t('2016-05-19T10:01:00Z');
const weekAfterTheHour = t('2016-05-26T10:00:00Z');
const onTheHour = '0 * * * ?';
const errorSchedule = 'obvious error schedule';
const shortDead = 10;
const mediumDead = 2 * 60 * 60;
const longDead = 1_000_000;

type Policy = 'Allow' | 'Forbid' | 'Replace';
// [policy, suspend, schedule, deadline, ranPreviously, stillActive, jobCreationTime, now, expectCreate, expectDelete, expectActive, expectedWarnings, expectRequeueAfter, jobStillNotFoundInLister, jobPresentInCJActiveStatus]
type Case = [Policy, boolean, string, number | undefined, boolean, boolean, number, number, boolean, boolean, number, number, boolean, boolean, boolean];
const A: Policy = 'Allow';
const f: Policy = 'Forbid';
const R: Policy = 'Replace';
const T = true;
const F = false;
const U = undefined;

const cases: Record<string, Case> = {
  'never ran, not valid schedule, A': [A, F, errorSchedule, U, F, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 1, F, F, T],
  'never ran, not valid schedule, F': [f, F, errorSchedule, U, F, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 1, F, F, T],
  'never ran, not time, A': [A, F, onTheHour, U, F, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 0, T, F, T],
  'never ran, not time, F': [f, F, onTheHour, U, F, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 0, T, F, T],
  'never ran, not time, R': [R, F, onTheHour, U, F, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 0, T, F, T],
  'never ran, is time, A': [A, F, onTheHour, U, F, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'never ran, is time, F': [f, F, onTheHour, U, F, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'never ran, is time, R': [R, F, onTheHour, U, F, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'never ran, is time, suspended': [A, T, onTheHour, U, F, F, justAfterThePriorHour, justAfterTheHour, F, F, 0, 0, F, F, T],
  'never ran, is time, past deadline': [A, F, onTheHour, shortDead, F, F, justAfterThePriorHour, justAfterTheHour + (shortDead + 1) * 60_000, F, F, 0, 0, T, F, T],
  'never ran, is time, not past deadline': [A, F, onTheHour, longDead, F, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, not time, A': [A, F, onTheHour, U, T, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 0, T, F, T],
  'prev ran but done, not time, F': [f, F, onTheHour, U, T, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 0, T, F, T],
  'prev ran but done, not time, R': [R, F, onTheHour, U, T, F, justAfterThePriorHour, justBeforeTheHour, F, F, 0, 0, T, F, T],
  'prev ran but done, is time, A': [A, F, onTheHour, U, T, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, is time, F': [f, F, onTheHour, U, T, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, is time, R': [R, F, onTheHour, U, T, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, is time, suspended': [A, T, onTheHour, U, T, F, justAfterThePriorHour, justAfterTheHour, F, F, 0, 0, F, F, T],
  'prev ran but done, is time, past deadline': [A, F, onTheHour, shortDead, T, F, justAfterThePriorHour, justAfterTheHour, F, F, 0, 0, T, F, T],
  'prev ran but done, is time, not past deadline': [A, F, onTheHour, longDead, T, F, justAfterThePriorHour, justAfterTheHour, T, F, 1, 0, T, F, T],
  'still active, not time, A': [A, F, onTheHour, U, T, T, justAfterThePriorHour, justBeforeTheHour, F, F, 1, 0, T, F, T],
  'still active, not time, F': [f, F, onTheHour, U, T, T, justAfterThePriorHour, justBeforeTheHour, F, F, 1, 0, T, F, T],
  'still active, not time, R': [R, F, onTheHour, U, T, T, justAfterThePriorHour, justBeforeTheHour, F, F, 1, 0, T, F, T],
  'still active, is time, A': [A, F, onTheHour, U, T, T, justAfterThePriorHour, justAfterTheHour, T, F, 2, 0, T, F, T],
  'still active, is time, F': [f, F, onTheHour, U, T, T, justAfterThePriorHour, justAfterTheHour, F, F, 1, 0, T, F, T],
  'still active, is time, R': [R, F, onTheHour, U, T, T, justAfterThePriorHour, justAfterTheHour, T, T, 1, 0, T, F, T],
  'still active, is time, suspended': [A, T, onTheHour, U, T, T, justAfterThePriorHour, justAfterTheHour, F, F, 1, 0, F, F, T],
  'still active, is time, past deadline': [A, F, onTheHour, shortDead, T, T, justAfterThePriorHour, justAfterTheHour, F, F, 1, 0, T, F, T],
  'still active, is time, not past deadline': [A, F, onTheHour, longDead, T, T, justAfterThePriorHour, justAfterTheHour, T, F, 2, 0, T, F, T],
  'prev ran but done, long overdue, not past deadline, A': [A, F, onTheHour, longDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 1, T, F, T],
  'prev ran but done, long overdue, not past deadline, R': [R, F, onTheHour, longDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 1, T, F, T],
  'prev ran but done, long overdue, not past deadline, F': [f, F, onTheHour, longDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 1, T, F, T],
  'prev ran but done, long overdue, no deadline, A': [A, F, onTheHour, U, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 1, T, F, T],
  'prev ran but done, long overdue, no deadline, R': [R, F, onTheHour, U, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 1, T, F, T],
  'prev ran but done, long overdue, no deadline, F': [f, F, onTheHour, U, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 1, T, F, T],
  'prev ran but done, long overdue, past medium deadline, A': [A, F, onTheHour, mediumDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, long overdue, past short deadline, A': [A, F, onTheHour, shortDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, long overdue, past medium deadline, R': [R, F, onTheHour, mediumDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, long overdue, past short deadline, R': [R, F, onTheHour, shortDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, long overdue, past medium deadline, F': [f, F, onTheHour, mediumDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 0, T, F, T],
  'prev ran but done, long overdue, past short deadline, F': [f, F, onTheHour, shortDead, T, F, justAfterThePriorHour, weekAfterTheHour, T, F, 1, 0, T, F, T],
  'this ran but done, time drifted back, F': [f, F, onTheHour, U, T, F, justAfterTheHour, justBeforeTheHour, F, F, 0, 0, F, F, F],
  'this started but went missing, not past deadline, A': [A, F, onTheHour, longDead, T, T, topOfTheHour + 100, justAfterTheHour + 100, F, F, 1, 0, T, T, T],
  'this started but went missing, not past deadline, f': [f, F, onTheHour, longDead, T, T, topOfTheHour + 100, justAfterTheHour + 100, F, F, 1, 0, T, T, T],
  'this started but went missing, not past deadline, R': [R, F, onTheHour, longDead, T, T, topOfTheHour + 100, justAfterTheHour + 100, F, F, 1, 0, T, T, T],
  'this started but is not present in cronjob active list, not past deadline, A': [A, F, onTheHour, longDead, T, T, topOfTheHour + 100, justAfterTheHour + 100, F, F, 1, 0, F, F, F],
  'this started but is not present in cronjob active list, not past deadline, f': [f, F, onTheHour, longDead, T, T, topOfTheHour + 100, justAfterTheHour + 100, F, F, 1, 0, F, F, F],
  'this started but is not present in cronjob active list, not past deadline, R': [R, F, onTheHour, longDead, T, T, topOfTheHour + 100, justAfterTheHour + 100, F, F, 1, 0, F, F, F],
};

function run(c: Case) {
  const [policy, suspend, schedule, deadline, ranPreviously, stillActive, jobCreationTime, now, , , , , , notInLister, inActiveStatus] = c;
  const sim = new Simulation({ seed: 1, epoch: '2016-05-19T08:00:00Z' });
  sim.bootstrap([]);
  const user = sim.client('kubectl');
  sim.runUntil((ranPreviously ? justBeforeThePriorHour : justBeforeTheHour) - EPOCH);
  let cj = user.create({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'mycronjob', namespace: 'default' },
    spec: {
      // Validation refuses the error schedule: it is stored as a valid one and swapped in below.
      schedule: schedule === errorSchedule ? onTheHour : schedule,
      concurrencyPolicy: policy,
      suspend,
      ...(deadline !== undefined ? { startingDeadlineSeconds: deadline } : {}),
      jobTemplate: { metadata: { labels: { a: 'b' }, annotations: { x: 'y' } }, spec: { parallelism: 1, completions: 1, template: { metadata: { labels: { foo: 'bar' } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'foo/bar' }] } } } },
    },
  });
  const jobs: Array<Readonly<KObject>> = [];
  if (ranPreviously) {
    let job = user.create(jobFromTemplate(cj, jobCreationTime));
    if (!stillActive) job = user.updateStatus({ ...job, status: { startTime: job.metadata.creationTimestamp, completionTime: sim.api.timestamp(jobCreationTime - EPOCH + 10_000), conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] } } as KObject);
    const status: Record<string, unknown> = { lastScheduleTime: sim.api.timestamp(justAfterThePriorHour - EPOCH) };
    if (stillActive) status.active = [jobRef(job)];
    cj = user.updateStatus({ ...cj, status } as KObject);
    // A cache that has not seen the status write yet: the API server's copy lists the Job.
    if (stillActive && !inActiveStatus) cj = { ...cj, status: { lastScheduleTime: cj.status.lastScheduleTime } };
    if (!notInLister) jobs.push(job);
  }
  sim.runUntil(now - EPOCH);
  if (schedule === errorSchedule) cj = { ...cj, spec: { ...cj.spec, schedule } };
  const writes: WriteEvent[] = [];
  sim.api.writes$.subscribe((w) => writes.push(w));
  const status = structuredClone(cj.status ?? {});
  const r = syncCronJob(sim.client('cronjob-controller'), new EventRecorder('cronjob-controller'), cj, status, jobs);
  return { r, status, writes, now };
}

describe('ported from cronjob_controllerv2_test.go TestControllerV2SyncCronJob', () => {
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const [, , schedule, , , , , now, expectCreate, expectDelete, expectActive, expectedWarnings, expectRequeueAfter] = c;
    const { r, status, writes } = run(c);
    const mine = writes.filter((w) => w.actor === 'cronjob-controller');
    expect(mine.filter((w) => w.kind === 'Job' && w.verb === 'create').length, 'creates').toBe(expectCreate ? 1 : 0);
    expect(mine.some((w) => w.kind === 'Job' && w.verb === 'delete'), 'delete').toBe(expectDelete);
    expect((status.active ?? []).length, 'active').toBe(expectActive);
    expect(mine.filter((w) => w.kind === 'Event' && (w.object as KObject).type === 'Warning').length, 'warnings').toBe(expectedWarnings);
    if (expectRequeueAfter) {
      const next = parseStandard(schedule).next(now) as number;
      expect(r.requeueAfterMs, 'requeue after').toBe(next + 100 - now);
    }
    if (expectCreate) {
      const created = mine.find((w) => w.kind === 'Job' && w.verb === 'create')?.object as KObject;
      expect(created.metadata.name).toMatch(/^mycronjob-\d+$/);
      expect(status.lastScheduleTime).toBeDefined();
    }
  });
});
