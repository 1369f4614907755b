import { describe, expect, it } from 'vitest';
import type { KObject, WriteEvent } from '../../../core/api/types.js';
import { cluster } from '../cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */

function job(name: string, spec: Record<string, unknown>, container: Record<string, unknown> = { command: ['sh', '-c', 'sleep 5'] }, annotations?: Record<string, string>): KObject {
  const { restartPolicy = 'Never', ...rest } = spec as { restartPolicy?: string };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...rest, template: { metadata: annotations ? { annotations } : {}, spec: { restartPolicy, containers: [{ name: 'work', image: 'busybox:1.36', ...container }] } } },
  };
}

const jobWrites = (writes: WriteEvent[], name: string): WriteEvent[] => writes.filter((w) => w.kind === 'Job' && w.name === name && w.subresource === 'status');
const condTypes = (w: WriteEvent): string[] => (w.object.status?.conditions ?? []).map((c: any) => c.type);
const podsOf = (writes: WriteEvent[], job: string): WriteEvent[] => writes.filter((w) => w.kind === 'Pod' && w.verb === 'create' && w.actor === 'job-controller' && w.name.startsWith(`${job}-`));

describe('Job controller in a running cluster', () => {
  it('runs completions 5 two at a time, each pod counted once through its finalizer, SuccessCriteriaMet before Complete', () => {
    const c = cluster(2);
    c.kubectl.create(job('work', { completions: 5, parallelism: 2 }));
    let maxActive = 0;
    c.sim.api.writes$.subscribe(() => {
      const running = c.sim.api.list('Pod', { namespace: 'default' }).items.filter((p) => p.status?.phase === 'Running' || p.status?.phase === 'Pending').length;
      maxActive = Math.max(maxActive, running);
    });
    c.run(60_000);
    const j = c.sim.api.get('Job', 'default', 'work');
    expect(j.status).toMatchObject({ succeeded: 5, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(j.status.active).toBeUndefined();
    expect(j.status.conditions.map((x: any) => [x.type, x.reason])).toEqual([['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']]);
    expect(j.status.completionTime).toBe(j.status.conditions[1].lastTransitionTime);
    expect(maxActive).toBe(2);
    expect(podsOf(c.writes, 'work')).toHaveLength(5);
    for (const p of c.pods()) expect(p.metadata.finalizers).toBeUndefined();
    const interim = jobWrites(c.writes, 'work').findIndex((w) => condTypes(w).includes('SuccessCriteriaMet'));
    const final = jobWrites(c.writes, 'work').findIndex((w) => condTypes(w).includes('Complete'));
    expect(interim).toBeGreaterThanOrEqual(0);
    expect(interim).toBeLessThan(final);
    expect(c.events('Completed').map((e) => e.message)).toEqual(['Job completed']);
    expect(c.events('SuccessfulCreate').filter((e) => (e.involvedObject as any).kind === 'Job')).toHaveLength(5);
  });

  it('backs off 10 s, 20 s, 40 s after failures, then fails with BackoffLimitExceeded (FailureTarget first)', () => {
    const c = cluster(1);
    c.kubectl.create(job('fail', { backoffLimit: 3 }, { command: ['sh', '-c', 'sleep 2; exit 1'] }));
    c.run(200_000);
    const created = podsOf(c.writes, 'fail').map((w) => w.timeMs);
    expect(created).toHaveLength(4);
    const finished = c.writes.filter((w) => w.kind === 'Pod' && w.reason === 'ContainerExited').map((w) => c.sim.api.virtualOf(w.object.status.containerStatuses[0].state.terminated.finishedAt));
    expect(finished).toHaveLength(4);
    // Each replacement waits 10 s, 20 s, 40 s after the previous pod's finishedAt (second precision).
    expect([1, 2, 3].map((i) => (created[i] as number) - (finished[i - 1] as number))).toEqual([10_000, 20_000, 40_000]);
    const j = c.sim.api.get('Job', 'default', 'fail');
    expect(j.status.failed).toBe(4);
    expect(j.status.conditions.map((x: any) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(c.events('BackoffLimitExceeded')[0]).toMatchObject({ type: 'Warning', message: 'Job has reached the specified backoff limit' });
  });

  it('activeDeadlineSeconds: DeadlineExceeded, running pods stopped, Failed only once none is terminating', () => {
    const c = cluster(1);
    c.kubectl.create(job('slow', { activeDeadlineSeconds: 20, parallelism: 2, completions: 2 }, { command: ['sleep', '120'] }, { 'kubelapse/on-sigterm': 'drain 5s' }));
    c.run(60_000);
    const writes = jobWrites(c.writes, 'slow');
    const target = writes.find((w) => condTypes(w).includes('FailureTarget')) as WriteEvent;
    const failed = writes.find((w) => condTypes(w).includes('Failed')) as WriteEvent;
    expect(target.timeMs).toBe(20_000);
    expect(target.object.status.terminating).toBe(2);
    expect(failed.timeMs).toBeGreaterThanOrEqual(25_000);
    expect(failed.object.status.terminating).toBe(0);
    expect(failed.object.status.conditions[1]).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(c.writes.filter((w) => w.kind === 'Pod' && w.reason === 'SuccessfulDelete' && w.actor === 'job-controller')).toHaveLength(2);
  });

  it('podFailurePolicy: FailJob on exit code 42 fails the Job at once with the rule\'s message; Ignore does not count', () => {
    const c = cluster(1);
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }, { action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] };
    c.kubectl.create(job('fatal', { backoffLimit: 6, podFailurePolicy: policy }, { command: ['sh', '-c', 'sleep 1; exit 42'] }));
    c.kubectl.create(job('ignored', { backoffLimit: 0, podFailurePolicy: policy }, { command: ['sh', '-c', 'sleep 1; exit 3'] }));
    c.run(30_000);
    const fatal = c.sim.api.get('Job', 'default', 'fatal');
    const pod = podsOf(c.writes, 'fatal')[0]?.name;
    expect(fatal.status.conditions.map((x: any) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'PodFailurePolicy', `Container work for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`],
      ['Failed', 'PodFailurePolicy', `Container work for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`],
    ]);
    const ignored = c.sim.api.get('Job', 'default', 'ignored');
    expect(ignored.status.failed ?? 0).toBe(0);
    expect(ignored.status.conditions).toBeUndefined();
    expect(podsOf(c.writes, 'ignored').length).toBeGreaterThanOrEqual(2);
  });

  it('OnFailure: the kubelet restarts in place and the restarts count against backoffLimit', () => {
    const c = cluster(1);
    c.kubectl.create(job('restarts', { backoffLimit: 2, restartPolicy: 'OnFailure' }, {}, { 'kubelapse/runs-for': '1s exit 1' }));
    c.run(120_000);
    expect(podsOf(c.writes, 'restarts')).toHaveLength(1);
    const j = c.sim.api.get('Job', 'default', 'restarts');
    expect(j.status.conditions?.find((x: any) => x.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(c.writes.some((w) => w.kind === 'Pod' && w.reason === 'SuccessfulDelete' && w.actor === 'job-controller')).toBe(true);
  });

  it('suspend and resume: no pods while suspended, Suspended condition and events, startTime set on resume', () => {
    const c = cluster(1);
    c.kubectl.create(job('later', { suspend: true, completions: 1 }));
    c.run(10_000);
    expect(c.pods()).toHaveLength(0);
    expect(c.sim.api.get('Job', 'default', 'later').status.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' })]);
    expect(c.sim.api.get('Job', 'default', 'later').status.startTime).toBeUndefined();
    c.kubectl.patch('Job', 'default', 'later', { spec: { suspend: false } }, 'merge');
    c.run(30_000);
    const j = c.sim.api.get('Job', 'default', 'later');
    expect(j.status.conditions.find((x: any) => x.type === 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(c.sim.api.virtualOf(j.status.startTime)).toBe(10_000);
    expect(j.status.succeeded).toBe(1);
    expect(c.events('Suspended')).toHaveLength(1);
    expect(c.events('Resumed')).toHaveLength(1);
  });

  it('Indexed with backoffLimitPerIndex: a failing index is retried with its own backoff and counted in failedIndexes', () => {
    const c = cluster(2);
    c.kubectl.create(job('idx', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1 }, { command: ['sh', '-c', 'sleep 10'] }));
    c.run(4_000);
    const victim = c.pods().find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1') as Readonly<KObject>;
    expect(victim.metadata.name).toMatch(/^idx-1-/);
    expect(victim.spec.hostname).toBe('idx-1');
    c.plane.crashContainer('default', victim.metadata.name ?? '');
    c.run(18_000);
    const second = c.pods().find((p) => p.metadata.name !== victim.metadata.name && p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1') as Readonly<KObject>;
    expect(second.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']).toBe('1');
    // The index's own backoff: 10 s after its pod failed at 4 s (the other indexes' successes do not reset it).
    expect((podsOf(c.writes, 'idx').find((w) => w.name === second.metadata.name) as WriteEvent).timeMs).toBeGreaterThanOrEqual(14_000);
    c.plane.crashContainer('default', second.metadata.name ?? '');
    c.run(90_000);
    const j = c.sim.api.get('Job', 'default', 'idx');
    expect(j.status).toMatchObject({ completedIndexes: '0,2', failedIndexes: '1', succeeded: 2, failed: 2 });
    expect(j.status.conditions.find((x: any) => x.type === 'Failed')).toMatchObject({ reason: 'FailedIndexes', message: 'Job has failed indexes' });
  });

  it('ttlSecondsAfterFinished: the Job is deleted in the foreground 30 s after it completed, its pods before it', () => {
    const c = cluster(1);
    c.kubectl.create(job('short', { ttlSecondsAfterFinished: 30 }));
    c.run(90_000);
    expect(c.sim.api.tryGet('Job', 'default', 'short')).toBeUndefined();
    const done = c.writes.find((w) => w.kind === 'Job' && condTypes(w).includes('Complete')) as WriteEvent;
    const finishedAt = c.sim.api.virtualOf(done.object.status.conditions[1].lastTransitionTime);
    const ttl = c.writes.find((w) => w.actor === 'ttl-after-finished-controller') as WriteEvent;
    expect(ttl.timeMs - finishedAt).toBe(30_000);
    expect(ttl.object.metadata.finalizers).toContain('foregroundDeletion');
    const podGone = c.writes.find((w) => w.kind === 'Pod' && w.verb === 'delete') as WriteEvent;
    const jobGone = c.writes.find((w) => w.kind === 'Job' && w.verb === 'delete') as WriteEvent;
    expect(podGone.seq).toBeLessThan(jobGone.seq);
  });

  it('ttlSecondsAfterFinished raised before it runs out: the new TTL wins (the controller reads the Job again)', () => {
    const c = cluster(1);
    c.kubectl.create(job('kept', { ttlSecondsAfterFinished: 30 }));
    c.run(20_000);
    const done = c.writes.find((w) => w.kind === 'Job' && condTypes(w).includes('Complete')) as WriteEvent;
    const finishedAt = c.sim.api.virtualOf(done.object.status.conditions[1].lastTransitionTime);
    c.kubectl.patch('Job', 'default', 'kept', { spec: { ttlSecondsAfterFinished: 120 } }, 'merge');
    c.run(finishedAt + 60_000);
    expect(c.sim.api.tryGet('Job', 'default', 'kept')).toBeDefined();
    c.run(finishedAt + 130_000);
    const ttl = c.writes.find((w) => w.actor === 'ttl-after-finished-controller') as WriteEvent;
    expect(ttl.timeMs - finishedAt).toBe(120_000);
    expect(c.sim.api.tryGet('Job', 'default', 'kept')).toBeUndefined();
  });

  it('a Job deleted with --cascade=orphan leaves its pods, which lose the tracking finalizer', () => {
    const c = cluster(1);
    c.kubectl.create(job('left', { completions: 1 }, { command: ['sleep', '60'] }));
    c.run(5_000);
    c.kubectl.delete('Job', 'default', 'left', { propagationPolicy: 'Orphan' });
    c.run(10_000);
    const pods = c.pods();
    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.finalizers).toBeUndefined();
    expect(pods[0]?.metadata.ownerReferences).toBeUndefined();
  });
});
