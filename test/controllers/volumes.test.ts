import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster, nodeShape } from './cluster-helpers.js';

const claim = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const podWith = (name: string, claimName: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }], ...extra },
});
const pv = (name: string, size: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` }, ...spec },
});
/** The message of the newest Event write with this reason (Event names do not sort by time). */
const lastEvent = (c: ReturnType<typeof cluster>, reason: string): string | null | undefined => c.writes.filter((e) => e.kind === 'Event' && e.reason === reason).at(-1)?.message;
const cls = (name: string, provisioner: string, mode: string, reclaimPolicy = 'Delete'): KObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, volumeBindingMode: mode, reclaimPolicy });

describe('dynamic provisioning with the default StorageClass (WaitForFirstConsumer, local-path)', () => {
  it('the claim waits for its pod; the scheduler picks the node, the provisioner makes pvc-<uid> there, the binder binds, and only then is the pod bound', () => {
    const c = cluster(3);
    const made = c.kubectl.create(claim('data'));
    c.run(1000);
    expect(c.sim.api.get('PersistentVolumeClaim', 'default', 'data').status.phase).toBe('Pending');
    expect(c.events('WaitForFirstConsumer').map((e) => e.message)).toEqual(['waiting for first consumer to be created before binding']);
    c.kubectl.create(podWith('app', 'data'));
    c.run(10_000);
    const bound = c.sim.api.get('PersistentVolumeClaim', 'default', 'data');
    const pod = c.sim.api.get('Pod', 'default', 'app');
    const node = pod.spec.nodeName as string;
    expect(bound.metadata.annotations).toMatchObject({
      'volume.kubernetes.io/selected-node': node,
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
    expect(bound.spec.volumeName).toBe(`pvc-${made.metadata.uid}`);
    expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    const volume = c.sim.api.get('PersistentVolume', null, `pvc-${made.metadata.uid}`);
    expect(volume.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path' });
    expect(volume.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBeUndefined();
    expect(volume.spec).toMatchObject({
      storageClassName: 'standard', persistentVolumeReclaimPolicy: 'Delete', claimRef: { name: 'data', namespace: 'default', uid: made.metadata.uid },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
    });
    expect(volume.status.phase).toBe('Bound');
    // Order of writes: selected-node, ExternalProvisioning, the PV, Bound, and the pod's binding last,
    // on the PreBind poll's 1 s grid after the scheduler wrote the node.
    const w = c.writes;
    const at = (pred: (e: (typeof w)[number]) => boolean): (typeof w)[number] => w.find(pred) as (typeof w)[number];
    const selected = at((e) => e.kind === 'PersistentVolumeClaim' && e.reason === 'SelectedNode');
    const created = at((e) => e.kind === 'PersistentVolume' && e.verb === 'create');
    const claimBound = at((e) => e.kind === 'PersistentVolumeClaim' && e.subresource === 'status' && e.reason === 'ClaimBound');
    const binding = at((e) => e.kind === 'Pod' && e.subresource === 'binding' && e.namespace === 'default');
    expect(selected.actor).toBe('scheduler');
    expect(created.actor).toBe('local-path-provisioner');
    expect(created.timeMs - selected.timeMs).toBeGreaterThanOrEqual(2000);
    expect(claimBound.seq).toBeGreaterThan(created.seq);
    expect(binding.seq).toBeGreaterThan(claimBound.seq);
    expect((binding.timeMs - selected.timeMs) % 1000).toBe(0);
    expect(c.events('ExternalProvisioning')[0]?.message).toBe("Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
    expect(c.events('Provisioning')[0]?.message).toBe('External provisioner is provisioning volume for claim "default/data"');
    expect(c.events('ProvisioningSucceeded')[0]?.message).toBe(`Successfully provisioned volume pvc-${made.metadata.uid}`);
    // The provisioner acted on the binder's annotation, which acted on the scheduler's choice.
    expect(created.causeSeq).toBe(at((e) => e.kind === 'PersistentVolumeClaim' && e.reason === 'ExternalProvisioning').seq);
    expect(pod.status.phase).toBe('Running');
  });

  it('a pod whose claim is bound to a volume on node-2 goes to node-2 again, and nowhere else when node-2 is cordoned', () => {
    const c = cluster(3);
    c.kubectl.create(claim('data'));
    c.kubectl.create(podWith('app', 'data'));
    c.run(10_000);
    const node = c.sim.api.get('Pod', 'default', 'app').spec.nodeName as string;
    c.kubectl.delete('Pod', 'default', 'app', { gracePeriodSeconds: 0 });
    c.run(12_000);
    c.kubectl.create(podWith('app2', 'data'));
    c.run(14_000);
    expect(c.sim.api.get('Pod', 'default', 'app2').spec.nodeName).toBe(node);
    c.kubectl.patch('Node', null, node, { spec: { unschedulable: true } }, 'merge');
    c.kubectl.create(podWith('app3', 'data'));
    c.run(16_000);
    expect(c.sim.api.get('Pod', 'default', 'app3').spec.nodeName).toBeUndefined();
    expect(lastEvent(c, 'FailedScheduling')).toBe('0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });
});

describe('the scheduler while it waits for volumes (PreBind)', () => {
  it('a pod waiting for its volume holds its place on the node (Reserve), and is bound once however often it changes meanwhile', () => {
    // One node with room for 2 pods besides kube-system's (two CoreDNS pods, kube-proxy): app waits about
    // 3 s for its volume, b and c come meanwhile.
    const c = cluster([nodeShape('node-1', '4', { pods: 5 })]);
    c.kubectl.create(claim('data'));
    c.kubectl.create(podWith('app', 'data'));
    c.run(500);
    c.kubectl.patch('Pod', 'default', 'app', { metadata: { labels: { touched: 'yes' } } }, 'merge');
    for (const name of ['b', 'c']) c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    c.run(1500);
    c.kubectl.patch('Pod', 'default', 'app', { metadata: { labels: { touched: 'twice' } } }, 'merge');
    c.run(10_000);
    expect(c.writes.filter((e) => e.kind === 'Pod' && e.subresource === 'binding' && e.namespace === 'default').map((e) => e.name)).toEqual(['b', 'app']);
    expect(lastEvent(c, 'FailedScheduling')).toBe('0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
    expect(c.sim.api.get('Pod', 'default', 'app').status.phase).toBe('Running');
  });

  it('gives up after 10 minutes when no provisioner answers, with upstream\'s error, and tries again', () => {
    const c = cluster(2);
    c.kubectl.create(cls('nobody', 'example.com/absent', 'WaitForFirstConsumer'));
    c.kubectl.create(claim('data', { storageClassName: 'nobody' }));
    c.kubectl.create(podWith('app', 'data'));
    c.run(599_000);
    expect(c.writes.filter((e) => e.kind === 'Event' && e.reason === 'FailedScheduling')).toHaveLength(0);
    c.run(601_500);
    expect(lastEvent(c, 'FailedScheduling')).toBe('running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded');
    expect(c.sim.api.get('Pod', 'default', 'app').spec.nodeName).toBeUndefined();
    // The claim still names its node: the next attempt can only choose that one.
    const selected = c.sim.api.get('PersistentVolumeClaim', 'default', 'data').metadata.annotations?.['volume.kubernetes.io/selected-node'];
    expect(['node-1', 'node-2']).toContain(selected);
    expect(lastEvent(c, 'ExternalProvisioning')).toContain("external provisioner 'example.com/absent'");
  });
});

describe('Immediate binding to existing volumes', () => {
  it('binds the smallest volume that fits at once; a pod of an unbound Immediate claim waits with upstream\'s message', () => {
    const c = cluster(2);
    c.kubectl.create(cls('manual', 'kubernetes.io/no-provisioner', 'Immediate', 'Retain'));
    c.kubectl.create(podWith('app', 'data'));
    c.run(500);
    expect(lastEvent(c, 'FailedScheduling')).toBe('0/2 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
    c.kubectl.create(claim('data', { storageClassName: 'manual' }));
    c.run(1500);
    expect(lastEvent(c, 'FailedScheduling')).toBe('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
    expect(lastEvent(c, 'ProvisioningFailed')).toBe('no volume plugin matched name: kubernetes.io/no-provisioner');
    c.kubectl.create(pv('big', '10Gi', { storageClassName: 'manual' }));
    c.kubectl.create(pv('small', '2Gi', { storageClassName: 'manual' }));
    c.kubectl.create(pv('tiny', '500Mi', { storageClassName: 'manual' }));
    c.run(20_000);
    const bound = c.sim.api.get('PersistentVolumeClaim', 'default', 'data');
    expect(bound.spec.volumeName).toBe('small');
    expect(bound.status.capacity).toEqual({ storage: '2Gi' });
    const small = c.sim.api.get('PersistentVolume', null, 'small');
    expect(small.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(small.status.phase).toBe('Bound');
    expect(c.sim.api.get('PersistentVolume', null, 'big').status.phase).toBe('Available');
    expect(c.sim.api.get('Pod', 'default', 'app').status.phase).toBe('Running');
  });

  it('a WaitForFirstConsumer local volume is pre-bound by the scheduler to the claim of the pod it places on the volume\'s node', () => {
    const c = cluster(3);
    c.kubectl.create(cls('local', 'kubernetes.io/no-provisioner', 'WaitForFirstConsumer', 'Retain'));
    const affinity = (node: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } });
    c.kubectl.create(pv('disk-3', '5Gi', { storageClassName: 'local', hostPath: undefined, local: { path: '/mnt/disk' }, nodeAffinity: affinity('node-3') }));
    c.kubectl.create(claim('data', { storageClassName: 'local' }));
    c.kubectl.create(podWith('app', 'data'));
    c.run(10_000);
    expect(c.sim.api.get('Pod', 'default', 'app').spec.nodeName).toBe('node-3');
    const vol = c.sim.api.get('PersistentVolume', null, 'disk-3');
    expect(vol.spec.claimRef).toMatchObject({ name: 'data', namespace: 'default' });
    expect(vol.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(c.writes.find((e) => e.kind === 'PersistentVolume' && e.reason === 'VolumeAssumed')?.actor).toBe('scheduler');
    // A second claim of the class finds no volume left and cannot be provisioned.
    c.kubectl.create(claim('more', { storageClassName: 'local' }));
    c.kubectl.create(podWith('app2', 'more'));
    c.run(12_000);
    expect(lastEvent(c, 'FailedScheduling')).toBe("0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });
});

describe('protection and reclaim', () => {
  it('a claim in use stays Terminating until its pod is gone; then its Delete volume is released and deleted by the provisioner', () => {
    const c = cluster([nodeShape('node-1')]);
    c.kubectl.create(claim('data'));
    c.kubectl.create(podWith('app', 'data', { terminationGracePeriodSeconds: 5 }));
    c.run(10_000);
    const volumeName = c.sim.api.get('PersistentVolumeClaim', 'default', 'data').spec.volumeName as string;
    c.kubectl.delete('PersistentVolumeClaim', 'default', 'data');
    c.run(20_000);
    const held = c.sim.api.get('PersistentVolumeClaim', 'default', 'data');
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    c.kubectl.delete('Pod', 'default', 'app');
    c.run(40_000);
    expect(c.sim.api.tryGet('PersistentVolumeClaim', 'default', 'data')).toBeUndefined();
    expect(c.sim.api.tryGet('PersistentVolume', null, volumeName)).toBeUndefined();
    const volumeWrites = c.writes.filter((e) => e.kind === 'PersistentVolume' && e.name === volumeName);
    expect(volumeWrites.map((e) => [e.actor, e.verb, e.reason])).toEqual([
      ['local-path-provisioner', 'create', 'ProvisioningSucceeded'],
      ['persistentvolume-binder', 'update', 'VolumeBound'],
      ['persistentvolume-binder', 'update', 'VolumeReleased'],
      ['local-path-provisioner', 'update', 'VolumeDeleted'],
      ['pv-protection-controller', 'delete', 'FinalizerRemoved'],
    ]);
    expect(c.writes.find((e) => e.kind === 'PersistentVolumeClaim' && e.verb === 'delete')?.actor).toBe('pvc-protection-controller');
  });

  it('a Retain volume stays Released with its claimRef once its claim is gone', () => {
    const c = cluster(1);
    c.kubectl.create(cls('keep', 'rancher.io/local-path', 'WaitForFirstConsumer', 'Retain'));
    c.kubectl.create(claim('data', { storageClassName: 'keep' }));
    c.kubectl.create(podWith('app', 'data', { terminationGracePeriodSeconds: 1 }));
    c.run(10_000);
    const name = c.sim.api.get('PersistentVolumeClaim', 'default', 'data').spec.volumeName as string;
    c.kubectl.delete('Pod', 'default', 'app');
    c.kubectl.delete('PersistentVolumeClaim', 'default', 'data');
    c.run(30_000);
    const vol = c.sim.api.get('PersistentVolume', null, name);
    expect(vol.status.phase).toBe('Released');
    expect(vol.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(vol.spec.claimRef.name).toBe('data');
  });

  it('a pod whose claim is being deleted is not scheduled', () => {
    const c = cluster(1);
    c.kubectl.create(claim('data'));
    c.kubectl.create(podWith('app', 'data'));
    c.run(10_000);
    c.kubectl.delete('PersistentVolumeClaim', 'default', 'data');
    c.kubectl.create(podWith('late', 'data'));
    c.run(11_000);
    expect(lastEvent(c, 'FailedScheduling')).toBe('0/1 nodes are available: persistentvolumeclaim "data" is being deleted. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('a claim made before any default class exists gets the default once one is created (retroactive default class)', () => {
    const c = cluster(1);
    c.kubectl.delete('StorageClass', null, 'standard');
    c.kubectl.create(claim('data'));
    c.run(1000);
    expect(c.sim.api.get('PersistentVolumeClaim', 'default', 'data').spec.storageClassName).toBeUndefined();
    expect(c.events('FailedBinding')[0]?.message).toBe('no persistent volumes available for this claim and no storage class is set');
    c.kubectl.create({ ...cls('fast', 'rancher.io/local-path', 'WaitForFirstConsumer'), metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } });
    c.run(20_000);
    expect(c.sim.api.get('PersistentVolumeClaim', 'default', 'data').spec.storageClassName).toBe('fast');
  });
});
