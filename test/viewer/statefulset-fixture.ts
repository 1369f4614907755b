import type { KObject } from '../../core/api/types.js';
import { WorkloadWriter } from './workload-writer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

export interface StatefulSetFixture {
  file: string;
  /** web-0 Ready, web-1's claim Pending and its pod not scheduled yet. */
  scalingSeq: number;
  /** web-1's replacement Ready: the second pod of that name. */
  replacedSeq: number;
  /** Partition 2: web-2 on the update revision, web-0 and web-1 still on the current one. */
  partitionedSeq: number;
  /** After scaling to 2: web-2's pod gone, its claim kept. */
  scaledDownSeq: number;
  revisions: [string, string];
}

/**
 * A StatefulSet `web` (OrderedReady, a `www` claim template) scaled 0 -> 3 one ordinal
 * after another (claim, provisioned volume, pod, Ready, then the next); web-1 deleted at
 * 0:30 and made again with the same name and claim; at 0:50 a new image with partition 2
 * (only web-2 updated), at 1:10 partition 0 (web-1, then web-0); at 1:25 scaled to 2
 * (web-2's pod goes, its claim stays).
 */
export function statefulSetRecording(dir: string, name = 'statefulset'): StatefulSetFixture {
  const w = new WorkloadWriter(dir, name, 3);
  const ctl = 'statefulset-controller';
  const revisions: [string, string] = ['web-6c5f8d7b9', 'web-7d9c4b6f5'];
  const template = (image: string): any => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }], terminationGracePeriodSeconds: 2 } });
  w.at(1000).chapter('OrderedReady: one ordinal at a time', 'Each pod gets its own claim; the next starts only when the previous one is Ready.');
  let sts: Readonly<KObject> = w.c('kubectl').create({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      selector: { matchLabels: { app: 'web' } },
      template: template('nginx:1.27'),
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  } as KObject, { reason: 'Apply', message: 'kubectl apply created statefulset.apps/web' });
  const owner = (): any => [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: sts.metadata.uid as string, controller: true, blockOwnerDeletion: true }];
  const revision = (n: number, rev: string, image: string): void => {
    w.c(ctl).create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: rev, namespace: 'default', labels: { app: 'web', 'controller-revision-hash': rev.slice(4) }, ownerReferences: owner() }, data: { spec: { template: { ...template(image), $patch: 'replace' } } }, revision: n } as KObject);
  };
  const status = (replicas: number, ready: number, current: number, updated: number, cur: string, upd: string): void => {
    w.status(ctl, 'StatefulSet', 'web', { observedGeneration: sts.metadata.generation, replicas, readyReplicas: ready, currentReplicas: current, updatedReplicas: updated, availableReplicas: ready, currentRevision: cur, updateRevision: upd, collisionCount: 0 });
  };
  const pod = (i: number, rev: string): string => {
    const name = `web-${i}`;
    w.createPod(ctl, {
      name, owner: sts, image: rev === revisions[0] ? 'nginx:1.27' : 'nginx:1.28', hostname: name, subdomain: 'nginx', claims: [['www', `www-web-${i}`]],
      labels: { app: 'web', 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
    });
    return name;
  };
  w.at(1010);
  revision(1, revisions[0], 'nginx:1.27');
  status(0, 0, 0, 0, revisions[0], revisions[0]);
  let scalingSeq = 0;
  for (let i = 0; i < 3; i++) {
    const t = 1020 + i * 6000;
    w.at(t);
    const claim = `www-web-${i}`;
    w.c(ctl).create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, namespace: 'default', labels: { app: 'web' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' } } as KObject);
    w.event(ctl, sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod web-${i} in StatefulSet web success`);
    w.status('persistentvolume-binder', 'PersistentVolumeClaim', claim, { phase: 'Pending' });
    pod(i, revisions[0]);
    if (i === 1) {
      w.recorder.flush();
      scalingSeq = w.recorder.count;
    }
    w.at(t + 500);
    const pvc = w.get('PersistentVolumeClaim', claim);
    const volume = `pvc-${String(pvc.metadata.uid).slice(0, 8)}`;
    w.c('persistentvolume-provisioner').create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: volume }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', hostPath: { path: `/tmp/${volume}` }, claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: claim, uid: pvc.metadata.uid } } } as KObject);
    w.change('persistentvolume-binder', 'PersistentVolumeClaim', claim, (o) => (o.spec.volumeName = volume));
    w.status('persistentvolume-binder', 'PersistentVolumeClaim', claim, { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    w.at(t + 600);
    w.bind(`web-${i}`, `node-${i + 1}`);
    w.at(t + 3000);
    w.run(`web-${i}`);
    status(i + 1, i + 1, i + 1, i + 1, revisions[0], revisions[0]);
  }

  w.at(30_000).chapter('web-1 is deleted', 'The controller makes it again: the same name, the same claim, a new pod.');
  w.deletePod('kubectl', 'web-1');
  status(3, 2, 3, 3, revisions[0], revisions[0]);
  w.at(32_000);
  w.gone('web-1');
  w.at(32_010);
  pod(1, revisions[0]);
  w.at(32_100);
  w.bind('web-1', 'node-2');
  w.at(35_000);
  w.run('web-1');
  status(3, 3, 3, 3, revisions[0], revisions[0]);
  w.recorder.flush();
  const replacedSeq = w.recorder.count;

  /** Replaces ordinal i with a pod of the update revision, as a RollingUpdate does: delete, wait until gone, create. */
  const roll = (i: number, t: number, counts: [number, number]): void => {
    w.at(t);
    w.deletePod(ctl, `web-${i}`);
    w.event(ctl, sts, 'Normal', 'SuccessfulDelete', `delete Pod web-${i} in StatefulSet web successful`);
    status(3, 2, counts[0], counts[1] - 1, revisions[0], revisions[1]);
    w.at(t + 2000);
    w.gone(`web-${i}`);
    pod(i, revisions[1]);
    w.at(t + 2100);
    w.bind(`web-${i}`, `node-${i + 1}`);
    w.at(t + 5000);
    w.run(`web-${i}`);
    // All updated: the update revision becomes the current one (currentReplicas = updatedReplicas).
    if (counts[0] === 0) status(3, 3, 3, 3, revisions[1], revisions[1]);
    else status(3, 3, counts[0], counts[1], revisions[0], revisions[1]);
  };
  w.at(50_000).chapter('A partitioned update: partition 2', 'Only ordinals >= 2 get nginx:1.28; web-0 and web-1 keep the current revision.');
  sts = w.change('kubectl', 'StatefulSet', 'web', (o) => {
    o.spec.template.spec.containers[0].image = 'nginx:1.28';
    o.spec.updateStrategy.rollingUpdate.partition = 2;
  });
  w.at(50_010);
  revision(2, revisions[1], 'nginx:1.28');
  roll(2, 50_020, [2, 1]);
  w.recorder.flush();
  const partitionedSeq = w.recorder.count;

  w.at(70_000).chapter('partition 0: the rest, in reverse ordinal order');
  sts = w.change('kubectl', 'StatefulSet', 'web', (o) => (o.spec.updateStrategy.rollingUpdate.partition = 0));
  roll(1, 70_010, [1, 2]);
  roll(0, 75_020, [0, 3]);

  w.at(85_000).chapter('Scaled to 2', "web-2's pod goes; its claim stays for when it comes back.");
  sts = w.change('kubectl', 'StatefulSet', 'web', (o) => (o.spec.replicas = 2));
  w.deletePod(ctl, 'web-2');
  w.at(87_000);
  w.gone('web-2');
  w.status(ctl, 'StatefulSet', 'web', { observedGeneration: sts.metadata.generation, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2 });
  w.recorder.flush();
  const scaledDownSeq = w.recorder.count;
  return { file: w.close(95_000), scalingSeq, replacedSeq, partitionedSeq, scaledDownSeq, revisions };
}
