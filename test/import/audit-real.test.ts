import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Read, read, REAL_AUDIT } from './audit-helpers.js';

/** The real samples of ../shared/real/audit, read as a reviewer would check them. */
describe('audit reader on the real samples', () => {
  let khi: Read;
  beforeAll(async () => {
    khi = await read(['1_1', '1_2', '1_3'].map((n) => path.join(REAL_AUDIT, `khi-container_recorder_test_${n}.yaml`)));
  });

  it('reads the GKE LogEntries (YAML): the pod created by replicaset-controller, then two kubelet status patches', () => {
    expect(khi.skipped).toEqual([]);
    expect(khi.writes.map((w) => [w.verb, w.subresource, w.kind, w.user])).toEqual([
      ['create', null, 'Pod', 'system:serviceaccount:kube-system:replicaset-controller'],
      ['patch', 'status', 'Pod', 'system:node:gke-sample-cluster-default-abcdefgh-abcd'],
      ['patch', 'status', 'Pod', 'system:node:gke-sample-cluster-default-abcdefgh-abcd'],
    ]);
    for (const w of khi.writes) {
      expect([w.namespace, w.name, w.apiVersion]).toEqual(['1-2-deployment-update', 'nginx-deployment-surge-8655b4b8c5-xf5f4', 'v1']);
    }
    const [create, first] = khi.writes;
    // The response is the object after the write: server defaults and resourceVersion present.
    expect(create).toMatchObject({ level: 'RequestResponse', partial: false, resourceVersion: '15465', userAgent: expect.stringMatching(/^kube-controller-manager\//) });
    expect((create?.object as { spec: { serviceAccountName: string } }).spec.serviceAccountName).toBe('default');
    expect(create?.source).toMatchObject({ id: '85371f7c-2383-4041-96e8-dad63d2d1990', line: 1 });
    expect(first).toMatchObject({ level: 'Request', partial: true, resourceVersion: null });
    expect(first?.note).toMatch(/folded onto the previous state \(strategic patch\)/);
  });

  it('folds the kubelet patches onto the created pod: Ready=False ContainersNotReady, then the message narrows', () => {
    type Cond = { type: string; status: string; reason?: string; message?: string };
    const conditions = (i: number) => (khi.writes[i]?.object as { status: { conditions: Cond[] } }).status.conditions;
    const ready = (i: number) => conditions(i).find((c) => c.type === 'Ready');
    expect(conditions(1).map((c) => `${c.type}=${c.status}`)).toEqual(['Initialized=True', 'Ready=False', 'ContainersReady=False']);
    expect(ready(1)).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx late-startup]' });
    // The second patch sets only the message: status and reason stay from the first.
    expect(ready(2)).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [late-startup]' });
    const nginx = (khi.writes[2]?.object as { status: { containerStatuses: Array<{ name: string; ready: boolean }> } }).status.containerStatuses.find((c) => c.name === 'nginx');
    expect(nginx?.ready).toBe(true);
    // The spec the create's response held survives both folds; the stale resourceVersion does not.
    const meta = (khi.writes[2]?.object as { metadata: Record<string, unknown>; spec: { containers: unknown[] } });
    expect(meta.spec.containers).toHaveLength(2);
    expect(meta.metadata.resourceVersion).toBeUndefined();
  });

  it('reads falco\'s Request-level Deployment create then delete (old form without apiVersion)', async () => {
    const r = await read([path.join(REAL_AUDIT, 'falco-delete_deployment.json'), path.join(REAL_AUDIT, 'falco-create_deployment.json')]);
    // Named delete first: the time inside orders them.
    expect(r.writes.map((w) => [w.verb, w.kind, w.apiVersion, w.namespace, w.name, w.user, w.level])).toEqual([
      ['create', 'Deployment', 'extensions/v1beta1', 'default', 'nginx-deployment', 'minikube-user', 'Request'],
      ['delete', 'Deployment', 'extensions/v1beta1', 'default', 'nginx-deployment', 'minikube-user', 'Request'],
    ]);
    const [create, del] = r.writes;
    expect(create).toMatchObject({ partial: true, note: 'request-level: server defaults absent' });
    expect((create?.object as { spec: { replicas: number } }).spec.replicas).toBe(1);
    // The delete's request body is DeleteOptions: the object is the last known state.
    expect(del?.object).toEqual(create?.object);
    expect(del?.note).toBe('delete: the last known state');
    expect(Number(del?.at) - Number(create?.at)).toBe(110_637);
  });

  it('a Metadata-level log of reads only says so and imports nothing', async () => {
    const r = await read([path.join(REAL_AUDIT, 'audit2rbac-demo.log')]);
    expect(r.writes).toEqual([]);
    expect(r.failures).toEqual([]); // its 403s are refused reads: not writes that failed
    expect(r.summary.message).toBe('no writes in 37 lines: 37 reads (get/list/watch)');
  });
});
