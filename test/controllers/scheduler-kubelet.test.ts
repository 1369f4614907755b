import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { killPlan, preStopMs } from '../../core/kubelet/termination.js';
import { DEFAULT_BEHAVIOUR } from '../../core/kubelet/app-behaviour.js';
import { cluster, isReady, nodeShape, web } from './cluster-helpers.js';
import type { SchedulerCache } from '../../core/scheduler/node-info.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON; the scheduler's cache is private */

const t = (ms: number): string => new Date(Date.parse('2026-01-01T00:00:00Z') + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('scheduler', () => {
  it('binds through pods/binding with a Scheduled event naming pod and node, and spreads replicas', () => {
    const c = cluster(3);
    c.kubectl.create(web(6));
    c.run(10_000);
    const pods = c.pods('app=web');
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2, 2]);
    const bind = c.writes.find((w) => w.subresource === 'binding');
    expect(bind?.actor).toBe('scheduler');
    const scheduled = c.events('Scheduled')[0] as Readonly<KObject>;
    expect(scheduled.message).toMatch(/^Successfully assigned default\/web-\w+-\w{5} to node-\d$/);
    expect(scheduled.source).toEqual({ component: 'default-scheduler' });
  });

  it('FailedScheduling with upstream wording, then a retry when a node is added', () => {
    const c = cluster([nodeShape('node-1', '1'), nodeShape('node-2', '1'), nodeShape('node-3', '1')]);
    c.kubectl.create(web(1, { container: { resources: { requests: { cpu: '2' } } } }));
    c.run(5_000);
    const failed = c.events('FailedScheduling')[0] as Readonly<KObject>;
    expect(failed.message).toBe('0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    const pending = c.pods('app=web')[0] as Readonly<KObject>;
    expect(pending.status.conditions.find((x: { type: string }) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    c.plane.addNode(nodeShape('node-4', '4'));
    c.run(10_000);
    expect(c.pods('app=web')[0]?.spec.nodeName).toBe('node-4');
  });

  it('a PreferNoSchedule taint added to a running node steers new pods away, and its removal lets them back', () => {
    const c = cluster(3);
    c.run(1_000);
    // TaintToleration scores node-1 0 of 100 (weight 3) against spreading's 100 (weight 2):
    // 300 points it cannot make up, so every pod goes to node-2 or node-3.
    c.kubectl.patch('Node', null, 'node-1', { spec: { taints: [{ key: 'dedicated', value: 'infra', effect: 'PreferNoSchedule' }] } }, 'merge');
    c.kubectl.create(web(4));
    c.run(10_000);
    const on = (node: string): number => c.pods('app=web').filter((p) => p.spec.nodeName === node).length;
    expect([on('node-1'), on('node-2'), on('node-3')]).toEqual([0, 2, 2]);
    // Untainted: the node counts as any other, and spreading sends the next pods there.
    c.kubectl.patch('Node', null, 'node-1', { spec: { taints: null } }, 'merge');
    c.run(11_000);
    c.kubectl.patch('Deployment', 'default', 'web', { spec: { replicas: 6 } }, 'merge');
    c.run(20_000);
    expect([on('node-1'), on('node-2'), on('node-3')]).toEqual([2, 2, 2]);
  });

  it('what each NodeInfo keeps of its node and of the last owner scored is what a fresh reading gives', () => {
    // The oracle: the Node's own spec (unschedulable, NoSchedule/NoExecute taints in order,
    // PreferNoSchedule count) and the owner counts, read again at every check; through
    // scale-up, a cordon, a taint, scale-down, deletions and a node lost and back.
    const c = cluster(3);
    const cache = (c.plane.scheduler as any).cache as SchedulerCache;
    let checked = 0;
    let cachedHits = 0;
    const check = (t: number): void => {
      c.run(t);
      for (const info of cache.nodes.values()) {
        // The version the scheduler's informer holds (the API server's may be a write ahead).
        const node = (c.plane.scheduler as any).nodesInf.get(null, info.node.metadata.name ?? '') as KObject;
        expect(info.node, `${node.metadata.name} at ${t} ms`).toBe(node);
        const taints: any[] = node.spec?.taints ?? [];
        expect(info.unschedulable).toBe(node.spec?.unschedulable === true);
        expect([...info.hardTaints]).toEqual(taints.filter((x) => x.effect === 'NoSchedule' || x.effect === 'NoExecute'));
        expect(info.preferNoSchedule).toBe(taints.filter((x) => x.effect === 'PreferNoSchedule').length);
        if (info.spreadOwner !== '') {
          expect(info.spreadCount, `${node.metadata.name}'s count of ${info.spreadOwner} at ${t} ms`).toBe(info.byOwner.get(info.spreadOwner) ?? 0);
          cachedHits++;
        }
        // And byOwner itself against the bound pods.
        const counts = new Map<string, number>();
        for (const p of c.sim.api.list('Pod').items) {
          const owner = p.metadata.ownerReferences?.find((r: { controller?: boolean }) => r.controller === true)?.uid;
          if (p.spec?.nodeName !== node.metadata.name || owner === undefined || ['Succeeded', 'Failed'].includes(p.status?.phase)) continue;
          counts.set(owner, (counts.get(owner) ?? 0) + 1);
        }
        // Both ways: an owner the scan finds must be counted, and a count must have pods.
        for (const [owner, n] of counts) expect(info.byOwner.get(owner) ?? 0, `${owner} on ${node.metadata.name} at ${t} ms`).toBe(n);
        for (const [owner, n] of info.byOwner) expect(n, `${owner} on ${node.metadata.name} at ${t} ms`).toBe(counts.get(owner) ?? 0);
        checked++;
      }
    };
    c.kubectl.create(web(6));
    for (let t = 500; t <= 10_000; t += 500) check(t);
    c.kubectl.patch('Node', null, 'node-1', { spec: { unschedulable: true } }, 'merge');
    c.kubectl.patch('Node', null, 'node-3', { spec: { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', value: 'x', effect: 'NoSchedule' }] } }, 'merge');
    c.kubectl.patch('Deployment', 'default', 'web', { spec: { replicas: 10 } }, 'merge');
    for (let t = 10_500; t <= 20_000; t += 500) check(t);
    c.kubectl.patch('Node', null, 'node-1', { spec: { unschedulable: null } }, 'merge');
    c.kubectl.patch('Deployment', 'default', 'web', { spec: { replicas: 4 } }, 'merge');
    for (let t = 20_500; t <= 30_000; t += 500) check(t);
    c.plane.nodeDown('node-2');
    c.kubectl.patch('Deployment', 'default', 'web', { spec: { replicas: 8 } }, 'merge');
    for (let t = 31_000; t <= 90_000; t += 1_000) check(t);
    c.plane.nodeUp('node-2');
    for (let t = 91_000; t <= 120_000; t += 1_000) check(t);
    expect(checked).toBeGreaterThan(300);
    expect(cachedHits).toBeGreaterThan(100);
  });

  it('a pod that fits fewer nodes than the pod before it goes to one of those nodes (the filtered list is reused)', () => {
    const c = cluster([nodeShape('node-1', '4', { labels: { disk: 'ssd' } }), nodeShape('node-2'), nodeShape('node-3')]);
    // Six pods over three nodes: each pod's filters pass all three.
    c.kubectl.create(web(6));
    c.run(10_000);
    // Then pods that only node-1 takes: one feasible node, after lists of three.
    const pinned = web(3, { spec: { nodeSelector: { disk: 'ssd' } } });
    pinned.metadata = { name: 'db', namespace: 'default' };
    const spec = pinned.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
    spec.selector.matchLabels = { app: 'db' };
    spec.template.metadata.labels = { app: 'db' };
    c.kubectl.create(pinned);
    c.run(20_000);
    expect(c.pods('app=db').map((p) => p.spec.nodeName)).toEqual(['node-1', 'node-1', 'node-1']);
    expect(c.events('FailedScheduling')).toEqual([]);
    // And a pod that fits all three again is scored over all three (spread to the emptier nodes).
    const more = c.pods('app=web').length;
    c.kubectl.patch('Deployment', 'default', 'web', { spec: { replicas: more + 2 } }, 'merge');
    c.run(30_000);
    const perNode = new Map<string, number>();
    for (const p of c.pods('app=web')) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    expect(perNode.get('node-1')).toBe(2);
    expect(perNode.get('node-2')).toBe(3);
    expect(perNode.get('node-3')).toBe(3);
  });

  it('a cordoned node takes no new pods and the reason says so', () => {
    const c = cluster(1);
    c.kubectl.patch('Node', null, 'node-1', { spec: { unschedulable: true } }, 'merge');
    c.kubectl.create(web(1));
    c.run(5_000);
    expect(c.events('FailedScheduling')[0]?.message).toMatch(/^0\/1 nodes are available: 1 node\(s\) had untolerated taint \{node.kubernetes.io\/unschedulable: \}|^0\/1 nodes are available: 1 node\(s\) were unschedulable/);
    expect(c.sim.api.get('Node', null, 'node-1').spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  });
});

describe('kubelet', () => {
  it('walks a pod through Pending/ContainerCreating, Running, Ready with Pulling/Pulled/Created/Started', () => {
    const c = cluster(1);
    c.kubectl.create(web(1, { container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } } }));
    c.run(60_000);
    const pod = c.pods('app=web')[0] as Readonly<KObject>;
    const statuses = c.writes.filter((w) => w.kind === 'Pod' && w.subresource === 'status' && w.name === pod.metadata.name).map((w) => w.object);
    expect(statuses[0]?.status.phase).toBe('Pending');
    expect(statuses[0]?.status.containerStatuses[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(statuses[1]?.status.phase).toBe('Running');
    expect(isReady(statuses[1] as KObject)).toBe(false);
    expect(isReady(pod)).toBe(true);
    expect(pod.status.podIP).toMatch(/^10\.244\.0\.\d+$/);
    const reasons = c.sim.api.list('Event').items.filter((e) => e.involvedObject && (e.involvedObject as { name: string }).name === pod.metadata.name).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'Unhealthy']));
    // Readiness: first probe at start (the app listens 1 s later) fails, the one 5 s later passes.
    const ready = pod.status.conditions.find((x: { type: string }) => x.type === 'Ready');
    const running = statuses[1]?.status.containerStatuses[0].state.running.startedAt;
    expect(Date.parse(ready.lastTransitionTime) - Date.parse(running)).toBe(5000);
  });

  it('a liveness probe failing a slow starter restarts it with CrashLoopBackOff 10 s, 20 s, 40 s', () => {
    const c = cluster(1);
    c.kubectl.create(web(1, { annotations: { 'kubelapse/start-time': '120s' }, container: { livenessProbe: { httpGet: { path: '/healthz', port: 8080 } } } }));
    c.run(200_000);
    const pod = c.pods('app=web')[0] as Readonly<KObject>;
    const killings = c.sim.api.list('Event').items.filter((e) => e.reason === 'Killing');
    expect(killings[0]?.message).toBe('Container web failed liveness probe, will be restarted');
    const starts = c.writes.filter((w) => w.namespace === 'default' && (w.reason === 'ContainerStarted' || w.reason === 'ContainerRestarted')).map((w) => w.timeMs);
    const gaps = starts.slice(1).map((s, i) => s - (starts[i] as number));
    // Run 20 s (probes at 0, 10, 20 fail) + stop; restarts wait 0, 10, 20, 40 s of backoff on top.
    expect(gaps.map((g) => Math.round((g - 20_000) / 1000))).toEqual([0, 10, 20, 40].slice(0, gaps.length));
    expect(pod.status.containerStatuses[0].restartCount).toBeGreaterThanOrEqual(3);
    expect(c.writes.some((w) => w.reason === 'CrashLoopBackOff')).toBe(true);
  });

  it('a missing image: ErrImagePull, then ImagePullBackOff', () => {
    const c = cluster(1, { missingImages: ['nginx:nope'] });
    c.kubectl.create(web(1, { container: { image: 'nginx:nope' } }));
    c.run(20_000);
    const st = c.pods('app=web')[0]?.status.containerStatuses[0].state.waiting;
    expect(st.reason).toBe('ImagePullBackOff');
    expect(c.writes.some((w) => w.reason === 'ErrImagePull')).toBe(true);
    expect(c.sim.api.list('Event').items.map((e) => e.message)).toEqual(expect.arrayContaining(['Error: ErrImagePull', 'Back-off pulling image "nginx:nope"']));
  });

  it('termination: preStop sleep, SIGTERM, exit, final status, then the kubelet deletes with grace 0', () => {
    const c = cluster(1);
    c.kubectl.create(web(1, { annotations: { 'kubelapse/on-sigterm': 'drain 3s' }, container: { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } } }));
    c.run(30_000);
    const pod = c.pods('app=web')[0] as Readonly<KObject>;
    c.kubectl.delete('Pod', 'default', pod.metadata.name ?? '');
    const deletedAt = c.sim.scheduler.now();
    c.run(60_000);
    const final = c.writes.find((w) => w.verb === 'delete' && w.name === pod.metadata.name);
    expect(final?.actor).toBe('kubelet/node-1');
    // preStop 5 s + drain 3 s + 0.2 s for the runtime to stop it.
    expect((final?.timeMs ?? 0) - deletedAt).toBeGreaterThanOrEqual(8_000);
    expect((final?.timeMs ?? 0) - deletedAt).toBeLessThan(8_500);
    const terminated = c.writes.filter((w) => w.name === pod.metadata.name && w.reason === 'PodTerminated')[0]?.object;
    expect(terminated?.status.phase).toBe('Succeeded');
    expect(terminated?.status.containerStatuses[0].state.terminated.exitCode).toBe(0);
  });

  it('grace period: SIGTERM ignored means SIGKILL (137) when the grace period runs out; a long preStop still leaves 2 s', () => {
    expect(preStopMs({ lifecycle: { preStop: { sleep: { seconds: 7 } } } })).toBe(7000);
    expect(killPlan({}, { ...DEFAULT_BEHAVIOUR, onSigterm: { kind: 'ignore' } }, 30_000)).toEqual({ sigtermMs: 0, exitMs: 30_000, exitCode: 137, sigkill: true });
    expect(killPlan({ lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } } }, DEFAULT_BEHAVIOUR, 3_000)).toEqual({ sigtermMs: 3_000, exitMs: 3_000, exitCode: 0, sigkill: false });
    expect(killPlan({ lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } } }, { ...DEFAULT_BEHAVIOUR, onSigterm: { kind: 'ignore' } }, 3_000)).toEqual({ sigtermMs: 3_000, exitMs: 5_000, exitCode: 137, sigkill: true });
  });

  it('renews its node Lease every 10 s', () => {
    const c = cluster(1);
    c.run(60_000);
    const renewals = c.writes.filter((w) => w.kind === 'Lease' && w.actor === 'kubelet/node-1').map((w) => w.timeMs);
    expect(renewals).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(c.sim.api.get('Lease', 'kube-node-lease', 'node-1').spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: `${t(60_000).replace('Z', '')}.000000Z` });
  });
});

describe('kubelet outage', () => {
  it('a pod whose termination was cut short by the node going down is stopped once the node is back', () => {
    const c = cluster(1);
    c.kubectl.create(web(1, { annotations: { 'kubelapse/on-sigterm': 'drain 10s' } }));
    c.run(10_000);
    const pod = c.pods('app=web')[0] as Readonly<KObject>;
    c.kubectl.delete('Pod', 'default', pod.metadata.name ?? '');
    c.run(12_000);
    c.plane.nodeDown('node-1');
    c.run(60_000);
    expect(c.sim.api.tryGet('Pod', 'default', pod.metadata.name ?? '')).toBeDefined();
    c.plane.nodeUp('node-1');
    // Past its grace period: SIGTERM, then SIGKILL after the 2 s minimum, then the final delete.
    c.run(63_000);
    expect(c.sim.api.tryGet('Pod', 'default', pod.metadata.name ?? '')).toBeUndefined();
  });
});
