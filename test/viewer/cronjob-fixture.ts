import type { KObject } from '../../core/api/types.js';
import { EPOCH_MINUTES, WorkloadWriter } from './workload-writer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

export interface CronJobFixture {
  file: string;
  /** Job names in the order the ticks started them. */
  jobs: string[];
  /** Times (ms) of the ticks Forbid skipped. */
  skippedAt: number[];
  /** The first Replace tick: the running Job deleted, a new one created. */
  replaceSeq: number;
}

const FORBID_MESSAGE = 'Not starting job because prior execution is running and concurrency policy is Forbid';

/**
 * A CronJob `report` every minute whose Job runs 150 s. Forbid: the 1:00 Job is still
 * running at 2:00 and 3:00, so those ticks start nothing (JobAlreadyActive, the second
 * as a bump of the first Event's count); the 4:00 tick starts the next. At 4:10 the
 * policy becomes Replace: at 5:00 and 6:00 the running Job is deleted and a new one
 * started. Job names are `report-<minutes since the Unix epoch of the scheduled time>`.
 */
export function cronJobRecording(dir: string, name = 'cronjobs'): CronJobFixture {
  const w = new WorkloadWriter(dir, name, 2);
  const ctl = 'cronjob-controller';
  w.at(5000).chapter('Every minute, concurrencyPolicy Forbid', 'Each Job runs 150 s: longer than the schedule.');
  let cj: Readonly<KObject> = w.c('kubectl').create({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'default' },
    spec: {
      schedule: '* * * * *', concurrencyPolicy: 'Forbid', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { backoffLimit: 6, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.36' }] } } } },
    },
  } as KObject, { reason: 'Apply', message: 'kubectl apply created cronjob.batch/report' });
  const active: Array<Readonly<KObject>> = [];
  const jobs: string[] = [];
  const cronStatus = (extra: any = {}): void => {
    w.status(ctl, 'CronJob', 'report', { active: active.map((j) => ({ kind: 'Job', namespace: 'default', name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion })), ...extra });
  };
  const pods = new Map<string, string>();
  const launch = (tick: number): void => {
    const job = `report-${EPOCH_MINUTES + tick / 60_000}`;
    const j = w.c(ctl).create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: job, namespace: 'default', labels: {}, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': w.sim.api.timestamp() }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: cj.metadata.uid as string, controller: true, blockOwnerDeletion: true }] },
      spec: { backoffLimit: 6, completions: 1, parallelism: 1, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.36' }] } } },
    } as KObject, { reason: 'SuccessfulCreate', message: `Created job ${job}` });
    w.event(ctl, cj, 'Normal', 'SuccessfulCreate', `Created job ${job}`);
    jobs.push(job);
    active.push(j);
    cronStatus({ lastScheduleTime: w.sim.api.timestamp() });
    w.at(tick + 10);
    const pod = `${job}-${['k2j4h', 'g6f8d', 's1a3q', 'e5r7t'][jobs.length - 1]}`;
    w.createPod('job-controller', { name: pod, owner: j, restartPolicy: 'OnFailure', labels: { 'batch.kubernetes.io/job-name': job, 'job-name': job, 'batch.kubernetes.io/controller-uid': j.metadata.uid as string } });
    w.status('job-controller', 'Job', job, { active: 1, ready: 0, startTime: w.sim.api.timestamp() });
    w.bind(pod, jobs.length % 2 === 0 ? 'node-2' : 'node-1');
    pods.set(job, pod);
    w.at(tick + 2000);
    w.run(pod);
  };
  const skip = (tick: number): void => {
    w.at(tick);
    w.event(ctl, cj, 'Normal', 'JobAlreadyActive', FORBID_MESSAGE);
  };
  const complete = (job: string): void => {
    w.exit(pods.get(job) as string, 0);
    const ts = w.sim.api.timestamp();
    w.status('job-controller', 'Job', job, { active: 0, ready: 0, succeeded: 1, completionTime: ts, conditions: [{ type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', lastTransitionTime: ts }, { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: ts }] });
    active.splice(active.findIndex((j) => j.metadata.name === job), 1);
    w.event(ctl, cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job}, status: Complete`);
    cronStatus({ lastSuccessfulTime: ts });
  };
  /** Replace: the running Job is deleted (its pod with it, by the garbage collector) and the tick's Job created. */
  const replace = (tick: number): void => {
    w.at(tick);
    const old = active.shift() as Readonly<KObject>;
    const name = old.metadata.name as string;
    w.c(ctl).delete('Job', 'default', name, { propagationPolicy: 'Background' }, { reason: 'SuccessfulDelete', message: `Deleted job ${name}` });
    w.event(ctl, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
    w.deletePod('garbage-collector', pods.get(name) as string);
    launch(tick);
    w.at(tick + 2100);
    w.gone(pods.get(name) as string);
  };

  w.at(60_000);
  launch(60_000);
  skip(120_000);
  skip(180_000);
  w.at(210_000);
  complete(jobs[0] as string);
  w.at(240_000);
  launch(240_000);
  w.at(250_000).chapter('concurrencyPolicy Replace', 'A tick that finds a Job running deletes it and starts its own.');
  cj = w.change('kubectl', 'CronJob', 'report', (o) => (o.spec.concurrencyPolicy = 'Replace'));
  replace(300_000);
  w.recorder.flush();
  const replaceSeq = w.recorder.count;
  replace(360_000);
  return { file: w.close(400_000), jobs, skippedAt: [120_000, 180_000], replaceSeq };
}
