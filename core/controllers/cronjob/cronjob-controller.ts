import { jsonEqual } from '../../api/equal.js';
import { objectKey } from '../../api/object-store.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { CronParseError, parseStandard } from '../../cron/parser.js';
import { unixMsAt } from '../../sim/time.js';
import { controllerOf } from '../controller-ref.js';
import { controllerUidKeys } from '../replicaset/keys.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { cleanupFinishedJobs } from './cleanup.js';
import { nextScheduleTimeDuration } from './schedule-times.js';
import { formatSchedule, scheduleState, syncCronJob } from './sync-cronjob.js';

export const CRONJOB_UID_INDEX = 'cronjob-controller-uid';

/* eslint-disable @typescript-eslint/no-explicit-any -- cronjob status is open JSON */

/**
 * The CronJob controller (pkg/controller/cronjob, ControllerV2): each CronJob is synced
 * when it or one of its Jobs changes, and requeued for 100 ms after its next schedule
 * time, on the cluster's calendar (virtual time from the recording's epoch). Schedules
 * without a timeZone are read in UTC, the zone kube-controller-manager runs in.
 */
export class CronJobController {
  readonly queue: WorkQueue;
  readonly events = new EventRecorder('cronjob-controller');
  readonly cronJobs: Informer;
  readonly jobs: Informer;

  constructor(readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'cronjob-controller', (key, cause) => this.sync(key, cause));
    this.cronJobs = ctx.informers.get('CronJob');
    this.jobs = ctx.informers.get('Job').addIndex(CRONJOB_UID_INDEX, controllerUidKeys);
    this.cronJobs.on((e) => this.onCronJob(e));
    this.jobs.on((e) => this.onJob(e));
  }

  private onCronJob(e: InformerEvent): void {
    const cj = e.object;
    const key = keyOf(cj);
    if (e.type !== 'MODIFIED' || e.old === undefined) return this.queue.add(key, e.seq);
    const old = e.old;
    if (old.spec?.schedule === cj.spec?.schedule && old.spec?.timeZone === cj.spec?.timeZone) return this.queue.add(key, e.seq);
    // A new schedule: requeue for its next time (a key already due sooner keeps that).
    const client = this.ctx.client.withCause(e.seq);
    let schedule;
    try {
      schedule = parseStandard(formatSchedule(cj, undefined));
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      this.events.record(client, cj, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec?.schedule}`);
      return;
    }
    const now = unixMsAt(client.api, client.api.now());
    this.queue.addAfter(key, nextScheduleTimeDuration(scheduleState(client, cj), now, schedule), e.seq);
  }

  private onJob(e: InformerEvent): void {
    const job = e.object;
    const ref = controllerOf(job);
    const oldRef = e.old === undefined ? undefined : controllerOf(e.old);
    if (e.type === 'MODIFIED' && oldRef !== undefined && !jsonEqual(oldRef, ref)) {
      const oldCj = this.resolve(job.metadata.namespace, oldRef);
      if (oldCj !== undefined) this.queue.add(keyOf(oldCj), e.seq);
    }
    if (ref === undefined) return;
    const cj = this.resolve(job.metadata.namespace, ref);
    if (cj !== undefined) this.queue.add(keyOf(cj), e.seq);
  }

  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): Readonly<KObject> | undefined {
    if (ref.kind !== 'CronJob') return undefined;
    const cj = this.cronJobs.get(namespace, ref.name);
    return cj?.metadata.uid === ref.uid ? cj : undefined;
  }

  sync(key: string, cause: number | null): void {
    const [namespace, name] = splitKey(key);
    const cronJob = this.cronJobs.get(namespace, name);
    if (cronJob === undefined) return;
    const client = this.ctx.client.withCause(cause);
    // getJobsToBeReconciled: every Job whose controller reference names this CronJob.
    const jobs = this.jobs.list(namespace).filter((j) => {
      const ref = controllerOf(j);
      return ref !== undefined && ref.name === cronJob.metadata.name;
    });
    const status: any = structuredClone(cronJob.status ?? {});
    const cleaned = cleanupFinishedJobs(client, this.events, cronJob, status, jobs);
    const r = syncCronJob(client, this.events, cronJob, status, jobs);
    if (cleaned || r.updateStatus) {
      const out: any = {};
      if ((status.active ?? []).length > 0) out.active = status.active;
      if (status.lastScheduleTime !== undefined) out.lastScheduleTime = status.lastScheduleTime;
      if (status.lastSuccessfulTime !== undefined) out.lastSuccessfulTime = status.lastSuccessfulTime;
      const running = (out.active ?? []).map((ref: any) => ref.name);
      client.updateStatus({ ...cronJob, status: out } as KObject, {
        reason: 'CronJobStatus',
        message: `CronJob ${name}: ${running.length === 0 ? 'no Job running' : `running ${running.join(', ')}`}${out.lastScheduleTime !== undefined ? `, last scheduled ${out.lastScheduleTime}` : ''}`,
      });
    }
    if (r.error instanceof ApiError) throw r.error;
    if (r.requeueAfterMs !== undefined) {
      this.queue.forget(key);
      this.queue.addAfter(key, r.requeueAfterMs, cause);
    }
  }
}

function keyOf(obj: Readonly<KObject>): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}
