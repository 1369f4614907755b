import { describe, expect, it } from 'vitest';
import type { ManagedFieldsEntry } from '../../../core/api/managed-fields/managed.js';
import type { KObject } from '../../../core/api/types.js';
import { deployment, makeSim, pod } from '../../helpers.js';

const entries = (o: Readonly<KObject>): ManagedFieldsEntry[] => (o.metadata.managedFields ?? []) as ManagedFieldsEntry[];
const ids = (o: Readonly<KObject>): string[] => entries(o).map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`);

describe('managedFields of non-apply writes (upstream\'s field manager for Update)', () => {
  it('a create gives its manager the fields it set, defaulted ones included, shaped as a real cluster shows them', () => {
    const sim = makeSim();
    sim.runUntil(3_000);
    const d = sim.api.create(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', labels: { app: 'nginx' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'nginx' } }, strategy: {}, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } } } },
      { actor: 'kubectl', fieldManager: 'kubectl-create' },
    );
    // What `kubectl create deployment nginx --image=nginx` leaves on a v1.32 cluster:
    // `.` where the Go zero value lacks the field (labels, rollingUpdate, the container
    // item), none on strategy, template.metadata, containers (present or null there).
    expect(entries(d)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-01-01T00:00:03Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:progressDeadlineSeconds': {},
            'f:replicas': {},
            'f:revisionHistoryLimit': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {}, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} },
                },
                'f:dnsPolicy': {},
                'f:enableServiceLinks': {},
                'f:restartPolicy': {},
                'f:schedulerName': {},
                'f:securityContext': {},
                'f:terminationGracePeriodSeconds': {},
              },
            },
          },
        },
      },
    ]);
  });

  it('a pod\'s tolerations added by DefaultTolerationSeconds admission belong to nobody', () => {
    const sim = makeSim();
    const p = sim.api.create(pod('p'), { actor: 'kube-controller-manager' });
    expect(p.spec.tolerations).toHaveLength(2);
    expect(JSON.stringify(p.metadata.managedFields)).not.toContain('tolerations');
  });

  it('simulated components write as the binaries upstream: kube-controller-manager, kube-scheduler, kubelet', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), { actor: 'replicaset-controller' });
    sim.api.patch('Deployment', 'default', 'web', { status: { replicas: 1 } }, 'merge', { actor: 'deployment-controller' }, 'status');
    sim.api.patch('Deployment', 'default', 'web', { metadata: { labels: { a: 'b' } } }, 'merge', { actor: 'scheduler' });
    sim.api.patch('Deployment', 'default', 'web', { metadata: { labels: { c: 'd' } } }, 'merge', { actor: 'kubelet/node-1' });
    expect(ids(sim.api.get('Deployment', 'default', 'web'))).toEqual(['kube-controller-manager/Update', 'kube-controller-manager/Update/status', 'kube-scheduler/Update', 'kubelet/Update']);
  });

  it('a status write owns only status; a write that changes nothing keeps entries, times and resourceVersion', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), { actor: 'kubectl', fieldManager: 'kubectl-create' });
    sim.runUntil(5_000);
    const s = sim.api.patch('Deployment', 'default', 'web', { status: { replicas: 3 } }, 'merge', { actor: 'deployment-controller' }, 'status');
    const status = entries(s).find((e) => e.subresource === 'status');
    expect(status).toMatchObject({ manager: 'kube-controller-manager', time: '2026-01-01T00:00:05Z', fieldsV1: { 'f:status': { 'f:replicas': {} } } });
    sim.runUntil(9_000);
    const same = sim.api.patch('Deployment', 'default', 'web', { status: { replicas: 3 } }, 'merge', { actor: 'deployment-controller' }, 'status');
    expect(same.metadata.resourceVersion).toBe(s.metadata.resourceVersion);
    expect(same.metadata.managedFields).toEqual(s.metadata.managedFields);
  });

  it('a manager that changes a field takes it from its owner; the owner keeps the rest', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), { actor: 'kubectl', fieldManager: 'kubectl-create' });
    const d = sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 7 } }, 'merge', { actor: 'kubectl', fieldManager: 'kubectl-patch' });
    const creator = entries(d).find((e) => e.manager === 'kubectl-create')?.fieldsV1 as Record<string, Record<string, unknown>>;
    const patcher = entries(d).find((e) => e.manager === 'kubectl-patch')?.fieldsV1;
    expect(creator['f:spec']?.['f:replicas']).toBeUndefined();
    expect(creator['f:spec']?.['f:selector']).toEqual({});
    expect(patcher).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('past 10 Update managers the oldest merge into ancient-changes', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), { actor: 'kubectl', fieldManager: 'm00' });
    for (let i = 1; i <= 11; i++) {
      sim.runUntil(i * 1000);
      sim.api.patch('Deployment', 'default', 'web', { metadata: { labels: { [`l${i}`]: 'x' } } }, 'merge', { actor: 'c', fieldManager: `m${String(i).padStart(2, '0')}` });
    }
    const d = sim.api.get('Deployment', 'default', 'web');
    const names = entries(d).map((e) => e.manager);
    expect(names).toHaveLength(10);
    expect(names[0]).toBe('ancient-changes');
    expect(names).not.toContain('m00');
    expect(names).not.toContain('m01');
    expect(names.at(-1)).toBe('m11');
  });

  it('sending managedFields edits them; sending [] resets them, and nothing is tracked until the next apply', () => {
    const sim = makeSim();
    const d = sim.api.create(deployment('web'), { actor: 'kubectl', fieldManager: 'kubectl-create' });
    const edited = entries(d).map((e) => ({ ...e, manager: 'renamed' }));
    const e1 = sim.api.update({ ...(d as KObject), metadata: { ...d.metadata, managedFields: edited } }, { actor: 'x' });
    expect(entries(e1).map((e) => e.manager)).toEqual(['renamed']);
    const reset = sim.api.update({ ...(e1 as KObject), metadata: { ...e1.metadata, managedFields: [] } }, { actor: 'x' });
    expect(reset.metadata.managedFields).toBeUndefined();
    const later = sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 9 } }, 'merge', { actor: 'x' });
    expect(later.metadata.managedFields).toBeUndefined();
  });

  it('patches that name managedFields edit them (JSON patch, merge patch); others keep the stored entries', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), { actor: 'kubectl', fieldManager: 'kubectl-create' });
    sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 5 } }, 'merge', { actor: 'x', fieldManager: 'scaler' });
    const edited = sim.api.patch('Deployment', 'default', 'web', [{ op: 'remove', path: '/metadata/managedFields/1' }], 'json', { actor: 'x' });
    expect(entries(edited).map((e) => e.manager)).toEqual(['kubectl-create']);
    const reset = sim.api.patch('Deployment', 'default', 'web', { metadata: { managedFields: [] } }, 'merge', { actor: 'x' });
    expect(reset.metadata.managedFields).toBeUndefined();
  });

  it('deletion, binding and eviction leave managedFields as they were', () => {
    const sim = makeSim(1);
    const p = sim.api.create({ ...pod('p'), metadata: { name: 'p', finalizers: ['example.com/hold'] } }, { actor: 'kubectl' });
    const bound = sim.api.bind('default', 'p', 'node-1', { actor: 'scheduler' });
    expect(bound.metadata.managedFields).toEqual(p.metadata.managedFields);
    const deleting = sim.api.delete('Pod', 'default', 'p', { actor: 'kubectl' });
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    expect(deleting.metadata.managedFields).toEqual(p.metadata.managedFields);
  });
});
