import { ApiError, errorText, failure } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { CronParseError, parseStandard } from '../../cron/parser.js';
import type { Schedule } from '../../cron/schedule.js';
import { TimeZone, UnknownTimeZoneError } from '../../cron/time-zone.js';
import { unixMsAt, virtualAtUnixMs } from '../../sim/time.js';
import { controllerOf } from '../controller-ref.js';
import { finishedConditionType, isJobFinished, isJobSucceeded } from '../job/conditions.js';
import { deleteJob } from './cleanup.js';
import { jobFromTemplate, jobName, jobRef } from './job-from-template.js';
import { mostRecentScheduleTime, nextScheduleTimeDuration, type ScheduleState } from './schedule-times.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- cronjob status is open JSON */

export interface SyncResult {
  /** Look again after this long (virtual ms); undefined: not until something changes. */
  requeueAfterMs: number | undefined;
  updateStatus: boolean;
  error: ApiError | undefined;
}

/** formatSchedule: a timeZone becomes the schedule's TZ= prefix (a TZ already in the schedule is warned about and kept). */
export function formatSchedule(cronJob: Readonly<KObject>, warn: ((reason: string, message: string) => void) | undefined): string {
  const schedule: string = cronJob.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    warn?.('UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    return schedule;
  }
  const tz = cronJob.spec?.timeZone;
  if (typeof tz !== 'string') return schedule;
  try {
    TimeZone.load(tz);
  } catch {
    return schedule;
  }
  return `TZ=${tz} ${schedule}`;
}

/** A CronJob's times on the wall clock (Unix ms), from its timestamps. */
export function scheduleState(client: Client, cronJob: Readonly<KObject>): ScheduleState {
  const unix = (ts: unknown): number | undefined => (typeof ts === 'string' ? unixMsAt(client.api, client.api.virtualOf(ts)) : undefined);
  return {
    creationMs: unix(cronJob.metadata.creationTimestamp) ?? 0,
    lastScheduleMs: unix(cronJob.status?.lastScheduleTime),
    startingDeadlineSeconds: typeof cronJob.spec?.startingDeadlineSeconds === 'number' ? cronJob.spec.startingDeadlineSeconds : undefined,
  };
}

/** RFC 1123 with a numeric zone, as Go's time.RFC1123Z prints a UTC time: "Thu, 01 Jan 2026 00:05:00 +0000". */
function rfc1123z(unixMs: number): string {
  const iso = TimeZone.UTC.rfc3339(unixMs);
  const [date, time] = iso.replace('Z', '').split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const weekday = TimeZone.UTC.civil(unixMs).weekday;
  return `${days[weekday]}, ${String(d).padStart(2, '0')} ${months[m - 1]} ${y} ${time} +0000`;
}

/**
 * syncCronJob (cronjob_controllerv2.go, v1.32): reconcile status.active with the Jobs
 * there are (SawCompletedJob, MissingJob, lastSuccessfulTime), then, unless suspended or
 * being deleted, start the most recent unmet schedule time: not when it is more than
 * startingDeadlineSeconds late (MissSchedule), not twice, not beside a running Job with
 * Forbid (JobAlreadyActive), after deleting the running ones with Replace. Then wait for
 * the next schedule time. `status` is this sync's copy, written by the caller.
 */
