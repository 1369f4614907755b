import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster, isReady, web } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */

const status = (p: Readonly<KObject> | undefined): any => p?.status?.containerStatuses?.[0];

/**
 * A pod whose sandbox and processes vanish (the pod-kill fault), as upstream v1.32's
 * computePodActions handles it: restartPolicy Always gets a new sandbox and its
 * containers restart in the same pod; Never fails the pod.
 */
describe('pod-kill: the kubelet re-creates the sandbox', () => {
  const readiness = { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 }, ports: [{ containerPort: 80 }] };

  it('restartPolicy Always: SandboxChanged, RESTARTS 1, a new IP, unready until the probe passes, and the same pods', () => {
    const c = cluster(1);
    c.kubectl.create(web(2, { container: readiness }));
    c.run(20_000);
    const before = c.pods();
    expect(before.every(isReady)).toBe(true);
    const victim = before[0] as Readonly<KObject>;
    const name = victim.metadata.name as string;
    const oldIP = victim.status?.podIP;
    c.plane.killPod('default', name);
    c.run(21_050);
    // At the relist (1 s): the containers are gone, the pod is not Ready, nothing replaces it.
    const gone = c.sim.api.get('Pod', 'default', name);
    expect(gone.status.phase).toBe('Running');
    expect(isReady(gone)).toBe(false);
    expect(status(gone).state.terminated).toMatchObject({ exitCode: 137, reason: 'ContainerStatusUnknown' });
    const changed = c.events('SandboxChanged');
    expect(changed.map((e) => [(e.involvedObject as { name?: string } | undefined)?.name, e.message])).toEqual([[name, 'Pod sandbox changed, it will be killed and re-created.']]);
    c.run(40_000);
    const after = c.pods();
    expect(after.map((p) => p.metadata.name).sort()).toEqual(before.map((p) => p.metadata.name).sort());
    expect(c.events('SuccessfulCreate').length).toBe(2);
    const back = c.sim.api.get('Pod', 'default', name);
    expect(isReady(back)).toBe(true);
    expect(status(back).restartCount).toBe(1);
    expect(status(back).lastState.terminated).toMatchObject({ exitCode: 137, reason: 'ContainerStatusUnknown' });
    expect(back.status.podIP).toMatch(/^10\.244\./);
    expect(back.status.podIP).not.toBe(oldIP);
    const other = c.sim.api.get('Pod', 'default', before[1]?.metadata.name as string);
    expect(status(other).restartCount).toBe(0);
  });

  it('init containers run again in the new sandbox, first to last, before the app container restarts; the pod stays Running', () => {
    const c = cluster(1);
    c.kubectl.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'staged', namespace: 'default' },
      spec: { initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['sh', '-c', 'echo setting up; sleep 2'] }], containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });
    c.run(10_000);
    c.plane.killPod('default', 'staged');
    c.run(12_000);
    const during = c.sim.api.get('Pod', 'default', 'staged');
    expect(during.status.phase).toBe('Running');
    expect(during.status.initContainerStatuses[0].state.running).toBeDefined();
    expect(during.status.initContainerStatuses[0].restartCount).toBe(1);
    expect(during.status.containerStatuses[0].state.terminated).toMatchObject({ reason: 'ContainerStatusUnknown' });
    c.run(20_000);
    const after = c.sim.api.get('Pod', 'default', 'staged');
    expect(after.status.containerStatuses[0].state.running).toBeDefined();
    expect(after.status.containerStatuses[0].restartCount).toBe(1);
    expect(after.status.conditions.find((x: any) => x.type === 'Ready').status).toBe('True');
  });

  it('restartPolicy Never: no new sandbox; the container reads ContainerStatusUnknown 137 and the pod is Failed', () => {
    const c = cluster(1);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'once', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    c.run(10_000);
    c.plane.killPod('default', 'once');
    c.run(30_000);
    const p = c.sim.api.get('Pod', 'default', 'once');
    expect(p.status.phase).toBe('Failed');
    expect(status(p).state.terminated).toEqual(expect.objectContaining({ exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' }));
    expect(status(p).restartCount).toBe(0);
    expect(c.events('SandboxChanged')).toEqual([]);
    expect(c.events('Started').length).toBe(1);
  });
});
