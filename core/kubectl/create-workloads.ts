import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- job templates are open JSON */

/*
 * The objects `kubectl create job` and `kubectl create cronjob` build (kubectl's
 * create_job.go and create_cronjob.go): one container named after the object, the
 * command after `--`, restartPolicy Never for a Job and --restart (OnFailure) for a
 * CronJob's jobs. Empty structs (template metadata, resources) are kept as the
 * protobuf kubectl sends carries them.
 */

/** kubectl's `cronjob.kubernetes.io/instantiate` annotation on a Job made from a CronJob. */
export const INSTANTIATE = 'cronjob.kubernetes.io/instantiate';

function container(name: string, image: string, command: readonly string[]): Record<string, unknown> {
  return { name, image, ...(command.length > 0 ? { command: [...command] } : {}), resources: {} };
}

/** createJob: `kubectl create job pi --image=perl -- perl -e 1`. */
export function jobFor(name: string, namespace: string | undefined, image: string, command: readonly string[]): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { template: { metadata: {}, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
  };
}

/** createCronJob: the job template named like the CronJob, its pods restarting as --restart says. */
export function cronJobFor(name: string, namespace: string | undefined, image: string, schedule: string, restart: string, command: readonly string[]): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: {
      schedule,
      jobTemplate: { metadata: { name }, spec: { template: { metadata: {}, spec: { containers: [container(name, image, command)], restartPolicy: restart } } } },
    },
  };
}

/**
 * createJobFromCronJob: the CronJob's job template as a Job, annotated
 * `cronjob.kubernetes.io/instantiate: manual` (beside the template's own annotations),
 * with the template's labels and the CronJob as its controller. Not NewControllerRef:
 * no blockOwnerDeletion, which would need the cronjobs/finalizers permission.
 */
export function jobFromCronJob(name: string, namespace: string | undefined, cj: Readonly<KObject>): KObject {
  const template: any = cj.spec?.jobTemplate ?? {};
  const labels = template.metadata?.labels;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      annotations: { [INSTANTIATE]: 'manual', ...(template.metadata?.annotations ?? {}) },
      ...(labels !== undefined ? { labels: { ...labels } } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name ?? '', uid: cj.metadata.uid ?? '', controller: true }],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

/** `kubectl create job NAME --image=... | --from=cronjob/X`, through the API as kubectl-create. */
export function createJob(client: Client, cmd: { namespace?: string; name: string; image?: string; command: string[]; fromCronJob?: string }): string {
  const ns = cmd.namespace;
  let job: KObject;
  let how: string;
  if (cmd.fromCronJob !== undefined) {
    const cj = client.get('CronJob', ns ?? 'default', cmd.fromCronJob);
    job = jobFromCronJob(cmd.name, ns, cj);
    how = `--from=cronjob/${cmd.fromCronJob}`;
  } else {
    job = jobFor(cmd.name, ns, cmd.image ?? '', cmd.command);
    how = `--image=${cmd.image ?? ''}`;
  }
  client.create(job, { reason: 'Create', message: `kubectl create job ${cmd.name} ${how}`, fieldManager: 'kubectl-create' });
  return `job.batch/${cmd.name} created`;
}

export function createCronJob(client: Client, cmd: { namespace?: string; name: string; image: string; schedule: string; restart: string; command: string[] }): string {
  client.create(cronJobFor(cmd.name, cmd.namespace, cmd.image, cmd.schedule, cmd.restart, cmd.command), {
    reason: 'Create',
    message: `kubectl create cronjob ${cmd.name} --schedule="${cmd.schedule}"`,
    fieldManager: 'kubectl-create',
  });
  return `cronjob.batch/${cmd.name} created`;
}
