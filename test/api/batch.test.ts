import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { makeSim, refusal } from '../helpers.js';

const job = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', ...meta },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } }, ...spec },
});

const cronJob = (spec: Record<string, unknown> = {}, name = 'hello'): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name },
  spec: {
    schedule: '*/1 * * * *',
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.28' }] } } } },
    ...spec,
  },
});

describe('batch/v1 Job on the API server', () => {
  it('defaults as v1.32: completions and parallelism 1, backoffLimit 6, NonIndexed, not suspended, TerminatingOrFailed', () => {
    const api = makeSim().api;
    const created = api.create(job(), { actor: 'kubectl' });
    expect(created.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(created.spec.manualSelector).toBeUndefined();
    expect(created.metadata.generation).toBe(1);
    expect(created.status).toEqual({});
  });

  it('generates the selector from the uid and labels template and Job with both the legacy and batch.kubernetes.io names', () => {
    const created = makeSim().api.create(job(), { actor: 'kubectl' });
    const uid = created.metadata.uid as string;
    expect(created.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    const expected = { 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid, 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi' };
    expect(created.spec.template.metadata.labels).toEqual(expected);
    expect(created.metadata.labels).toEqual(expected);
  });

  it('a template label the user set stays, and so do Job labels the user set', () => {
    const created = makeSim().api.create(job({ template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } }, { labels: { team: 'a' } }), { actor: 'kubectl' });
    expect(created.spec.template.metadata.labels.app).toBe('pi');
    expect(created.metadata.labels).toEqual({ team: 'a' });
  });

  it('backoffLimitPerIndex makes backoffLimit int32 max; a podFailurePolicy makes podReplacementPolicy Failed and pattern status True', () => {
    const api = makeSim().api;
    const perIndex = api.create(job({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 }, { name: 'a' }), { actor: 'kubectl' });
    expect(perIndex.spec.backoffLimit).toBe(2147483647);
    const withPolicy = api.create(job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }, { name: 'b' }), { actor: 'kubectl' });
    expect(withPolicy.spec.podReplacementPolicy).toBe('Failed');
    expect(withPolicy.spec.podFailurePolicy.rules[0].onPodConditions[0].status).toBe('True');
  });

  it('refuses a template without OnFailure or Never with upstream\'s message, and Always as unsupported', () => {
    const api = makeSim().api;
    const missing = refusal(() => api.create(job({ template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } }), { actor: 'kubectl' }));
    expect(missing.status.code).toBe(422);
    expect(missing.message).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  });

  it('validates counts, completion modes and the pod failure policy as v1.32 words them', () => {
    const api = makeSim().api;
    expect(refusal(() => api.create(job({ parallelism: -1 }), { actor: 'kubectl' })).message).toContain('spec.parallelism: Invalid value: -1: must be greater than or equal to 0');
    expect(refusal(() => api.create(job({ completionMode: 'Indexed', parallelism: 2 }, { name: 'idx' }), { actor: 'kubectl' })).message).toContain('spec.completions: Required value: when completion mode is Indexed');
    expect(refusal(() => api.create(job({ backoffLimitPerIndex: 1 }), { actor: 'kubectl' })).message).toContain('spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode');
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3, 0, 1] } }] };
    const msg = refusal(() => api.create(job({ podFailurePolicy: policy }), { actor: 'kubectl' })).message;
    expect(msg).toContain('spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator');
    expect(msg).toContain('spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 0, 1}: must be ordered');
    const onFailure = refusal(() => api.create(job({ podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1] } }] }, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'pi', image: 'perl' }] } } }), { actor: 'kubectl' }));
    expect(onFailure.message).toContain('spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified');
  });

  it('an Indexed Job whose last pod hostname would not be a DNS label is refused', () => {
    const e = refusal(() => makeSim().api.create(job({ completionMode: 'Indexed', completions: 10 }, { name: 'x'.repeat(62) }), { actor: 'kubectl' }));
    expect(e.message).toContain(`will not able to create pod with invalid DNS label: ${'x'.repeat(62)}-9`);
  });

  it('keeps the selector, completions and template immutable, but lets a suspended, never-started Job move', () => {
    const api = makeSim().api;
    const created = api.create(job({ suspend: true }), { actor: 'kubectl' });
    expect(refusal(() => api.patch('Job', 'default', 'pi', { spec: { completions: 3 } }, 'merge', { actor: 'kubectl' })).message).toContain('spec.completions: Invalid value: "3": field is immutable');
    const moved = api.patch('Job', 'default', 'pi', { spec: { template: { spec: { nodeSelector: { zone: 'b' } } } } }, 'merge', { actor: 'kubectl' });
    expect(moved.spec.template.spec.nodeSelector).toEqual({ zone: 'b' });
    api.patch('Job', 'default', 'pi', { spec: { suspend: false } }, 'merge', { actor: 'kubectl' });
    expect(refusal(() => api.patch('Job', 'default', 'pi', { spec: { template: { spec: { nodeSelector: { zone: 'c' } } } } }, 'merge', { actor: 'kubectl' })).message).toContain('spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable');
    expect(created.metadata.uid).toBeDefined();
  });

  it('refuses a status that lowers a counter or drops a terminal condition', () => {
    const api = makeSim().api;
    const created = api.create(job(), { actor: 'kubectl' });
    const done = api.updateStatus({ ...created, status: { failed: 2, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] } } as KObject, { actor: 'job-controller' });
    expect(refusal(() => api.updateStatus({ ...done, status: { failed: 1, conditions: [] } } as KObject, { actor: 'job-controller' })).message).toMatch(/cannot decrease the failed counter.*cannot disable the terminal Failed=True condition|cannot disable the terminal Failed=True condition.*cannot decrease the failed counter/);
  });
});

