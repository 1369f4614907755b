import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { ManagedFieldsEntry } from '../../../core/api/managed-fields/managed.js';
import { serverSideApply } from '../../../core/api/managed-fields/server-side-apply.js';
import type { KObject, WriteEvent } from '../../../core/api/types.js';
import type { Simulation } from '../../../core/sim/cluster.js';
import { makeSim, refusal } from '../../helpers.js';

/*
 * Server-side apply through the API server, with the table cases of
 * structured-merge-diff's merge tests (multiple_appliers_test.go, set_test.go,
 * leaf_test.go) carried over to a served kind: the associative list is a Deployment's
 * containers (keyed by name), the leaf a container's image or spec.replicas.
 */

function dep(containers: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): string {
  return YAML.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } }, ...extra },
  });
}

function apply(sim: Simulation, manager: string, yaml: string, force = false): Readonly<KObject> {
  return serverSideApply(sim.api, 'Deployment', 'default', 'web', YAML.parse(yaml), { actor: 'client' }, { fieldManager: manager, force }).object;
}

const entries = (o: Readonly<KObject>): ManagedFieldsEntry[] => (o.metadata.managedFields ?? []) as ManagedFieldsEntry[];
const entry = (o: Readonly<KObject>, manager: string): ManagedFieldsEntry | undefined => entries(o).find((e) => e.manager === manager);
const containersOf = (o: Readonly<KObject>): Array<{ name: string; image: string }> => o.spec.template.spec.containers;
const ownedContainers = (o: Readonly<KObject>, manager: string): unknown =>
  (entry(o, manager)?.fieldsV1 as any)?.['f:spec']?.['f:template']?.['f:spec']?.['f:containers']; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('server-side apply: create, no-op, and what an applier owns', () => {
  it('creates the object when it does not exist; the Apply entry holds exactly what the configuration set, at virtual time', () => {
    const sim = makeSim();
    sim.runUntil(65_000);
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    const d = apply(sim, 'kubectl', dep([{ name: 'a', image: 'nginx:1' }], { replicas: 2 }));
    expect(writes.map((w) => w.verb)).toEqual(['create']);
    expect(d.spec.strategy.type).toBe('RollingUpdate'); // defaulted like any create
    expect(entries(d)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-01-01T00:01:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
  });

  it('applying the same configuration again writes nothing', () => {
    const sim = makeSim();
    const first = apply(sim, 'kubectl', dep([{ name: 'a', image: 'nginx:1' }]));
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    sim.runUntil(10_000);
    const again = apply(sim, 'kubectl', dep([{ name: 'a', image: 'nginx:1' }]));
    expect(writes).toEqual([]);
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('dryRun=All answers the merged object with its managedFields and stores nothing', () => {
    const sim = makeSim();
    apply(sim, 'kubectl', dep([{ name: 'a', image: 'nginx:1' }]));
    const before = sim.api.resourceVersion;
    const dry = serverSideApply(sim.api, 'Deployment', 'default', 'web', YAML.parse(dep([{ name: 'a', image: 'nginx:2' }])), { actor: 'client', dryRun: true }, { fieldManager: 'kubectl', force: false }).object;
    expect(containersOf(dry)[0]?.image).toBe('nginx:2');
    expect(entry(dry, 'kubectl')).toBeDefined();
    expect(sim.api.resourceVersion).toBe(before);
    expect(containersOf(sim.api.get('Deployment', 'default', 'web'))[0]?.image).toBe('nginx:1');
  });
});

describe('multiple appliers on an associative list (TestMultipleAppliersSet)', () => {
  it('remove_one: an applier that drops an item removes it; the other applier\'s item stays', () => {
    const sim = makeSim();
    apply(sim, 'apply-one', dep([{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }]));
    apply(sim, 'apply-two', dep([{ name: 'c', image: 'x' }]));
    const d = apply(sim, 'apply-one', dep([{ name: 'a', image: 'x' }]));
    expect(containersOf(d).map((c) => c.name)).toEqual(['a', 'c']);
    expect(ownedContainers(d, 'apply-one')).toEqual({ 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} } });
    expect(ownedContainers(d, 'apply-two')).toEqual({ 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } });
  });

  it('same_value_no_conflict: two appliers setting the same value both own it', () => {
    const sim = makeSim();
    apply(sim, 'apply-one', dep([{ name: 'a', image: 'x' }]));
    const d = apply(sim, 'apply-two', dep([{ name: 'a', image: 'x' }]));
    expect(ownedContainers(d, 'apply-one')).toEqual(ownedContainers(d, 'apply-two'));
  });

  it('change_value_yes_conflict: another value is a 409 naming the owner and the field; force takes it over', () => {
    const sim = makeSim();
    apply(sim, 'apply-one', dep([{ name: 'a', image: 'x' }]));
    const err = refusal(() => apply(sim, 'apply-two', dep([{ name: 'a', image: 'y' }])));
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "apply-one": .spec.template.spec.containers[name="a"].image',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "apply-one"', field: '.spec.template.spec.containers[name="a"].image' }] },
      code: 409,
    });
    expect(containersOf(sim.api.get('Deployment', 'default', 'web'))[0]?.image).toBe('x');
    const d = apply(sim, 'apply-two', dep([{ name: 'a', image: 'y' }]), true);
    expect(containersOf(d)[0]?.image).toBe('y');
    expect(ownedContainers(d, 'apply-one')).toEqual({ 'k:{"name":"a"}': { '.': {}, 'f:name': {} } });
    expect(ownedContainers(d, 'apply-two')).toEqual({ 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} } });
  });

  it('several conflicts: the plural message groups fields by manager, managers sorted', () => {
    const sim = makeSim();
    apply(sim, 'zz-one', dep([{ name: 'a', image: 'x' }], { replicas: 1 }));
    apply(sim, 'aa-two', dep([{ name: 'a', image: 'x', imagePullPolicy: 'Always' }], { minReadySeconds: 5 }));
    const err = refusal(() => apply(sim, 'three', dep([{ name: 'a', image: 'y', imagePullPolicy: 'Never' }], { replicas: 2, minReadySeconds: 6 })));
    expect(err.message).toBe(
      'Apply failed with 5 conflicts: conflicts with "aa-two":\n- .spec.minReadySeconds\n- .spec.template.spec.containers[name="a"].image\n- .spec.template.spec.containers[name="a"].imagePullPolicy\nconflicts with "zz-one":\n- .spec.replicas\n- .spec.template.spec.containers[name="a"].image',
    );
    expect(err.status.details?.causes?.map((c) => c.field)).toHaveLength(5);
  });
});

