import { ApiError, errorText } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { finishedConditionType } from '../job/conditions.js';
import { compareByStartTime } from './job-from-template.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- cronjob status is open JSON */

/**
 * deleteJob: the Job goes with background propagation (its pods after it, by the garbage
 * collector), its reference leaves status.active, and the CronJob gets SuccessfulDelete.
 */
export function deleteJob(client: Client, events: EventRecorder, cronJob: Readonly<KObject>, status: any, job: Readonly<KObject>, why: string): boolean {
  try {
    client.delete('Job', job.metadata.namespace, job.metadata.name ?? '', { propagationPolicy: 'Background' }, { reason: 'SuccessfulDelete', message: why });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    events.record(client, cronJob, 'Warning', 'FailedDelete', `Deleted job: ${errorText(e)}`);
    return false;
  }
  status.active = (status.active ?? []).filter((r: any) => r.uid !== job.metadata.uid);
  events.record(client, cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
  return true;
}

/**
 * cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit Complete Jobs (3) and
 * failedJobsHistoryLimit Failed ones (1), oldest start first to go.
 */
export function cleanupFinishedJobs(client: Client, events: EventRecorder, cronJob: Readonly<KObject>, status: any, jobs: ReadonlyArray<Readonly<KObject>>): boolean {
  const spec = cronJob.spec ?? {};
  if (spec.successfulJobsHistoryLimit === undefined && spec.failedJobsHistoryLimit === undefined) return false;
  const ok = jobs.filter((j) => finishedConditionType(j) === 'Complete');
  const failed = jobs.filter((j) => finishedConditionType(j) === 'Failed');
  let updated = false;
  for (const [list, limit, kind] of [[ok, spec.successfulJobsHistoryLimit, 'successful'], [failed, spec.failedJobsHistoryLimit, 'failed']] as const) {
    if (typeof limit !== 'number' || list.length <= limit) continue;
    const sorted = [...list].sort((a, b) => compareByStartTime(a, b, (j) => client.api.virtualOf(j.status?.startTime)));
    for (const job of sorted.slice(0, list.length - limit)) {
      if (deleteJob(client, events, cronJob, status, job, `CronJob ${cronJob.metadata.name} keeps ${limit} ${kind} Job${limit === 1 ? '' : 's'}: deleted the oldest, ${job.metadata.name}`)) updated = true;
    }
  }
  return updated;
}
