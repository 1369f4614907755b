import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster } from './cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */

/** A bare pod on node-1 with these init and app containers. */
function pod(name: string, inits: any[], containers: any[], extra: { restartPolicy?: string; annotations?: Record<string, string>; grace?: number } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(extra.annotations !== undefined ? { annotations: extra.annotations } : {}) },
    spec: {
      nodeName: 'node-1',
      ...(extra.restartPolicy !== undefined ? { restartPolicy: extra.restartPolicy } : {}),
      ...(extra.grace !== undefined ? { terminationGracePeriodSeconds: extra.grace } : {}),
      initContainers: inits.map((c) => ({ image: 'busybox:1.36', ...c })),
      containers: containers.map((c) => ({ image: 'nginx:1.27', ...c })),
    },
  };
}
const sleep = (s: number, code = 0): string[] => ['sh', '-c', code === 0 ? `sleep ${s}` : `sleep ${s}; exit ${code}`];

describe('init containers and native sidecars in the kubelet', () => {
  it('init containers run one at a time, each after the previous exited 0; the app starts after the last', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'a', command: sleep(3) }, { name: 'b', command: sleep(2) }], [{ name: 'app' }]));
    c.run(30_000);
    const started = c.writes.filter((w) => w.object.kind === 'Event' && w.object.reason === 'Started' && (w.object as any).involvedObject.name === 'p').map((w) => [w.object.message, w.timeMs]);
    expect(started.map((s) => s[0])).toEqual(['Started container a', 'Started container b', 'Started container app']);
    const st = (c.pods()[0] as KObject).status;
    const at = (name: string, which: 'startedAt' | 'finishedAt'): number => c.sim.api.virtualOf(st.initContainerStatuses.find((x: any) => x.name === name).state.terminated[which]);
    expect(at('a', 'finishedAt') - at('a', 'startedAt')).toBe(3_000);
    expect(at('b', 'startedAt')).toBeGreaterThanOrEqual(at('a', 'finishedAt'));
    expect(c.sim.api.virtualOf(st.containerStatuses[0].state.running.startedAt)).toBeGreaterThanOrEqual(at('b', 'finishedAt'));
    expect(st.phase).toBe('Running');
    // A running init container is not ready: the kubelet's narration says so.
    expect(c.writes.filter((w) => w.object.metadata.name === 'p' && w.reason === 'ContainerStarted').map((w) => w.message)).toEqual(['p: init container a started', 'p: init container b started', 'p: container app started, ready']);
  });

  it('a failing init container under restartPolicy Never fails the pod; the app never starts', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'setup', command: sleep(1, 2) }], [{ name: 'app' }], { restartPolicy: 'Never' }));
    c.run(60_000);
    const st = (c.pods()[0] as KObject).status;
    expect(st.phase).toBe('Failed');
    expect(st.initContainerStatuses[0]).toMatchObject({ restartCount: 0, ready: false, state: { terminated: { exitCode: 2, reason: 'Error' } } });
    expect(st.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(st.conditions.find((x: any) => x.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [setup]' });
  });

  it('under OnFailure a failing init container is retried with backoff (immediately, then 10 s, 20 s) and the pod stays Pending', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'setup', command: sleep(1, 1) }], [{ name: 'app' }], { restartPolicy: 'OnFailure' }));
    c.run(60_000);
    const st = (c.pods()[0] as KObject).status;
    expect(st.phase).toBe('Pending');
    expect(st.initContainerStatuses[0].restartCount).toBe(3);
    const restarts = c.writes.filter((w) => w.object.metadata.name === 'p' && w.reason === 'ContainerRestarted').map((w) => w.timeMs);
    const exits = c.writes.filter((w) => w.object.metadata.name === 'p' && w.reason === 'ContainerExited').map((w) => w.timeMs);
    expect(restarts.map((r, i) => r - (exits[i] as number))).toEqual([100, 10_100, 20_100]);
  });

  it('a sidecar is restarted on exit even under restartPolicy Never; the next container waits for its startupProbe', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'proxy', restartPolicy: 'Always', command: sleep(20, 1), startupProbe: { tcpSocket: { port: 9000 }, periodSeconds: 5, initialDelaySeconds: 5 } }], [{ name: 'app', command: ['sleep', 'infinity'] }], { restartPolicy: 'Never' }));
    c.run(60_000);
    const st = (c.pods()[0] as KObject).status;
    expect(st.phase).toBe('Running');
    expect(st.initContainerStatuses[0].restartCount).toBeGreaterThanOrEqual(1);
    const proxyStarted = c.sim.api.virtualOf((c.events('Started').find((e) => e.message === 'Started container proxy') as KObject).firstTimestamp);
    const appCreated = c.sim.api.virtualOf((c.events('Created').find((e) => e.message === 'Created container: app') as KObject).firstTimestamp);
    // The startup probe first runs 5 s after the start (initialDelaySeconds) and passes: the app follows.
    expect(appCreated - proxyStarted).toBeGreaterThanOrEqual(5_000);
  });

  it('at deletion the app stops first, then the sidecars one at a time in reverse order', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'first', restartPolicy: 'Always' }, { name: 'second', restartPolicy: 'Always' }], [{ name: 'app' }], { annotations: { 'kubelapse/on-sigterm': 'drain 3s' } }));
    c.run(20_000);
    expect((c.pods()[0] as KObject).status.initContainerStatuses.map((x: any) => x.ready)).toEqual([true, true]);
    c.kubectl.delete('Pod', 'default', 'p');
    c.run(60_000);
    const killing = c.writes.filter((w) => w.object.kind === 'Event' && w.object.reason === 'Killing' && (w.object as any).involvedObject.name === 'p').map((w) => [w.object.message, w.timeMs - 20_000]);
    expect(killing.map((k) => k[0])).toEqual(['Stopping container app', 'Stopping container second', 'Stopping container first']);
    // Each drains 3 s (plus the runtime's 0.2 s stop) before the next is told to stop.
    expect(killing.map((k) => (k[1] as number) - (killing[0]?.[1] as number))).toEqual([0, 3_200, 6_400]);
    expect(c.pods()).toEqual([]);
  });

  it('a Job-like pod (Never) with a sidecar: Succeeded when the main container exits 0, the sidecar then stopped', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'shipper', restartPolicy: 'Always' }], [{ name: 'main', command: sleep(5) }], { restartPolicy: 'Never' }));
    c.run(30_000);
    const st = (c.pods()[0] as KObject).status;
    expect(st.phase).toBe('Succeeded');
    expect(st.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(st.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(st.conditions.find((x: any) => x.type === 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
  });

  it('READY counts a ready sidecar: the Ready condition lists an unready sidecar first', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'shipper', restartPolicy: 'Always', readinessProbe: { httpGet: { port: 2020 }, periodSeconds: 5 } }], [{ name: 'app', readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5 } }], { annotations: { 'kubelapse/ready-after': '1h' } }));
    c.run(30_000);
    const ready = (c.pods()[0] as KObject).status.conditions.find((x: any) => x.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [shipper app]' });
  });

  it('kubelapse/waits-for: the init container waits until the Service has a ready endpoint; a malformed value is reported', () => {
    const c = cluster(1);
    c.kubectl.create(pod('p', [{ name: 'wait', command: ['sh', '-c', 'until nslookup db; do sleep 2; done'] }], [{ name: 'app' }], { annotations: { 'kubelapse/waits-for': 'wait=db' } }));
    c.kubectl.create(pod('q', [{ name: 'wait', command: sleep(1) }], [{ name: 'app' }], { annotations: { 'kubelapse/waits-for': 'wait:db' } }));
    c.run(30_000);
    expect((c.pods().find((p) => p.metadata.name === 'p') as KObject).status.phase).toBe('Pending');
    expect((c.pods().find((p) => p.metadata.name === 'q') as KObject).status.phase).toBe('Running');
    expect(c.events('InvalidBehaviour').map((e) => e.message)).toEqual(['annotation kubelapse/waits-for: "wait:db" is not <init-container>=<service> (e.g. wait-db=db); wait runs its command']);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } });
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', labels: { app: 'db' } }, spec: { nodeName: 'node-1', containers: [{ name: 'db', image: 'postgres:16' }] } });
    c.run(60_000);
    const st = (c.pods().find((p) => p.metadata.name === 'p') as KObject).status;
    expect(st.phase).toBe('Running');
    expect(st.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});
