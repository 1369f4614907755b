import { describe, expect, it } from 'vitest';
import type { KObject, WriteEvent } from '../../core/api/types.js';
import { makeSim, refusal } from '../helpers.js';

const kubectl = { actor: 'kubectl' };

function sts(extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  };
}

const claim = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});

const volume = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' }, ...spec },
});

describe('StatefulSet defaulting and validation (apps/v1, v1.32)', () => {
  it('defaults OrderedReady, RollingUpdate with partition 0, Retain/Retain, 1 replica, 10 revisions, and the claim templates as the API server writes them', () => {
    const sim = makeSim();
    const s = sim.api.create(sts(), kubectl);
    expect(s.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
    });
    expect(s.spec.template.spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst' });
    expect(s.spec.volumeClaimTemplates[0]).toEqual({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    expect(s.metadata.generation).toBe(1);
    // replicas and availableReplicas have no omitempty in apps/v1, so the zero status is written out.
    expect(s.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it('accepts rollingUpdate.maxUnavailable but drops it: MaxUnavailableStatefulSet is alpha and off in v1.32', () => {
    const sim = makeSim();
    const s = sim.api.create(sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1, maxUnavailable: 2 } } }), kubectl);
    expect(s.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } });
    const patched = sim.api.patch('StatefulSet', 'default', 'web', { spec: { updateStrategy: { rollingUpdate: { maxUnavailable: '50%' } } } }, 'merge', kubectl);
    expect(patched.spec.updateStrategy.rollingUpdate).toEqual({ partition: 1 });
  });

  it.each([
    [{ podManagementPolicy: 'Burst' }, "spec.podManagementPolicy: Invalid value: \"Burst\": must be 'OrderedReady' or 'Parallel'"],
    [{ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } }, "spec.updateStrategy.rollingUpdate: Invalid value: \"{\\\"partition\\\":1}\": only allowed for updateStrategy 'RollingUpdate'"],
    [{ updateStrategy: { type: 'Sideways' } }, "must be 'RollingUpdate' or 'OnDelete'"],
    [{ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }, 'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'],
    [{ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } }, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Delete", "Retain"'],
    [{ replicas: -1 }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [{ ordinals: { start: -2 } }, 'spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0'],
    [{ selector: { matchLabels: { app: 'db' } } }, 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    [{ template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } }, 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    [{ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } }] }, 'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required'],
  ])('refuses %j with upstream\'s message', (spec, message) => {
    const sim = makeSim();
    const e = refusal(() => sim.api.create(sts(spec), kubectl));
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toContain('StatefulSet.apps "web" is invalid: ');
    expect(e.message).toContain(message);
  });

  it('allows replicas, template, updateStrategy, ordinals, history, retention and minReadySeconds to change, and nothing else', () => {
    const sim = makeSim();
    sim.api.create(sts(), kubectl);
    const ok = sim.api.patch('StatefulSet', 'default', 'web', { spec: { replicas: 3, minReadySeconds: 5, updateStrategy: { rollingUpdate: { partition: 2 } }, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } } }, 'merge', kubectl);
    expect(ok.metadata.generation).toBe(2);
    const e = refusal(() => sim.api.patch('StatefulSet', 'default', 'web', { spec: { serviceName: 'other' } }, 'merge', kubectl));
    expect(e.message).toBe(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('serves the scale subresource as for Deployments: spec.replicas in, status.replicas and the selector out, a new generation', () => {
    const sim = makeSim();
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    sim.api.create(sts(), kubectl);
    const scale = sim.api.updateScale('StatefulSet', 'default', 'web', 3, kubectl);
    expect(scale).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 3 }, status: { replicas: 0, selector: 'app=web' } });
    expect(writes.at(-1)).toMatchObject({ verb: 'update', subresource: 'scale', kind: 'StatefulSet' });
    expect(sim.api.get('StatefulSet', 'default', 'web').metadata.generation).toBe(2);
    expect(() => sim.api.updateScale('StatefulSet', 'default', 'web', -1, kubectl)).toThrow('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe('volumes: defaulting, admission and validation (core/v1, storage/v1, v1.32)', () => {
  it('a cluster starts with kind\'s default StorageClass, standard', () => {
    const sim = makeSim();
    expect(sim.api.get('StorageClass', null, 'standard')).toMatchObject({
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
    });
  });

  it('DefaultStorageClass gives a classless claim the default class; an explicit "" stays classless; the newest default wins', () => {
    const sim = makeSim();
    expect(sim.api.create(claim('a'), kubectl).spec.storageClassName).toBe('standard');
    expect(sim.api.create(claim('b', { storageClassName: '' }), kubectl).spec.storageClassName).toBe('');
    sim.runUntil(5000);
    sim.api.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'example.com/fast' }, kubectl);
    expect(sim.api.create(claim('c'), kubectl).spec.storageClassName).toBe('fast');
  });

  it('a new claim is Pending, Filesystem, with the pvc-protection finalizer; a new volume Pending, Retain, pv-protection, with its phase time', () => {
    const sim = makeSim();
    sim.runUntil(7000);
    const c = sim.api.create({ ...claim('a'), status: { phase: 'Bound' } } as KObject, kubectl);
    expect(c.status).toEqual({ phase: 'Pending' });
    expect(c.spec.volumeMode).toBe('Filesystem');
    expect(c.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    const v = sim.api.create(volume('pv1'), kubectl);
    expect(v.status).toEqual({ phase: 'Pending', lastPhaseTransitionTime: '2026-01-01T00:00:07Z' });
    expect(v.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
    expect(v.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    sim.runUntil(9000);
    const bound = sim.api.updateStatus({ ...(v as KObject), status: { phase: 'Available' } }, { actor: 'persistentvolume-binder' });
    expect(bound.status.lastPhaseTransitionTime).toBe('2026-01-01T00:00:09Z');
  });

  it.each([
    ['PersistentVolumeClaim', claim('x', { accessModes: [] }), 'spec.accessModes: Required value: at least 1 access mode is required'],
    ['PersistentVolumeClaim', claim('x', { accessModes: ['ReadWriteSometimes'] }), 'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    ['PersistentVolumeClaim', claim('x', { resources: {} }), 'spec.resources[storage]: Required value'],
    ['PersistentVolumeClaim', claim('x', { accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }), 'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes'],
    ['PersistentVolume', volume('x', { hostPath: undefined }), 'spec: Required value: must specify a volume type'],
    ['PersistentVolume', volume('x', { capacity: { storage: '1Gi', cpu: '1' } }), 'spec.capacity: Unsupported value: map[string]string{"storage":"1Gi", "cpu":"1"}: supported values: "storage"'],
    ['PersistentVolume', volume('x', { persistentVolumeReclaimPolicy: 'Shred' }), 'spec.persistentVolumeReclaimPolicy: Unsupported value: "Shred": supported values: "Delete", "Recycle", "Retain"'],
    ['StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'x' } }, 'provisioner: Required value'],
    ['StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'x' }, provisioner: 'a/b', volumeBindingMode: 'Later' }, 'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"'],
  ] as Array<[string, KObject, string]>)('%s: refuses with "%s"', (_kind, obj, message) => {
    const sim = makeSim();
    const e = refusal(() => sim.api.create(obj, kubectl));
    expect(e.code).toBe(422);
    expect(e.message).toContain(message);
  });

  it('a claim\'s spec is frozen but for the binder setting volumeName once; a class\'s provisioner and parameters too', () => {
    const sim = makeSim();
    sim.api.create(claim('a'), kubectl);
    expect(sim.api.patch('PersistentVolumeClaim', 'default', 'a', { spec: { volumeName: 'pv1' } }, 'merge', kubectl).spec.volumeName).toBe('pv1');
    const e = refusal(() => sim.api.patch('PersistentVolumeClaim', 'default', 'a', { spec: { accessModes: ['ReadWriteMany'] } }, 'merge', kubectl));
    expect(e.message).toBe('PersistentVolumeClaim "a" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
    const sc = refusal(() => sim.api.patch('StorageClass', null, 'standard', { provisioner: 'other.io/x' }, 'merge', kubectl));
    expect(sc.message).toBe('StorageClass.storage.k8s.io "standard" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.');
  });
});
