import { describe, expect, it } from 'vitest';
import type { KObject, WriteEvent } from '../../../core/api/types.js';
import { ControlPlane } from '../../../core/sim/control-plane.js';
import { Simulation } from '../../../core/sim/cluster.js';
import { cluster, nodeShape } from '../cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */

function cronJob(name: string, spec: Record<string, unknown>, command = ['sh', '-c', 'sleep 5']): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule: '* * * * *', ...spec, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:1.36', command }] } } } } },
  };
}

const jobsCreated = (writes: WriteEvent[]): WriteEvent[] => writes.filter((w) => w.kind === 'Job' && w.verb === 'create' && w.actor === 'cronjob-controller');

describe('CronJob controller in a running cluster', () => {
  it('creates <name>-<minutes since 1970> at each minute, 100 ms after it, with the scheduled-timestamp annotation', () => {
    const c = cluster(1);
    c.run(5_000);
    c.kubectl.create(cronJob('tick', {}));
    c.run(185_000);
    const created = jobsCreated(c.writes);
    // Epoch 2026-01-01T00:00:00Z is minute 29453760 since 1970.
    expect(created.map((w) => [w.name, w.timeMs])).toEqual([['tick-29453761', 60_100], ['tick-29453762', 120_100], ['tick-29453763', 180_100]]);
    expect(created[0]?.object.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T00:01:00Z');
    expect(created[0]?.object.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true, blockOwnerDeletion: true });
    const cj = c.sim.api.get('CronJob', 'default', 'tick');
    expect(cj.status.lastScheduleTime).toBe('2026-01-01T00:03:00Z');
    expect(c.sim.api.virtualOf(cj.status.lastSuccessfulTime)).toBeGreaterThan(120_000);
    expect(c.events('SawCompletedJob').map((e) => e.message)).toContain('Saw completed job: tick-29453761, condition: Complete');
  });

  it('keeps successfulJobsHistoryLimit Jobs, deleting the oldest (and, by the garbage collector, their pods)', () => {
    const c = cluster(1);
    c.kubectl.create(cronJob('kept', { successfulJobsHistoryLimit: 2 }));
    c.run(330_000);
    const names = c.sim.api.list('Job').items.map((j) => j.metadata.name).sort();
    expect(names).toEqual(['kept-29453764', 'kept-29453765']);
    expect(c.events('SuccessfulDelete').filter((e) => (e.involvedObject as any).kind === 'CronJob').map((e) => e.message)).toEqual(['Deleted job kept-29453761', 'Deleted job kept-29453762', 'Deleted job kept-29453763']);
    expect(c.pods().every((p) => names.some((n) => p.metadata.name?.startsWith(`${n}-`)))).toBe(true);
  });

  it('Forbid skips a tick while a Job runs (JobAlreadyActive); with startingDeadlineSeconds the missed tick is not made up', () => {
    const c = cluster(1);
    c.kubectl.create(cronJob('solo', { concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 20 }, ['sleep', '90']));
    c.run(250_000);
    expect(jobsCreated(c.writes).map((w) => [w.name, w.timeMs])).toEqual([['solo-29453761', 60_100], ['solo-29453763', 180_100]]);
    expect(c.events('JobAlreadyActive')[0]?.message).toBe('Not starting job because prior execution is running and concurrency policy is Forbid');
  });

  it('Forbid without a deadline starts the skipped run late, when the running one finishes', () => {
    const c = cluster(1);
    c.kubectl.create(cronJob('late', { concurrencyPolicy: 'Forbid' }, ['sleep', '90']));
    c.run(170_000);
    const created = jobsCreated(c.writes);
    expect(created[1]?.name).toBe('late-29453762');
    expect(created[1]?.timeMs).toBeGreaterThan(150_000);
    expect(created[1]?.object.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T00:02:00Z');
  });

  it('Replace deletes the running Job (background) and starts the next', () => {
    const c = cluster(1);
    c.kubectl.create(cronJob('swap', { concurrencyPolicy: 'Replace' }, ['sleep', '90']));
    c.run(125_000);
    const deleted = c.writes.filter((w) => w.kind === 'Job' && w.verb === 'delete' && w.actor === 'cronjob-controller');
    expect(deleted.map((w) => [w.name, w.timeMs])).toEqual([['swap-29453761', 120_100]]);
    expect(c.sim.api.get('CronJob', 'default', 'swap').status.active.map((r: any) => r.name)).toEqual(['swap-29453762']);
    expect(c.pods().filter((p) => p.metadata.name?.startsWith('swap-29453761-') && p.metadata.deletionTimestamp === undefined)).toHaveLength(0);
  });

  it('suspend: no Jobs while suspended', () => {
    const c = cluster(1);
    c.kubectl.create(cronJob('paused', { suspend: true }));
    c.run(150_000);
    expect(jobsCreated(c.writes)).toHaveLength(0);
  });

  it('timeZone: 09:00 in Asia/Seoul is 00:00 UTC; the annotation carries +09:00', () => {
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T23:58:00Z' });
    const shapes = [nodeShape('node-1')];
    sim.bootstrap(shapes);
    new ControlPlane(sim).start(shapes);
    sim.client('kubectl').create(cronJob('seoul', { schedule: '0 9 * * *', timeZone: 'Asia/Seoul' }));
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    sim.runUntil(240_000);
    const created = jobsCreated(writes);
    expect(created.map((w) => w.timeMs)).toEqual([120_100]);
    expect(created[0]?.object.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-02T09:00:00+09:00');
  });

  it('more than 100 missed start times: a TooManyMissedTimes warning, and the most recent one runs', () => {
    const c = cluster(1);
    c.run(10_000);
    c.kubectl.create(cronJob('behind', {}));
    // A status that says the last run was three hours before the epoch: 180 missed minutes.
    c.kubectl.patchStatus('CronJob', 'default', 'behind', { status: { lastScheduleTime: '2025-12-31T21:00:00Z' } }, 'merge');
    c.run(11_000);
    expect(c.events('TooManyMissedTimes')[0]?.message).toBe('too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    expect(jobsCreated(c.writes).map((w) => w.object.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'])).toEqual(['2026-01-01T00:00:00Z']);
  });
});
