import { describe, expect, it } from 'vitest';
import { atMs, getPodAt, statusesOf } from './pod-table.js';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: sidecar-patterns', () => {
  const story = recordStory('sidecar-patterns');
  const { result, rows, obj } = story;
  const podRows = (name: string): Row[] => rows.filter((r) => r.kind === 'Pod' && r.name === name);
  const events = (name: string): any[] => rows.filter((r) => r.kind === 'Event' && obj(r).involvedObject?.name === name && r.verb === 'create').map((r) => ({ ...obj(r), time_ms: r.time_ms }));

  it('passes its expectations', () => {
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('log-shipper: the sidecar starts before the app and counts in READY (2/2)', () => {
    const started = events('log-shipper').filter((e) => e.reason === 'Started').map((e) => e.message);
    expect(started).toEqual(['Started container fluent-bit', 'Started container app']);
    expect(getPodAt(story, 'log-shipper', 60_000)).toEqual(['2/2', 'Running', '0']);
  });

  it('log-shipper deleted: the app is stopped first, fluent-bit only after it exited', () => {
    const killing = events('log-shipper').filter((e) => e.reason === 'Killing');
    expect(killing.map((e) => e.message)).toEqual(['Stopping container app', 'Stopping container fluent-bit']);
    expect((killing[1] as any).time_ms).toBeGreaterThan((killing[0] as any).time_ms);
    const final = obj(podRows('log-shipper').filter((r) => r.subresource === 'status').at(-1));
    const appDone = atMs(final.status.containerStatuses[0].state.terminated.finishedAt);
    const sidecarDone = atMs(final.status.initContainerStatuses[0].state.terminated.finishedAt);
    expect(sidecarDone).toBeGreaterThanOrEqual(appDone);
  });

  it('ambassador: the app is not created until the proxy startupProbe passed', () => {
    const probePassed = podRows('ambassador').find((r) => r.message === 'ambassador: startup probe of redis-proxy passed') as Row;
    const appCreated = events('ambassador').find((e) => e.message === 'Created container: app');
    expect(probePassed).toBeDefined();
    expect(appCreated.time_ms).toBeGreaterThan(probePassed.time_ms);
    expect(statusesOf(story, 'ambassador')).toEqual(['Pending', 'Init:0/1', 'PodInitializing', 'Running']);
    expect(getPodAt(story, 'ambassador', 60_000)).toEqual(['2/2', 'Running', '0']);
  });

  it('adapter: two app containers side by side, 2/2', () => {
    expect(getPodAt(story, 'adapter', 60_000)).toEqual(['2/2', 'Running', '0']);
  });

  it('web: Init:0/2 until Service db has a ready endpoint, Init:1/2 for the migration, then PodInitializing and Running', () => {
    expect(statusesOf(story, 'web')).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
    const waitDone = podRows('web').find((r) => r.message === 'web: container wait-for-db exited with code 0 (service db has a ready endpoint)') as Row;
    const dbReady = rows.find((r) => r.kind === 'EndpointSlice' && obj(r).metadata.labels?.['kubernetes.io/service-name'] === 'db' && (obj(r).endpoints ?? []).some((e: any) => e.conditions?.ready)) as Row;
    expect(dbReady.time_ms).toBeGreaterThan(30_000);
    // It looks every 2 s, so it notices within 2 s of the endpoint turning ready.
    expect(waitDone.time_ms - dbReady.time_ms).toBeGreaterThanOrEqual(0);
    expect(waitDone.time_ms - dbReady.time_ms).toBeLessThanOrEqual(2_000);
    const init = obj(podRows('web').find((r) => obj(r).status?.conditions?.some((c: any) => c.type === 'Initialized' && c.status === 'False')));
    expect(init.status.conditions.find((c: any) => c.type === 'Initialized')).toMatchObject({ reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait-for-db migrate]' });
    expect(obj(podRows('web').at(-1)).status.initContainerStatuses.map((c: any) => [c.name, c.state.terminated?.reason, c.ready])).toEqual([
      ['wait-for-db', 'Completed', true],
      ['migrate', 'Completed', true],
    ]);
  });

  it('bad-init: Init:Error, then Init:CrashLoopBackOff with a growing restart count; the app never starts', () => {
    const seen = statusesOf(story, 'bad-init');
    expect(seen.slice(0, 4)).toEqual(['Pending', 'Init:0/1', 'Init:Error', 'Init:0/1']);
    expect(seen).toContain('Init:CrashLoopBackOff');
    const last = obj(podRows('bad-init').at(-1));
    expect(last.status.phase).toBe('Pending');
    expect(last.status.initContainerStatuses[0].restartCount).toBeGreaterThanOrEqual(4);
    expect(last.status.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(events('bad-init').some((e) => e.message === 'Started container app')).toBe(false);
  });

  it('report: the Job pod Succeeded when its main container exited 0, then its sidecar was stopped; the Job completed', () => {
    const name = rows.find((r) => r.kind === 'Pod' && r.verb === 'create' && r.name.startsWith('report-'))?.name as string;
    const statuses = podRows(name).filter((r) => r.subresource === 'status');
    const done = statuses.find((r) => obj(r).status.phase === 'Succeeded') as Row;
    expect(obj(done).status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const last = obj(statuses.at(-1));
    expect(last.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(last.status.conditions.find((c: any) => c.type === 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
    expect(getPodAt(story, name, 70_000)?.slice(0, 2)).toEqual(['0/2', 'Completed']);
    expect(events(name).filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container log-shipper']);
  });
});