describe('unsetting fields (TestMultipleAppliersFieldUnsetting)', () => {
  it('a field the applier stops setting is removed, unless another manager owns it', () => {
    const sim = makeSim();
    apply(sim, 'apply-one', dep([{ name: 'a', image: 'x', imagePullPolicy: 'Always', command: ['sh'] }]));
    apply(sim, 'apply-two', dep([{ name: 'a', image: 'x', imagePullPolicy: 'Always' }]));
    const d = apply(sim, 'apply-one', dep([{ name: 'a', image: 'x' }]));
    const c = d.spec.template.spec.containers[0];
    expect(c.command).toBeUndefined(); // only apply-one had it
    expect(c.imagePullPolicy).toBe('Always'); // apply-two still owns it
  });

  it('an atomic field (the label selector) conflicts as one leaf', () => {
    const sim = makeSim();
    apply(sim, 'apply-one', dep([{ name: 'a', image: 'x' }]));
    const cfg = YAML.parse(dep([{ name: 'a', image: 'x' }]));
    cfg.spec.selector = { matchLabels: { app: 'web' }, matchExpressions: [] };
    const err = refusal(() => serverSideApply(sim.api, 'Deployment', 'default', 'web', cfg, { actor: 'c' }, { fieldManager: 'apply-two', force: false }));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "apply-one": .spec.selector');
  });
});

