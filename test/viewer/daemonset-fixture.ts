import type { KObject } from '../../core/api/types.js';
import { WorkloadWriter } from './workload-writer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

const NODE = { cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] };

/** What the recording holds, for the tests to assert against. */
export interface DaemonSetFixture {
  file: string;
  /** Right after node-4 registered, before its daemon pod exists. */
  nodeJoinedSeq: number;
  /** node-4's daemon pod created. */
  node4PodSeq: number;
  /** Mid rolling update: node-1 and node-2 updated, node-3 terminating its old pod, node-4 old. */
  midRolloutSeq: number;
  hashes: [string, string];
}

/**
 * A DaemonSet `fluentd` (RollingUpdate, maxUnavailable 1) on three workers and a tainted
 * control-plane node it does not tolerate: one pod per worker; node-4 joins at 0:20 and
 * gets its pod half a second later; at 0:40 a new image rolls out node by node (old pod
 * gone, then the new one), 5 s per node. kube-system's `kube-proxy` DaemonSet tolerates
 * every taint, as kubeadm's does: a pod on every node, control plane included, and on
 * node-4 0.2 s after it joins.
 */
export function daemonSetRecording(dir: string, name = 'daemonset'): DaemonSetFixture {
  const w = new WorkloadWriter(dir, name, 3);
  w.sim.registerNode({ ...NODE, name: 'control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }, 3);
  const hashes: [string, string] = ['5f8b9d7c6', '7d4c8b5f9'];
  const ctl = 'daemonset-controller';
  w.at(1000).chapter('A DaemonSet: one pod per node', 'The control-plane node is tainted NoSchedule and fluentd does not tolerate it.');
  const template = (image: string, hash?: string): any => ({
    metadata: { labels: { app: 'fluentd', ...(hash ? { 'controller-revision-hash': hash } : {}) } },
    spec: { containers: [{ name: 'fluentd', image }], terminationGracePeriodSeconds: 2 },
  });
  let ds: Readonly<KObject> = w.c('kubectl').create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd', namespace: 'default', labels: { app: 'fluentd' } },
    spec: { selector: { matchLabels: { app: 'fluentd' } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10, template: template('fluentd:v1.16') },
  } as KObject, { reason: 'Apply', message: 'kubectl apply created daemonset.apps/fluentd' });
  const revision = (n: number, hash: string, image: string): void => {
    w.c(ctl).create({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `fluentd-${hash}`, namespace: 'default', labels: { app: 'fluentd', 'controller-revision-hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: ds.metadata.uid as string, controller: true, blockOwnerDeletion: true }] },
      data: { spec: { template: { ...template(image), $patch: 'replace' } } },
      revision: n,
    } as KObject);
  };
  const status = (desired: number, current: number, ready: number, updated: number, available: number): void => {
    w.status(ctl, 'DaemonSet', 'fluentd', { desiredNumberScheduled: desired, currentNumberScheduled: current, numberMisscheduled: 0, numberReady: ready, updatedNumberScheduled: updated, numberAvailable: available, numberUnavailable: desired - available, observedGeneration: ds.metadata.generation });
  };
  let n = 0;
  const daemonPod = (node: string, hash: string, gen: number): string => {
    const pod = `fluentd-${['x7k2p', 'm4q9z', 'b8r3t', 'w2n6d', 'h5c1v', 'p9l4s', 'f3j8k', 'z6t2m'][n++]}`;
    w.createPod(ctl, { name: pod, owner: ds, target: node, labels: { app: 'fluentd', 'controller-revision-hash': hash, 'pod-template-generation': String(gen) }, image: gen === 1 ? 'fluentd:v1.16' : 'fluentd:v1.17' });
    return pod;
  };
  const proxy = kubeProxy(w);
  w.at(1010);
  revision(1, hashes[0], 'fluentd:v1.16');
  const pods = new Map<string, string>();
  for (const node of ['node-1', 'node-2', 'node-3']) pods.set(node, daemonPod(node, hashes[0], 1));
  status(3, 3, 0, 3, 0);
  w.at(1020);
  for (const [node, pod] of pods) w.bind(pod, node);
  w.at(3000);
  for (const pod of pods.values()) w.run(pod);
  status(3, 3, 3, 3, 3);

  w.at(20_000).chapter('A node joins', 'node-4 registers; the controller gives it a daemon pod.');
  w.sim.registerNode({ ...NODE, name: 'node-4' }, 4);
  w.recorder.flush();
  const nodeJoinedSeq = w.recorder.count;
  w.at(20_200);
  proxy('node-4');
  w.at(20_500);
  pods.set('node-4', daemonPod('node-4', hashes[0], 1));
  w.recorder.flush();
  const node4PodSeq = w.recorder.count;
  status(4, 4, 3, 4, 3);
  w.at(20_510);
  w.bind(pods.get('node-4') as string, 'node-4');
  w.at(23_000);
  w.run(pods.get('node-4') as string);
  status(4, 4, 4, 4, 4);

  w.at(40_000).chapter('Rolling update, maxUnavailable 1', 'fluentd:v1.17: one node at a time, the old pod goes before the new one comes.');
  ds = w.change('kubectl', 'DaemonSet', 'fluentd', (o) => (o.spec.template.spec.containers[0].image = 'fluentd:v1.17'));
  w.at(40_010);
  revision(2, hashes[1], 'fluentd:v1.17');
  let midRolloutSeq = 0;
  ['node-1', 'node-2', 'node-3', 'node-4'].forEach((node, i) => {
    const t = 40_010 + i * 5000;
    const old = pods.get(node) as string;
    w.at(t);
    w.deletePod(ctl, old);
    w.event(ctl, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${old}`);
    status(4, 4, 3, i, 3);
    if (node === 'node-3') {
      w.recorder.flush();
      midRolloutSeq = w.recorder.count;
    }
    w.at(t + 2000);
    w.gone(old);
    const fresh = daemonPod(node, hashes[1], 2);
    pods.set(node, fresh);
    w.at(t + 2010);
    w.bind(fresh, node);
    w.at(t + 4000);
    w.run(fresh);
    status(4, 4, 4, i + 1, 4);
  });
  return { file: w.close(70_000), nodeJoinedSeq, node4PodSeq, midRolloutSeq, hashes };
}

/**
 * kube-system's kube-proxy as the bootstrap installs it (`tolerations: [{operator: Exists}]`):
 * its pods on the four nodes there are, Ready at once; returns how to give a node that
 * joins later its pod.
 */
function kubeProxy(w: WorkloadWriter): (node: string) => void {
  const hash = '6c9d8b7f5';
  // The bootstrap installs it (kubeadm's addon); no controller runs here, so its pods are written below.
  const ds = w.c('kubeadm').get('DaemonSet', 'kube-system', 'kube-proxy');
  let n = 0;
  const give = (node: string): void => {
    const name = `kube-proxy-${['t4n8q', 'r2k6w', 'j9m3x', 'c5v7b', 'd1f4g'][n++]}`;
    w.createPod('daemonset-controller', { name, namespace: 'kube-system', owner: ds, target: node, labels: { 'k8s-app': 'kube-proxy', 'controller-revision-hash': hash, 'pod-template-generation': '1' }, image: 'registry.k8s.io/kube-proxy:v1.32.4' });
    w.bind(name, node, 'kube-system');
    w.run(name, true, 'kube-system');
    const count = n;
    w.status('daemonset-controller', 'DaemonSet', 'kube-proxy', { desiredNumberScheduled: count, currentNumberScheduled: count, numberReady: count, updatedNumberScheduled: count, numberAvailable: count, numberMisscheduled: 0 }, 'kube-system');
  };
  for (const node of ['node-1', 'node-2', 'node-3', 'control-plane']) give(node);
  return give;
}
