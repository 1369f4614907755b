import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { ControlPlane } from '../../core/sim/control-plane.js';
import { Simulation } from '../../core/sim/cluster.js';
import { cluster, isReady, nodeShape, type Cluster } from './cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

function agent(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}, annotations: Record<string, string> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: { containers: [{ name: 'agent', image: 'busybox:1.36', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } }], ...podSpec },
      },
      ...spec,
    },
  };
}

const agents = (c: Cluster): Array<Readonly<KObject>> => c.pods('app=agent').filter((p) => p.metadata.deletionTimestamp === undefined);
const nodesOf = (c: Cluster): string[] => agents(c).map((p) => p.spec.nodeName as string).sort();
const status = (c: Cluster): any => c.sim.api.get('DaemonSet', 'default', 'agent').status;
const setImage = (c: Cluster, image: string): void => {
  c.kubectl.patch('DaemonSet', 'default', 'agent', { spec: { template: { spec: { containers: [{ name: 'agent', image }] } } } }, 'strategic');
};

describe('DaemonSet controller in a running cluster', () => {
  it('one Ready pod per node, bound by the default scheduler; a node that joins gets its own, a node removed loses it', () => {
    const c = cluster(2);
    c.kubectl.create(agent());
    c.run(10_000);
    expect(nodesOf(c)).toEqual(['node-1', 'node-2']);
    expect(agents(c).every(isReady)).toBe(true);
    expect(agents(c).every((p) => c.writes.some((w) => w.name === p.metadata.name && w.subresource === 'binding' && w.actor === 'scheduler'))).toBe(true);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2, numberMisscheduled: 0 });

    c.plane.addNode(nodeShape('node-3'));
    c.run(20_000);
    expect(nodesOf(c)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 3, numberAvailable: 3 });

    // The machine goes: PodGC force-deletes its pods 40 s later, and that deletion brings the count down.
    c.plane.removeNode('node-3');
    c.run(45_000);
    expect(nodesOf(c)).toEqual(['node-1', 'node-2', 'node-3']);
    c.run(90_000);
    expect(nodesOf(c)).toEqual(['node-1', 'node-2']);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberAvailable: 2 });
  });

  it('a daemon pod that fails is deleted (FailedDaemonPod) and replaced; failing again and again, each delete waits out a doubling backoff', () => {
    const c = cluster(1);
    c.kubectl.create(agent());
    c.run(5_000);
    const killed = new Set<string>();
    for (let t = 5_000; t < 60_000; t += 100) {
      c.run(t);
      const running = agents(c).find((p) => p.status?.phase === 'Running' && !killed.has(p.metadata.name ?? ''));
      if (running === undefined) continue;
      killed.add(running.metadata.name ?? '');
      // The kubelet evicts it (Failed, reason Evicted; a pod-kill no longer fails a pod: the kubelet restarts it in place).
      c.plane.kubelet('node-1').workerFor('default', running.metadata.name ?? '')?.evict('The node was low on resource: memory.', 0);
    }
    const failures = c.writes.filter((w) => w.kind === 'Event' && w.reason === 'FailedDaemonPod');
    expect(failures[0]?.object.message).toMatch(/^Found failed daemon pod default\/agent-\w{5} on node node-1, will try to kill it$/);
    expect(failures[0]?.object.type).toBe('Warning');
    const deletes = c.writes.filter((w) => w.kind === 'Pod' && w.actor === 'daemonset-controller' && w.reason === 'SuccessfulDelete').map((w) => w.timeMs);
    expect(deletes.length).toBeGreaterThanOrEqual(4);
    const gaps = deletes.slice(1).map((d, i) => d - (deletes[i] as number));
    // Backoff 1 s, 2 s, 4 s ... from each delete; the eviction and the replacement's start take ~0.5 s on their own.
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(1000 * 2 ** i));
    expect(gaps[2]).toBeGreaterThanOrEqual(4_000);
    // And every failed pod was replaced: a pod on node-1 again.
    c.run(120_000);
    expect(nodesOf(c)).toEqual(['node-1']);
  });

  it('RollingUpdate maxSurge 1: the new pod starts beside the old one, which goes once the new one is available', () => {
    const c = cluster(3);
    c.kubectl.create(agent({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    c.run(10_000);
    setImage(c, 'busybox:1.37');
    let most = 0;
    let fewestAvailable = 3;
    for (let t = 10_000; t < 60_000; t += 50) {
      c.run(t);
      most = Math.max(most, agents(c).length);
      fewestAvailable = Math.min(fewestAvailable, agents(c).filter(isReady).length);
    }
    expect(most).toBe(4); // one surge pod at a time
    expect(fewestAvailable).toBe(3); // never fewer than the nodes
    expect(agents(c).map((p) => p.spec.containers[0].image)).toEqual(['busybox:1.37', 'busybox:1.37', 'busybox:1.37']);
  });

  it('OnDelete: a new template replaces nothing until a pod is deleted; its replacement has the new template', () => {
    const c = cluster(2);
    c.kubectl.create(agent({ updateStrategy: { type: 'OnDelete' } }));
    c.run(10_000);
    setImage(c, 'busybox:1.37');
    c.run(30_000);
    expect(agents(c).map((p) => p.spec.containers[0].image)).toEqual(['busybox:1.36', 'busybox:1.36']);
    expect(status(c).observedGeneration).toBe(2);
    expect(status(c).updatedNumberScheduled).toBeUndefined(); // 0, which Go's omitempty leaves out
    const victim = agents(c).find((p) => p.spec.nodeName === 'node-1') as Readonly<KObject>;
    c.kubectl.delete('Pod', 'default', victim.metadata.name ?? '');
    c.run(40_000);
    const images = Object.fromEntries(agents(c).map((p) => [p.spec.nodeName, p.spec.containers[0].image]));
    expect(images).toEqual({ 'node-1': 'busybox:1.37', 'node-2': 'busybox:1.36' });
    expect(status(c)).toMatchObject({ updatedNumberScheduled: 1 });
  });

  it('revisionHistoryLimit 2: after four templates the two newest old revisions stay, numbered 2 and 3, beside the current 4', () => {
    const c = cluster(1);
    c.kubectl.create(agent({ revisionHistoryLimit: 2 }));
    c.run(5_000);
    for (const [i, image] of ['busybox:1.37', 'busybox:1.38', 'busybox:1.39'].entries()) {
      setImage(c, image);
      c.run(15_000 + i * 15_000);
    }
    const revisions = c.sim.api.list('ControllerRevision', { namespace: 'default' }).items.map((r) => r.revision).sort();
    expect(revisions).toEqual([2, 3, 4]);
    expect(c.writes.filter((w) => w.reason === 'RevisionPruned')).toHaveLength(1);
  });

  it('a cordoned node keeps and even gets its daemon pod; an untolerated NoExecute taint takes it away', () => {
    const c = cluster(2);
    c.kubectl.patch('Node', null, 'node-2', { spec: { unschedulable: true } }, 'merge');
    c.run(1_000);
    c.kubectl.create(agent());
    c.run(10_000);
    expect(nodesOf(c)).toEqual(['node-1', 'node-2']); // tolerates node.kubernetes.io/unschedulable
    c.kubectl.patch('Node', null, 'node-2', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } }, 'merge');
    c.run(20_000);
    expect(nodesOf(c)).toEqual(['node-1']);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it('a silent node keeps its daemon pod past the 300 s that evict every other pod: not-ready and unreachable are tolerated for ever', () => {
    const c = cluster(2);
    c.kubectl.create(agent());
    c.run(10_000);
    c.plane.nodeDown('node-2');
    c.run(500_000);
    expect(nodesOf(c)).toEqual(['node-1', 'node-2']);
    const pod = agents(c).find((p) => p.spec.nodeName === 'node-2') as Readonly<KObject>;
    expect(pod.spec.tolerations.filter((t: any) => t.key === 'node.kubernetes.io/unreachable')).toEqual([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
  });

  it('a pod that does not fit its node stays pending with upstream\'s FitError, the other nodes counted by the NodeAffinity prefilter', () => {
    const c = cluster([nodeShape('node-1', '4'), nodeShape('node-2', '1'), nodeShape('node-3', '4')]);
    c.kubectl.create(agent({}, { containers: [{ name: 'agent', image: 'busybox:1.36', resources: { requests: { cpu: '2' } } }] }));
    c.run(10_000);
    expect(agents(c).filter((p) => p.spec.nodeName !== undefined).map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-3']);
    const stuck = c.pods('app=agent').find((p) => (p.spec.nodeName ?? '') === '') as Readonly<KObject>;
    const failed = c.sim.api.list('Event').items.find((e) => e.reason === 'FailedScheduling' && (e.involvedObject as any).name === stuck.metadata.name);
    expect(failed?.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2 });
  });

  it('deleting a DaemonSet: its pods and ControllerRevisions go with it (background); orphaned, they stay without an owner', () => {
    const c = cluster(2);
    c.kubectl.create(agent());
    c.run(10_000);
    c.kubectl.delete('DaemonSet', 'default', 'agent');
    c.run(20_000);
    expect(c.pods('app=agent')).toEqual([]);
    expect(c.sim.api.list('ControllerRevision', { namespace: 'default' }).items).toEqual([]);
    expect(c.writes.filter((w) => w.actor === 'garbage-collector' && w.kind === 'ControllerRevision' && w.verb === 'delete')).toHaveLength(1);

    c.kubectl.create(agent());
    c.run(30_000);
    c.kubectl.delete('DaemonSet', 'default', 'agent', { propagationPolicy: 'Orphan' });
    c.run(40_000);
    expect(c.sim.api.tryGet('DaemonSet', 'default', 'agent')).toBeUndefined();
    expect(agents(c)).toHaveLength(2);
    expect(agents(c).every((p) => p.metadata.ownerReferences === undefined)).toBe(true);
    // A DaemonSet created again adopts them (its selector matches) instead of starting new pods.
    c.kubectl.create(agent());
    c.run(50_000);
    expect(agents(c)).toHaveLength(2);
    expect(c.writes.filter((w) => w.reason === 'Adopted' && w.kind === 'Pod')).toHaveLength(2);
  });

  it('never creates more pods than nodes even when its cache lags the API server by 500 ms (expectations)', () => {
    const sim = new Simulation({ seed: 5, epoch: '2026-01-01T00:00:00Z', watchLatencyMs: 500 });
    const shapes = [nodeShape('node-1'), nodeShape('node-2'), nodeShape('node-3')];
    sim.bootstrap(shapes);
    new ControlPlane(sim).start(shapes);
    sim.client('kubectl').create(agent());
    sim.runUntil(30_000);
    const created = sim.api.list('Event', { namespace: 'default' }).items.filter((e) => e.reason === 'SuccessfulCreate');
    expect(created).toHaveLength(3);
    expect(sim.api.list('Pod', { namespace: 'default' }).items).toHaveLength(3);
    // kube-proxy too: one per node.
    expect(sim.api.list('Pod', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-proxy' }).items).toHaveLength(3);
  });
});
