import { CRONJOB_SCHEDULED_TIMESTAMP } from '../../api/batch/labels.js';
import type { KObject } from '../../api/types.js';
import { TimeZone } from '../../cron/time-zone.js';
import { controllerRef } from '../controller-ref.js';

/**
 * getJobName: `<cronjob>-<scheduled time in minutes since 1970>`. Deterministic per
 * schedule time, so a controller that restarts after creating a Job but before recording
 * it finds AlreadyExists instead of starting the run twice: hello at 2026-01-01T00:01:00Z
 * is hello-29454721.
 */
export function jobName(cronJob: Readonly<KObject>, scheduledUnixMs: number): string {
  return `${cronJob.metadata.name}-${Math.trunc(scheduledUnixMs / 60_000)}`;
}

/**
 * getJobFromTemplate2: the job template's labels, annotations and spec, the CronJob as
 * controller, and batch.kubernetes.io/cronjob-scheduled-timestamp: the scheduled time in
 * RFC 3339 in the CronJob's time zone ("2026-01-01T09:00:00+09:00" in Asia/Seoul).
 */
export function jobFromTemplate(cronJob: Readonly<KObject>, scheduledUnixMs: number): KObject {
  const t = cronJob.spec?.jobTemplate ?? {};
  const zone = TimeZone.load(typeof cronJob.spec?.timeZone === 'string' ? cronJob.spec.timeZone : '');
  const metadata: KObject['metadata'] = {
    name: jobName(cronJob, scheduledUnixMs),
    namespace: cronJob.metadata.namespace ?? 'default',
    labels: { ...(t.metadata?.labels ?? {}) },
    annotations: { ...(t.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: zone.rfc3339(scheduledUnixMs) },
    ownerReferences: [controllerRef(cronJob)],
  };
  if (Object.keys(metadata.labels ?? {}).length === 0) delete metadata.labels;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: structuredClone(t.spec ?? {}) };
}

/** getRef: the ObjectReference status.active lists, in the Go struct's field order. */
export function jobRef(job: Readonly<KObject>): Record<string, string> {
  return {
    kind: 'Job',
    namespace: job.metadata.namespace ?? 'default',
    name: job.metadata.name ?? '',
    uid: job.metadata.uid ?? '',
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata.resourceVersion ?? '',
  };
}

/**
 * byJobStartTime: the order history limits delete in, oldest start first; Jobs that never
 * started last; equal times by name.
 */
export function compareByStartTime(a: Readonly<KObject>, b: Readonly<KObject>, startMs: (j: Readonly<KObject>) => number): number {
  const ta = startMs(a);
  const tb = startMs(b);
  const na = Number.isNaN(ta);
  const nb = Number.isNaN(tb);
  if (na && !nb) return 1;
  if (!na && nb) return -1;
  if ((na && nb) || ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  return ta - tb;
}