describe('appliers and updaters', () => {
  it('an Update manager that changed a field is named with its version; kubectl scale\'s entry names the scale subresource', () => {
    const sim = makeSim();
    apply(sim, 'kubectl', dep([{ name: 'a', image: 'x' }], { replicas: 2 }));
    sim.api.updateScale('Deployment', 'default', 'web', 5, { actor: 'kubectl', fieldManager: 'kubectl' });
    const scaled = sim.api.get('Deployment', 'default', 'web');
    const scaleEntry = entries(scaled).find((e) => e.subresource === 'scale');
    expect(scaleEntry).toEqual({ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale' });
    expect((entry(scaled, 'kubectl') as ManagedFieldsEntry & { fieldsV1: Record<string, Record<string, unknown>> }).fieldsV1['f:spec']?.['f:replicas']).toBeUndefined();
    const err = refusal(() => apply(sim, 'kubectl', dep([{ name: 'a', image: 'x' }], { replicas: 3 })));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    const forced = apply(sim, 'kubectl', dep([{ name: 'a', image: 'x' }], { replicas: 3 }), true);
    expect(forced.spec.replicas).toBe(3);
    expect(entries(forced).some((e) => e.subresource === 'scale')).toBe(false);
  });

  it('kubectl may take over what its last client-side apply set (lastAppliedManager); another manager conflicts with kubectl-client-side-apply', () => {
    const sim = makeSim();
    const csa = YAML.parse(dep([{ name: 'a', image: 'x' }], { replicas: 2 }));
    csa.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(csa)}\n` };
    sim.api.create(csa, { actor: 'kubectl', fieldManager: 'kubectl-client-side-apply' });
    const err = refusal(() => apply(sim, 'someone', dep([{ name: 'a', image: 'x' }], { replicas: 3 })));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    const d = apply(sim, 'kubectl', dep([{ name: 'a', image: 'x' }], { replicas: 3 }));
    expect(d.spec.replicas).toBe(3);
    // lastAppliedUpdater keeps the annotation in step with what kubectl applied.
    expect(JSON.parse(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}').spec.replicas).toBe(3);
  });
});

describe('list-map keys with defaults', () => {
  it('a Service port without protocol is keyed protocol "TCP", the default upstream\'s schema gives the key', () => {
    const sim = makeSim();
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const created = serverSideApply(sim.api, 'Service', 'default', 'web', svc, { actor: 'c' }, { fieldManager: 'kubectl', force: false }).object;
    expect(created.spec.ports[0].protocol).toBe('TCP');
    expect((entries(created)[0]?.fieldsV1 as any)['f:spec']['f:ports']).toEqual({ 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
});

describe('refusals as upstream words them', () => {
  it('no fieldManager is 422 Invalid PatchOptions', () => {
    const sim = makeSim();
    const err = refusal(() => serverSideApply(sim.api, 'Deployment', 'default', 'web', YAML.parse(dep([])), { actor: 'c' }, { fieldManager: undefined, force: false }));
    expect(err.code).toBe(422);
    expect(err.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it('managedFields in the configuration and another kind are 400', () => {
    const sim = makeSim();
    const cfg = YAML.parse(dep([{ name: 'a', image: 'x' }]));
    cfg.metadata.managedFields = [];
    expect(refusal(() => serverSideApply(sim.api, 'Deployment', 'default', 'web', cfg, { actor: 'c' }, { fieldManager: 'm', force: false })).message).toBe('metadata.managedFields must be nil');
    const rs = { ...YAML.parse(dep([{ name: 'a', image: 'x' }])), kind: 'ReplicaSet' };
    expect(refusal(() => serverSideApply(sim.api, 'Deployment', 'default', 'web', rs, { actor: 'c' }, { fieldManager: 'm', force: false })).message).toBe('invalid object type: apps/v1, Kind=ReplicaSet');
  });

  it('a list item without its key is a 500 naming the field, as upstream\'s typed conversion fails', () => {
    const sim = makeSim();
    const err = refusal(() => apply(sim, 'm', dep([{ image: 'x' }])));
    expect(err.code).toBe(500);
    expect(err.message).toBe('failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)');
  });
});
