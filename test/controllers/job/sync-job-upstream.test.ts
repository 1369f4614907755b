import { describe, expect, it } from 'vitest';
import { indexOf, pods, syncOnce, type JobSetup, type PodSetup } from './job-world.js';

/*
 * Cases ported from kubernetes/kubernetes pkg/controller/job/job_controller_test.go
 * TestControllerSyncJob, with v1.32's default feature gates (JobPodReplacementPolicy,
 * JobManagedBy, JobSuccessPolicy on): status.terminating is always reported and the
 * terminal condition comes after its interim one (SuccessCriteriaMet before Complete,
 * FailureTarget before Failed, the latter only once no pod is terminating). Same inputs,
 * same expected numbers, run against the real API server.
 */

interface Want {
  creations?: number;
  deletions?: number;
  active?: number;
  ready?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  completedIndexes?: string;
  patches?: number;
  conditions?: Array<[string, string, string?, string?]>;
  createdIndexes?: number[];
}

const job = (parallelism: number, completions: number | undefined, backoffLimit = 6, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  parallelism,
  ...(completions === undefined ? {} : { completions }),
  backoffLimit,
  ...extra,
});

const indexed = (list: Array<[string, PodSetup['phase']]>): PodSetup[] => list.map(([index, phase]) => ({ index, phase }));
const completed: Want['conditions'] = [['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'], ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods']];
const backoffTarget: Want['conditions'] = [['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']];

const cases: Array<[string, JobSetup, Want]> = [
  ['job start', { spec: job(2, 5) }, { creations: 2, active: 2, ready: 0 }],
  ['WQ job start', { spec: job(2, undefined) }, { creations: 2, active: 2, ready: 0 }],
  ['pending pods', { spec: job(2, 5), pods: pods(2, { phase: 'Pending' }) }, { active: 2, ready: 0 }],
  ['correct # of pods', { spec: job(3, 5), pods: [...pods(2, { phase: 'Running', ready: true }), { phase: 'Running' }] }, { active: 3, ready: 2 }],
  ['WQ job: correct # of pods', { spec: job(2, undefined), pods: pods(2, { phase: 'Running' }) }, { active: 2, ready: 0 }],
  ['too few active pods', { spec: job(2, 5), pods: [{ phase: 'Running' }, { phase: 'Succeeded' }] }, { creations: 1, active: 2, succeeded: 1, patches: 1, ready: 0 }],
  ['WQ job: recreate pods when failed (podReplacementPolicy Failed)', { spec: job(1, undefined, 6, { podReplacementPolicy: 'Failed' }), pods: [{ phase: 'Running' }, { phase: 'Failed' }, { phase: 'Running', terminating: true }] }, { terminating: 1, ready: 0, patches: 1, failed: 1, active: 1 }],
  ['WQ job: PodReplacementPolicy not set (TerminatingOrFailed)', { spec: job(1, 1), pods: [{ phase: 'Running' }, { phase: 'Failed' }, { phase: 'Running', terminating: true }] }, { terminating: 1, ready: 0, active: 1, patches: 2, failed: 2 }],
  ['WQ job: recreate pods when terminating or failed', { spec: job(1, undefined, 6, { podReplacementPolicy: 'TerminatingOrFailed' }), pods: [{ phase: 'Running' }, { phase: 'Failed' }, { phase: 'Running', terminating: true }] }, { terminating: 1, ready: 0, active: 1, patches: 2, failed: 2 }],
  ['more terminating pods than parallelism', { spec: job(1, 1, 6, { podReplacementPolicy: 'Failed' }), pods: [...pods(2, { phase: 'Running' }), ...pods(4, { phase: 'Running', terminating: true })] }, { terminating: 5, ready: 0, active: 1, deletions: 1, patches: 1 }],
  ['too few active pods with a dynamic job', { spec: job(2, undefined), pods: [{ phase: 'Running' }] }, { creations: 1, active: 2, ready: 0 }],
  ['too many active pods', { spec: job(2, 5), pods: pods(3, { phase: 'Running' }) }, { deletions: 1, active: 2, patches: 1, ready: 0, terminating: 1 }],
  ['count ready pods when too many active pods', { spec: job(2, 5), pods: pods(3, { phase: 'Running', ready: true }) }, { deletions: 1, active: 2, patches: 1, ready: 2, terminating: 1 }],
  ['failed + succeed pods: reset backoff delay', { spec: job(2, 5), pods: [{ phase: 'Running' }, { phase: 'Succeeded' }, { phase: 'Failed' }] }, { creations: 1, active: 2, succeeded: 1, failed: 1, patches: 2, ready: 0 }],
  ['new failed pod', { spec: job(2, 5), pods: [{ phase: 'Running' }, { phase: 'Failed' }] }, { creations: 1, active: 2, failed: 1, patches: 1, ready: 0 }],
  ['no new pod; possible finalizer update of failed pod', { spec: job(1, 1), status: { active: 1, failed: 1 }, pods: [{ phase: 'Running' }] }, { active: 1, failed: 1, ready: 0 }],
  ['job finish', { spec: job(2, 5), pods: pods(5, { phase: 'Succeeded' }) }, { succeeded: 5, conditions: completed, patches: 5, ready: 0 }],
  ['WQ job finishing', { spec: job(2, undefined), pods: [{ phase: 'Running' }, { phase: 'Succeeded' }] }, { active: 1, succeeded: 1, patches: 1, ready: 0 }],
  ['WQ job all finished', { spec: job(2, undefined), pods: pods(2, { phase: 'Succeeded' }) }, { succeeded: 2, conditions: completed, patches: 2, ready: 0 }],
  ['WQ job all finished despite one failure', { spec: job(2, undefined), pods: [{ phase: 'Succeeded' }, { phase: 'Failed' }] }, { succeeded: 1, failed: 1, conditions: completed, patches: 2, ready: 0 }],
  ['more active pods than parallelism', { spec: job(2, 5), pods: pods(10, { phase: 'Running' }) }, { deletions: 8, active: 2, patches: 8, ready: 0, terminating: 8 }],
  ['more active pods than remaining completions', { spec: job(3, 4), pods: [...pods(3, { phase: 'Running' }), ...pods(2, { phase: 'Succeeded' })] }, { deletions: 1, active: 2, succeeded: 2, patches: 3, ready: 0, terminating: 1 }],
  ['status change', { spec: job(2, 5), pods: [...pods(2, { phase: 'Running' }), ...pods(2, { phase: 'Succeeded' })] }, { active: 2, succeeded: 2, patches: 2, ready: 0 }],
  ['deleting job', { spec: job(2, 5), deleting: true, pods: [{ phase: 'Pending' }, { phase: 'Running' }, { phase: 'Succeeded' }] }, { active: 2, succeeded: 1, patches: 3, ready: 0 }],
  ['too many job failures (backoffLimit 0)', { spec: job(2, 5, 0), deleting: true, pods: [{ phase: 'Failed' }] }, { failed: 1, patches: 1, ready: 0, conditions: [...(backoffTarget ?? []), ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']] }],
  ['indexed job start', { spec: job(2, 5, 6, { completionMode: 'Indexed' }) }, { creations: 2, active: 2, createdIndexes: [0, 1], ready: 0 }],
  ['indexed job with some pods deleted, podReplacementPolicy Failed', { spec: job(2, 5, 6, { completionMode: 'Indexed', podReplacementPolicy: 'Failed' }), pods: [{ phase: 'Running', terminating: true }] }, { creations: 1, active: 1, createdIndexes: [0], terminating: 1, ready: 0 }],
  ['indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed', { spec: job(2, 5, 6, { completionMode: 'Indexed', podReplacementPolicy: 'TerminatingOrFailed' }), pods: [{ phase: 'Running', terminating: true }] }, { creations: 2, active: 2, createdIndexes: [0, 1], terminating: 1, ready: 0, patches: 1 }],
  ['indexed job completed', { spec: job(2, 3, 6, { completionMode: 'Indexed' }), pods: indexed([['0', 'Succeeded'], ['1', 'Failed'], ['1', 'Succeeded'], ['2', 'Succeeded']]) }, { succeeded: 3, failed: 1, completedIndexes: '0-2', conditions: completed, patches: 4, ready: 0 }],
  ['indexed job failed: FailureTarget while its running pod terminates', { spec: job(2, 3, 0, { completionMode: 'Indexed' }), pods: indexed([['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Running']]) }, { succeeded: 1, failed: 2, completedIndexes: '0', conditions: backoffTarget, patches: 3, ready: 0, deletions: 1, terminating: 1 }],
  ['count ready pods when job fails', { spec: job(2, 3, 0), pods: [...pods(2, { phase: 'Running', ready: true }), { phase: 'Failed' }] }, { failed: 3, conditions: backoffTarget, patches: 3, ready: 0, deletions: 2, terminating: 2 }],
  ['indexed job repeated completed index', { spec: job(2, 3, 6, { completionMode: 'Indexed' }), pods: indexed([['0', 'Succeeded'], ['1', 'Succeeded'], ['1', 'Succeeded']]) }, { creations: 1, active: 1, succeeded: 2, completedIndexes: '0,1', createdIndexes: [2], patches: 3, ready: 0 }],
  ['indexed job some running and completed pods', { spec: job(8, 20, 6, { completionMode: 'Indexed' }), pods: indexed([['0', 'Running'], ['2', 'Succeeded'], ['3', 'Pending'], ['4', 'Succeeded'], ['5', 'Succeeded'], ['7', 'Succeeded'], ['8', 'Succeeded'], ['9', 'Succeeded']]) }, { creations: 6, active: 8, succeeded: 6, completedIndexes: '2,4,5,7-9', createdIndexes: [1, 6, 10, 11, 12, 13], patches: 6, ready: 0 }],
  ['indexed job some failed pods', { spec: job(3, 4, 6, { completionMode: 'Indexed' }), pods: indexed([['0', 'Failed'], ['1', 'Pending'], ['2', 'Failed']]) }, { creations: 2, active: 3, failed: 2, createdIndexes: [0, 2], patches: 2, ready: 0 }],
  ['indexed job some pods without index', { spec: job(2, 5, 6, { completionMode: 'Indexed' }), pods: [{ phase: 'Running' }, { phase: 'Succeeded' }, { phase: 'Failed' }, ...indexed([['invalid', 'Running'], ['invalid', 'Succeeded'], ['invalid', 'Failed'], ['invalid', 'Pending'], ['0', 'Succeeded'], ['1', 'Running'], ['2', 'Running']])] }, { deletions: 3, active: 2, succeeded: 1, completedIndexes: '0', patches: 8, ready: 0, terminating: 3 }],
  ['indexed job repeated indexes', { spec: job(5, 5, 6, { completionMode: 'Indexed' }), pods: [{ phase: 'Succeeded' }, { phase: 'Failed' }, ...indexed([['invalid', 'Running'], ['0', 'Succeeded'], ['1', 'Running'], ['2', 'Running'], ['2', 'Pending']])] }, { deletions: 2, active: 2, succeeded: 1, completedIndexes: '0', patches: 5, ready: 0, terminating: 2 }],
  ['indexed job with indexes outside of range', { spec: job(2, 5, 6, { completionMode: 'Indexed' }), pods: indexed([['0', 'Succeeded'], ['5', 'Running'], ['6', 'Succeeded'], ['7', 'Pending'], ['8', 'Failed']]) }, { succeeded: 1, deletions: 2, completedIndexes: '0', active: 0, patches: 5, ready: 0, terminating: 2 }],
  ['suspending a job with satisfied expectations', { spec: job(2, 4, 6, { suspend: true }), pods: pods(2, { phase: 'Running' }) }, { deletions: 2, active: 0, conditions: [['Suspended', 'True', 'JobSuspended', 'Job suspended']], patches: 2, ready: 0, terminating: 2 }],
  ['count ready pods when suspending a job with satisfied expectations', { spec: job(2, 4, 6, { suspend: true }), pods: pods(2, { phase: 'Running', ready: true }) }, { deletions: 2, active: 0, conditions: [['Suspended', 'True', 'JobSuspended', 'Job suspended']], patches: 2, ready: 0, terminating: 2 }],
  ['suspending a job with unsatisfied expectations', { spec: job(2, 4, 6, { suspend: true }), pods: pods(3, { phase: 'Running', ready: true }), before: (jc, key) => jc.expectations.expectDeletions(key, ['default/pending-deletion']) }, { active: 3, ready: 3, terminating: 0 }],
  ['resuming a suspended job', { spec: job(2, 4), status: { conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }] } }, { creations: 2, active: 2, conditions: [['Suspended', 'False', 'JobResumed', 'Job resumed']], ready: 0 }],
  ['suspending a deleted job', { spec: job(2, 4, 6, { suspend: true }), deleting: true, pods: pods(2, { phase: 'Running' }) }, { active: 2, patches: 2, ready: 0, terminating: 0 }],
  ['FailureTarget=False condition added manually is ignored', { spec: job(1, 1), status: { active: 1, startTime: '2026-01-01T00:00:00Z', conditions: [{ type: 'FailureTarget', status: 'False', reason: 'ConditionAddedManually', message: 'Testing', lastProbeTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }] }, pods: [{ phase: 'Running', ready: true }] }, { active: 1, ready: 1, conditions: [['FailureTarget', 'False', 'ConditionAddedManually', 'Testing']] }],
];

describe('ported from job_controller_test.go TestControllerSyncJob (v1.32 default gates)', () => {
  it.each(cases)('%s', (_name, setup, want) => {
    const r = syncOnce(setup);
    const s = r.job.status ?? {};
    expect(r.creations.length, 'creations').toBe(want.creations ?? 0);
    expect(r.deletions, 'deletions').toBe(want.deletions ?? 0);
    expect(s.active ?? 0, 'active').toBe(want.active ?? 0);
    expect(s.ready, 'ready').toBe(want.ready);
    expect(s.succeeded ?? 0, 'succeeded').toBe(want.succeeded ?? 0);
    expect(s.failed ?? 0, 'failed').toBe(want.failed ?? 0);
    expect(s.terminating ?? 0, 'terminating').toBe(want.terminating ?? 0);
    expect(s.completedIndexes, 'completedIndexes').toBe(want.completedIndexes);
    expect(r.patches, 'pod patches').toBe(want.patches ?? 0);
    expect((s.conditions ?? []).map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message]), 'conditions').toEqual(want.conditions ?? []);
    if (want.createdIndexes !== undefined) expect(r.creations.map(indexOf).sort((a, b) => a - b)).toEqual(want.createdIndexes);
    for (const p of r.creations) {
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', name: 'foobar', uid: r.job.metadata.uid, controller: true });
      expect(p.metadata.finalizers).toContain('batch.kubernetes.io/job-tracking');
      if (setup.spec.completionMode === 'Indexed') {
        expect(p.spec.hostname).toBe(`foobar-${indexOf(p)}`);
        expect(p.metadata.generateName).toBe(`foobar-${indexOf(p)}-`);
        expect(p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe(String(indexOf(p)));
        expect(p.spec.containers[0].env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } });
      } else {
        expect(p.spec.hostname).toBeUndefined();
      }
    }
    if (setup.spec.suspend === true) expect(s.startTime).toBeUndefined();
    else expect(s.startTime).toBeDefined();
  });
});
