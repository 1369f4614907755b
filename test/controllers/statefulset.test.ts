import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster, isReady } from './cluster-helpers.js';

function web(replicas: number, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { 'kubelapse/start-time': '2s' } },
        spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'nginx', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

/** When each pod was created and when it first became Ready, from the write stream. */
function timeline(c: ReturnType<typeof cluster>): Map<string, { created: number; ready: number }> {
  const out = new Map<string, { created: number; ready: number }>();
  for (const w of c.writes) {
    if (w.kind !== 'Pod') continue;
    if (w.verb === 'create') out.set(`${w.name}@${w.uid}`, { created: w.timeMs, ready: Infinity });
    const t = out.get(`${w.name}@${w.uid}`);
    if (t !== undefined && t.ready === Infinity && isReady(w.object)) t.ready = w.timeMs;
  }
  return out;
}

describe('statefulset-controller in a running cluster', () => {
  it('OrderedReady: web-1 is created only once web-0 is Running and Ready, web-2 after web-1; each with its own claim and stable identity', () => {
    const c = cluster(3);
    c.kubectl.create(web(3));
    c.run(60_000);
    const t = timeline(c);
    const [w0, w1, w2] = ['web-0', 'web-1', 'web-2'].map((n) => [...t].find(([k]) => k.startsWith(`${n}@`))?.[1] as { created: number; ready: number });
    expect(w1?.created).toBeGreaterThan(w0?.ready as number);
    expect(w2?.created).toBeGreaterThan(w1?.ready as number);
    expect(c.sim.api.get('StatefulSet', 'default', 'web').status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1, collisionCount: 0 });
    for (const i of [0, 1, 2]) {
      const pod = c.sim.api.get('Pod', 'default', `web-${i}`);
      expect(pod.metadata.labels).toMatchObject({ app: 'web', 'statefulset.kubernetes.io/pod-name': `web-${i}`, 'apps.kubernetes.io/pod-index': String(i) });
      expect(pod.metadata.generateName).toBe('web-');
      expect(pod.spec).toMatchObject({ hostname: `web-${i}`, subdomain: 'web' });
      // Its claim's volume, beside the ServiceAccount token volume admission adds to every pod.
      expect(claimVolumes(pod)).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: `data-web-${i}` } }]);
      expect(c.sim.api.get('PersistentVolumeClaim', 'default', `data-web-${i}`).status.phase).toBe('Bound');
    }
    const events = c.sim.api.list('Event').items.filter((e) => (e.involvedObject as { kind?: string }).kind === 'StatefulSet').map((e) => `${e.reason}: ${e.message}`);
    expect(events).toContain('SuccessfulCreate: create Claim data-web-0 Pod web-0 in StatefulSet web success');
    expect(events).toContain('SuccessfulCreate: create Pod web-2 in StatefulSet web successful');
  });

  it('Parallel creates every pod at once', () => {
    const c = cluster(3);
    c.kubectl.create(web(3, { podManagementPolicy: 'Parallel' }));
    c.run(30_000);
    const created = c.writes.filter((w) => w.kind === 'Pod' && w.verb === 'create' && w.namespace === 'default').map((w) => w.timeMs);
    expect(created).toHaveLength(3);
    expect(new Set(created).size).toBe(1);
  });

  it('a deleted pod comes back with the same name, claim and node, and a new uid', () => {
    const c = cluster(3);
    c.kubectl.create(web(3));
    c.run(60_000);
    const before = c.sim.api.get('Pod', 'default', 'web-1');
    const claimUid = c.sim.api.get('PersistentVolumeClaim', 'default', 'data-web-1').metadata.uid;
    c.kubectl.delete('Pod', 'default', 'web-1');
    c.run(90_000);
    const after = c.sim.api.get('Pod', 'default', 'web-1');
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.spec.nodeName).toBe(before.spec.nodeName);
    // The same claim; the token volume admission adds is named anew for every pod, as upstream.
    expect(claimVolumes(after)).toEqual(claimVolumes(before));
    expect(c.sim.api.get('PersistentVolumeClaim', 'default', 'data-web-1').metadata.uid).toBe(claimUid);
    expect(isReady(after)).toBe(true);
  });

  it('scale down removes pods from the top, one at a time, and keeps their claims (Retain)', () => {
    const c = cluster(3);
    c.kubectl.create(web(3));
    c.run(60_000);
    c.kubectl.scale('StatefulSet', 'default', 'web', 1);
    c.run(120_000);
    const deletes = c.writes.filter((w) => w.kind === 'Pod' && w.verb === 'update' && w.reason === 'SuccessfulDelete').map((w) => [w.name, w.timeMs]);
    expect(deletes.map((d) => d[0])).toEqual(['web-2', 'web-1']);
    expect((deletes[1]?.[1] as number) > (deletes[0]?.[1] as number)).toBe(true);
    expect(c.sim.api.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(c.sim.api.list('PersistentVolumeClaim').items.map((p) => p.metadata.name).sort()).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
  });

  it('whenScaled: Delete hands a scaled-down pod its claim, and the claim and its volume go with it', () => {
    const c = cluster(2);
    c.kubectl.create(web(2, { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Retain' } }));
    c.run(40_000);
    const volume = c.sim.api.get('PersistentVolumeClaim', 'default', 'data-web-1').spec.volumeName;
    c.kubectl.scale('StatefulSet', 'default', 'web', 1);
    c.run(100_000);
    expect(c.sim.api.tryGet('PersistentVolumeClaim', 'default', 'data-web-1')).toBeUndefined();
    expect(c.sim.api.tryGet('PersistentVolume', null, volume)).toBeUndefined();
    const owned = c.writes.find((w) => w.kind === 'PersistentVolumeClaim' && w.name === 'data-web-1' && w.reason === 'ClaimOwnerUpdated');
    expect(owned?.object.metadata.ownerReferences).toMatchObject([{ apiVersion: 'v1', kind: 'Pod', name: 'web-1', controller: true, blockOwnerDeletion: true }]);
    expect(c.sim.api.get('PersistentVolumeClaim', 'default', 'data-web-0').metadata.ownerReferences).toBeUndefined();
  });

  it('whenDeleted: Delete makes the set own every claim: deleting the set deletes pods and claims', () => {
    const c = cluster(2);
    c.kubectl.create(web(2, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
    c.run(40_000);
    const set = c.sim.api.get('StatefulSet', 'default', 'web');
    expect(c.sim.api.get('PersistentVolumeClaim', 'default', 'data-web-0').metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    c.kubectl.delete('StatefulSet', 'default', 'web');
    c.run(100_000);
    expect(c.sim.api.list('Pod', { namespace: 'default' }).items).toEqual([]);
    expect(c.sim.api.list('PersistentVolumeClaim').items).toEqual([]);
    expect(c.sim.api.list('ControllerRevision', { namespace: 'default' }).items).toEqual([]);
  });

  it('spec.ordinals.start numbers the pods from there', () => {
    const c = cluster(2);
    c.kubectl.create(web(2, { ordinals: { start: 5 } }));
    c.run(40_000);
    expect(c.sim.api.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.name).sort()).toEqual(['web-5', 'web-6']);
    expect(c.sim.api.get('Pod', 'default', 'web-5').metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('5');
  });

  it('minReadySeconds: web-1 waits until web-0 has been Ready that long, and availableReplicas follows', () => {
    const c = cluster(2);
    c.kubectl.create(web(2, { minReadySeconds: 10 }));
    c.run(80_000);
    const t = timeline(c);
    const w0 = [...t].find(([k]) => k.startsWith('web-0@'))?.[1] as { ready: number };
    const w1 = [...t].find(([k]) => k.startsWith('web-1@'))?.[1] as { created: number };
    expect(w1.created - w0.ready).toBeGreaterThanOrEqual(10_000);
    expect(c.sim.api.get('StatefulSet', 'default', 'web').status.availableReplicas).toBe(2);
  });

  it('a partitioned RollingUpdate replaces only the ordinals at or above the partition, from the top', () => {
    const c = cluster(3);
    c.kubectl.create(web(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    c.run(60_000);
    c.kubectl.patch('StatefulSet', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, 'strategic');
    c.run(150_000);
    const images = ['web-0', 'web-1', 'web-2'].map((n) => c.sim.api.get('Pod', 'default', n).spec.containers[0].image);
    expect(images).toEqual(['nginx:1.27', 'nginx:1.28', 'nginx:1.28']);
    const status = c.sim.api.get('StatefulSet', 'default', 'web').status;
    expect(status.currentRevision).not.toBe(status.updateRevision);
    expect(status).toMatchObject({ currentReplicas: 1, updatedReplicas: 2, readyReplicas: 3 });
    const deleted = c.writes.filter((w) => w.kind === 'Pod' && w.reason === 'SuccessfulDelete').map((w) => w.name);
    expect(deleted).toEqual(['web-2', 'web-1']);
  });

  it('a set deleted with --cascade=orphan and created again adopts its pods and revisions instead of making new ones', () => {
    const c = cluster(2);
    c.kubectl.create(web(2));
    c.run(40_000);
    const uids = c.sim.api.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.uid).sort();
    c.kubectl.delete('StatefulSet', 'default', 'web', { propagationPolicy: 'Orphan' });
    c.run(45_000);
    expect(c.sim.api.list('Pod', { namespace: 'default' }).items.every((p) => p.metadata.ownerReferences === undefined)).toBe(true);
    c.kubectl.create(web(2));
    c.run(60_000);
    const set = c.sim.api.get('StatefulSet', 'default', 'web');
    expect(c.sim.api.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.uid).sort()).toEqual(uids);
    for (const p of c.sim.api.list('Pod', { namespace: 'default' }).items) expect(p.metadata.ownerReferences?.[0]?.uid).toBe(set.metadata.uid);
    expect(c.sim.api.list('ControllerRevision', { namespace: 'default' }).items.map((r) => r.metadata.ownerReferences?.[0]?.uid)).toEqual([set.metadata.uid]);
    expect(c.writes.filter((w) => w.reason === 'Adopted').map((w) => w.kind).sort()).toEqual(['ControllerRevision', 'Pod', 'Pod']);
    expect(set.status).toMatchObject({ replicas: 2, readyReplicas: 2, currentReplicas: 2 });
  });
});

/** A pod's volumes but for the kube-api-access token volume ServiceAccount admission adds. */
function claimVolumes(pod: Readonly<KObject>): unknown[] {
  return (pod.spec?.volumes ?? []).filter((v: { name: string }) => !v.name.startsWith('kube-api-access-'));
}