describe('batch/v1 CronJob on the API server', () => {
  it('defaults as v1.32: Allow, not suspended, 3 successful and 1 failed Job kept; the template gets pod defaults only', () => {
    const created = makeSim().api.create(cronJob(), { actor: 'kubectl' });
    expect(created.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(created.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(created.spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
  });

  it('refuses schedules robfig/cron refuses, with its message, and TZ inside the schedule', () => {
    const api = makeSim().api;
    expect(refusal(() => api.create(cronJob({ schedule: '* * * *' }), { actor: 'kubectl' })).message).toBe('CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]');
    expect(refusal(() => api.create(cronJob({ schedule: '0 60 * * *' }), { actor: 'kubectl' })).message).toContain('end of range (60) above maximum (23): 60');
    expect(refusal(() => api.create(cronJob({ schedule: 'TZ=UTC 0 * * * *' }), { actor: 'kubectl' })).message).toContain('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    expect(api.create(cronJob({ schedule: '@every 90m' }, 'every'), { actor: 'kubectl' }).spec.schedule).toBe('@every 90m');
  });

  it('checks time zones as Go loads them, and the 52-character name limit', () => {
    const api = makeSim().api;
    expect(refusal(() => api.create(cronJob({ timeZone: 'Mars/Olympus' }), { actor: 'kubectl' })).message).toContain('spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
    expect(refusal(() => api.create(cronJob({ timeZone: 'Local' }), { actor: 'kubectl' })).message).toContain('timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
    expect(api.create(cronJob({ timeZone: 'Asia/Seoul' }), { actor: 'kubectl' }).spec.timeZone).toBe('Asia/Seoul');
    expect(refusal(() => api.create(cronJob({}, 'c'.repeat(53)), { actor: 'kubectl' })).message).toContain('metadata.name: Invalid value: "' + 'c'.repeat(53) + '": must be no more than 52 characters');
  });

  it('a job template may not carry a selector, and needs OnFailure or Never', () => {
    const api = makeSim().api;
    const tpl = { spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'x', image: 'busybox' }] } } } };
    const msg = refusal(() => api.create(cronJob({ jobTemplate: tpl }), { actor: 'kubectl' })).message;
    expect(msg).toContain('spec.jobTemplate.spec.selector: Invalid value:');
    expect(msg).toContain('`selector` will be auto-generated');
    expect(msg).toContain('spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  });
});