export function syncCronJob(client: Client, events: EventRecorder, cronJob: Readonly<KObject>, status: any, jobs: ReadonlyArray<Readonly<KObject>>): SyncResult {
  let update = false;
  const record = (type: 'Normal' | 'Warning', reason: string, message: string): void => void events.record(client, cronJob, type, reason, message);
  const children = new Set<string>();
  for (const j of jobs) {
    children.add(j.metadata.uid ?? '');
    const found = (status.active ?? []).some((r: any) => r.uid === j.metadata.uid);
    if (!found && !isJobFinished(j)) {
      // The cache may lag our own status write: the API server's copy may list it.
      const fresh = client.api.tryGet('CronJob', cronJob.metadata.namespace, cronJob.metadata.name ?? '');
      if ((fresh?.status?.active ?? []).some((r: any) => r.uid === j.metadata.uid)) {
        for (const k of Object.keys(status)) delete status[k];
        Object.assign(status, structuredClone(fresh?.status ?? {}));
        continue;
      }
      record('Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    } else if (isJobFinished(j)) {
      if (found) {
        status.active = status.active.filter((r: any) => r.uid !== j.metadata.uid);
        record('Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finishedConditionType(j)}`);
        update = true;
      }
      const done = j.status?.completionTime;
      if (isJobSucceeded(j) && typeof done === 'string' && (status.lastSuccessfulTime === undefined || client.api.virtualOf(done) > client.api.virtualOf(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = done;
        update = true;
      }
    }
  }
  for (const r of [...(status.active ?? [])]) {
    if (children.has(r.uid)) continue;
    if (client.api.tryGet('Job', r.namespace, r.name) === undefined) {
      record('Normal', 'MissingJob', `Active job went missing: ${r.name}`);
      status.active = status.active.filter((x: any) => x.uid !== r.uid);
      update = true;
    }
  }
  const done = (requeueAfterMs?: number, error?: ApiError): SyncResult => ({ requeueAfterMs, updateStatus: update, error });
  if (cronJob.metadata.deletionTimestamp !== undefined) return done();
  const tz = cronJob.spec?.timeZone;
  if (typeof tz === 'string') {
    try {
      TimeZone.load(tz);
    } catch (e) {
      if (!(e instanceof UnknownTimeZoneError)) throw e;
      record('Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: ${e.message}`);
      return done();
    }
  }
  if (cronJob.spec?.suspend === true) return done();
  let schedule: Schedule;
  try {
    schedule = parseStandard(formatSchedule(cronJob, (reason, message) => record('Warning', reason, message)));
  } catch (e) {
    if (!(e instanceof CronParseError)) throw e;
    record('Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cronJob.spec?.schedule)} : ${e.message}`);
    return done();
  }
  const now = unixMsAt(client.api, client.api.now());
  const state = { ...scheduleState(client, cronJob), lastScheduleMs: typeof status.lastScheduleTime === 'string' ? unixMsAt(client.api, client.api.virtualOf(status.lastScheduleTime)) : undefined };
  const recent = mostRecentScheduleTime(state, now, schedule, true);
  if (recent.error !== undefined) {
    record('Warning', 'InvalidSchedule', `invalid schedule: ${cronJob.spec?.schedule} : ${recent.error}`);
    return done();
  }
  const next = (): number => nextScheduleTimeDuration(state, now, schedule);
  const scheduled = recent.mostRecent;
  if (scheduled === undefined || scheduled > now) return done(next());
  if (recent.missed === 'many') record('Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
  const sds = cronJob.spec?.startingDeadlineSeconds;
  if (typeof sds === 'number' && scheduled + sds * 1000 < now) {
    record('Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
    return done(next());
  }
  const name = jobName(cronJob, scheduled);
  if ((status.active ?? []).some((r: any) => r.name === name && r.namespace === cronJob.metadata.namespace) || state.lastScheduleMs === Math.floor(scheduled / 1000) * 1000) {
    return done(next());
  }
  if (cronJob.spec?.concurrencyPolicy === 'Forbid' && (status.active ?? []).length > 0) {
    record('Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    return done(next());
  }
  if (cronJob.spec?.concurrencyPolicy === 'Replace') {
    for (const r of [...(status.active ?? [])]) {
      const job = client.api.tryGet('Job', r.namespace, r.name);
      if (job === undefined) {
        record('Warning', 'FailedGet', `Get job: jobs.batch "${r.name}" not found`);
        return done(undefined, failure(404, 'NotFound', `jobs.batch "${r.name}" not found`));
      }
      if (!deleteJob(client, events, cronJob, status, job, `CronJob ${cronJob.metadata.name} is Replace: the running ${job.metadata.name} makes way for the next run`)) {
        return done(undefined, failure(500, 'InternalError', `could not replace job ${job.metadata.namespace}/${job.metadata.name}`));
      }
      update = true;
    }
  }
  let created: Readonly<KObject>;
  try {
    created = client.create(jobFromTemplate(cronJob, scheduled), { reason: 'SuccessfulCreate', message: `CronJob ${cronJob.metadata.name}: the run scheduled for ${TimeZone.UTC.rfc3339(scheduled)}` });
    record('Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status.reason !== 'AlreadyExists') {
      if (!(e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) record('Warning', 'FailedCreate', `Error creating job: ${errorText(e)}`);
      return done(undefined, e);
    }
    const existing = client.api.tryGet('Job', cronJob.metadata.namespace, name);
    if (existing === undefined || controllerOf(existing)?.uid !== cronJob.metadata.uid) return done();
    if ((status.active ?? []).some((r: any) => r.uid === existing.metadata.uid)) return done();
    created = existing;
  }
  status.active = [...(status.active ?? []), jobRef(created)];
  status.lastScheduleTime = client.api.timestamp(virtualAtUnixMs(client.api, scheduled));
  update = true;
  return done(nextScheduleTimeDuration({ ...state, lastScheduleMs: scheduled }, now, schedule));
}
