import { describe, expect, it } from 'vitest';
import type { KObject, OwnerReference } from '../../core/api/types.js';
import { equalRevision } from '../../core/controllers/history/controller-history.js';
import { fnv1, hashControllerRevision, rawData } from '../../core/controllers/history/revision-hash.js';
import { safeEncode } from '../../core/controllers/deployment/pod-template-hash.js';
import { claimOwnerRefsFor, hasNonControllerOwner, hasOwnerRef, hasStaleOwnerRef, hasUnexpectedController, isClaimOwnerUpToDate, retentionPolicy } from '../../core/controllers/statefulset/claim-retention.js';
import { applyRevision, newRevision } from '../../core/controllers/statefulset/revisions.js';
import {
  ascendingOrdinal, claimsFor, identityMatches, isMemberOf, isRunningAndReady, maxUnavailableOf, newStatefulSetPod, parentNameAndOrdinal,
  STATEFULSET_POD_NAME_LABEL, storageMatches, updateIdentity, updateStorage,
} from '../../core/controllers/statefulset/stateful-set-utils.js';

/*
 * Cases ported from kubernetes/kubernetes pkg/controller/statefulset/stateful_set_utils_test.go
 * (v1.32): same fixtures (newStatefulSet: "foo", claim template "datadir", pod volume
 * "home"), same expectations.
 */

function newStatefulSet(replicas: number, name = 'foo'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', uid: 'test' },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      serviceName: 'governingsvc',
      updateStrategy: { type: 'RollingUpdate' },
      persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Retain' },
      revisionHistoryLimit: 2,
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'datadir', mountPath: '/tmp/zookeeper' }, { name: 'home', mountPath: '/home' }] }],
          volumes: [{ name: 'home', hostPath: { path: '/tmp/home' } }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'datadir' }, spec: { resources: { requests: { storage: '1' } } } }],
    },
    status: {},
  };
}

const ref = (apiVersion: string, kind: string, name: string, uid: string, controller?: boolean): OwnerReference => ({ apiVersion, kind, name, uid, ...(controller !== undefined ? { controller } : {}) });
const ctrlRef = (owner: KObject, apiVersion: string, kind: string): OwnerReference => ({ apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true });
const claimWith = (refs: OwnerReference[]): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'target-claim', ownerReferences: refs } });
const podNamed = (name: string, uid: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, uid }, spec: {} });
const setNamed = (name: string, uid: string, replicas: number, whenScaled?: string, whenDeleted?: string): KObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, uid },
  spec: { replicas, ...(whenScaled !== undefined ? { persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted } } : {}) },
});

describe('ported from stateful_set_utils_test.go', () => {
  it('TestGetParentNameAndOrdinal: foo-1 is ordinal 1 of foo; 1-bar has no parent and ordinal -1', () => {
    const set = newStatefulSet(3);
    const pod = newStatefulSetPod(set, 1);
    expect(parentNameAndOrdinal(pod)).toEqual({ parent: 'foo', ordinal: 1 });
    pod.metadata.name = '1-bar';
    expect(parentNameAndOrdinal(pod)).toEqual({ parent: '', ordinal: -1 });
  });

  it('TestIsMemberOf: a pod of foo is not a member of foo2', () => {
    const set = newStatefulSet(3);
    const set2 = newStatefulSet(3, 'foo2');
    const pod = newStatefulSetPod(set, 1);
    expect(isMemberOf(set, pod)).toBe(true);
    expect(isMemberOf(set2, pod)).toBe(false);
  });

  it('TestIdentityMatches: a wrong name, namespace or pod-name label breaks the identity', () => {
    const set = newStatefulSet(3);
    let pod = newStatefulSetPod(set, 1);
    expect(identityMatches(set, pod)).toBe(true);
    pod.metadata.name = 'foo';
    expect(identityMatches(set, pod)).toBe(false);
    pod = newStatefulSetPod(set, 1);
    pod.metadata.namespace = '';
    expect(identityMatches(set, pod)).toBe(false);
    pod = newStatefulSetPod(set, 1);
    delete pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL];
    expect(identityMatches(set, pod)).toBe(false);
  });

  it('TestStorageMatches: missing volumes, a non-claim volume, a wrong claim name or a bad ordinal do not match', () => {
    const set = newStatefulSet(3);
    let pod = newStatefulSetPod(set, 1);
    expect(storageMatches(set, pod)).toBe(true);
    pod.spec.volumes = undefined;
    expect(storageMatches(set, pod)).toBe(false);
    pod = newStatefulSetPod(set, 1);
    for (const v of pod.spec.volumes) delete v.persistentVolumeClaim;
    expect(storageMatches(set, pod)).toBe(false);
    pod = newStatefulSetPod(set, 1);
    for (const v of pod.spec.volumes) if (v.persistentVolumeClaim !== undefined) v.persistentVolumeClaim.claimName = 'foo';
    expect(storageMatches(set, pod)).toBe(false);
    pod = newStatefulSetPod(set, 1);
    pod.metadata.name = 'bar';
    expect(storageMatches(set, pod)).toBe(false);
  });

  it('TestUpdateIdentity: the namespace and the pod-name label are restored', () => {
    const set = newStatefulSet(3);
    const pod = newStatefulSetPod(set, 1);
    pod.metadata.namespace = '';
    expect(identityMatches(set, pod)).toBe(false);
    updateIdentity(set, pod);
    expect(identityMatches(set, pod)).toBe(true);
    delete pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL];
    updateIdentity(set, pod);
    expect(identityMatches(set, pod)).toBe(true);
  });

  it('TestUpdateStorage: volumes, claim sources and claim names are recreated', () => {
    const set = newStatefulSet(3);
    let pod = newStatefulSetPod(set, 1);
    pod.spec.volumes = undefined;
    updateStorage(set, pod);
    expect(storageMatches(set, pod)).toBe(true);
    pod = newStatefulSetPod(set, 1);
    for (const v of pod.spec.volumes) delete v.persistentVolumeClaim;
    expect(storageMatches(set, pod)).toBe(false);
    updateStorage(set, pod);
    expect(storageMatches(set, pod)).toBe(true);
    pod = newStatefulSetPod(set, 1);
    for (const v of pod.spec.volumes) if (v.persistentVolumeClaim !== undefined) v.persistentVolumeClaim.claimName = 'foo';
    updateStorage(set, pod);
    expect(storageMatches(set, pod)).toBe(true);
    // The template's own volume survives next to the claim's.
    expect(pod.spec.volumes.map((v: { name: string }) => v.name)).toEqual(['datadir', 'home']);
  });

  it('TestGetPersistentVolumeClaimRetentionPolicy: Retain/Retain and Delete-on-scale are read as given', () => {
    expect(retentionPolicy(setNamed('s', 'u', 1, 'Retain', 'Retain'))).toEqual({ whenScaled: 'Retain', whenDeleted: 'Retain' });
    expect(retentionPolicy(setNamed('s', 'u', 1, 'Delete', 'Retain'))).toEqual({ whenScaled: 'Delete', whenDeleted: 'Retain' });
  });

  describe('TestIsClaimOwnerUpToDate (6 policies x pod ref x set ref x other refs)', () => {
    const cases = [
      { name: 'retain', scaled: 'Retain', deleted: 'Retain', needsPodRef: false, needsSetRef: false, replicas: 0, ordinal: 0 },
      { name: 'on SS delete', scaled: 'Retain', deleted: 'Delete', needsPodRef: false, needsSetRef: true, replicas: 0, ordinal: 0 },
      { name: 'on scaledown only, condemned', scaled: 'Delete', deleted: 'Retain', needsPodRef: true, needsSetRef: false, replicas: 2, ordinal: 2 },
      { name: 'on scaledown only, remains', scaled: 'Delete', deleted: 'Retain', needsPodRef: false, needsSetRef: false, replicas: 2, ordinal: 1 },
      { name: 'on both, condemned', scaled: 'Delete', deleted: 'Delete', needsPodRef: true, needsSetRef: false, replicas: 2, ordinal: 2 },
      { name: 'on both, remains', scaled: 'Delete', deleted: 'Delete', needsPodRef: false, needsSetRef: true, replicas: 2, ordinal: 1 },
    ];
    for (const tc of cases) {
      for (const others of [false, true]) {
        for (const podRef of [false, true]) {
          for (const setRef of [false, true]) {
            const want = podRef === tc.needsPodRef && setRef === tc.needsSetRef;
            it(`${tc.name}: pod=${podRef} set=${setRef} others=${others} -> ${want ? 'up to date' : 'needs update'}`, () => {
              const pod = podNamed(`pod-${tc.ordinal}`, 'pod-123');
              const set = setNamed('stateful-set', 'ss-456', tc.replicas, tc.scaled, tc.deleted);
              const refs: OwnerReference[] = [];
              if (podRef) refs.push(ctrlRef(pod, 'v1', 'Pod'));
              if (setRef) refs.push(ctrlRef(set, 'apps/v1', 'StatefulSet'));
              if (others) refs.push(ref('v1', 'Pod', 'rand1', 'rand1-uid'), ref('v1', 'Pod', 'rand2', 'rand2-uid'));
              expect(isClaimOwnerUpToDate(claimWith(refs), set, pod)).toBe(want);
            });
          }
        }
      }
    }
  });

  it.each([
    ['normal controller, pod', [ref('v1', 'Pod', 'pod-1', 'pod-123', true)], 'Delete', 'Delete', true],
    ['non-controller causes policy mismatch, pod', [ref('v1', 'Pod', 'pod-1', 'pod-123')], 'Delete', 'Delete', false],
    ['stale controller does not affect policy, pod', [ref('v1', 'Pod', 'pod-1', 'pod-stale', true)], 'Delete', 'Delete', true],
    ['unexpected controller causes policy mismatch, pod', [ref('v1', 'Pod', 'pod-1', 'pod-123', true), ref('v1', 'Pod', 'Random', 'random', true)], 'Delete', 'Delete', false],
    ['normal controller, set', [ref('apps/v1', 'StatefulSet', 'stateful-set', 'ss-456', true)], 'Retain', 'Delete', true],
    ['non-controller causes policy mismatch, set', [ref('appsv1', 'StatefulSet', 'stateful-set', 'ss-456')], 'Retain', 'Delete', false],
    ['stale controller ignored, set', [ref('apps/v1', 'StatefulSet', 'stateful-set', 'set-stale', true)], 'Retain', 'Delete', true],
    ['unexpected controller causes policy mismatch, set', [ref('apps/v1', 'StatefulSet', 'stateful-set', 'ss-456', true), ref('apps/v1', 'StatefulSet', 'Random', 'random', true)], 'Retain', 'Delete', false],
  ] as Array<[string, OwnerReference[], string, string, boolean]>)('TestClaimOwnerUpToDateEdgeCases: %s', (_name, refs, scaled, deleted, want) => {
    expect(isClaimOwnerUpToDate(claimWith(refs), setNamed('stateful-set', 'ss-456', 1, scaled, deleted), podNamed('pod-1', 'pod-123'))).toBe(want);
  });

  describe('TestUpdateClaimOwnerRefForSetAndPod (7 cases x 8 variations)', () => {
    const cases = [
      { name: 'retain', scaled: 'Retain', deleted: 'Retain', condemned: false, needsPodRef: false, needsSetRef: false, unexpected: false },
      { name: 'delete with set', scaled: 'Retain', deleted: 'Delete', condemned: false, needsPodRef: false, needsSetRef: true, unexpected: false },
      { name: 'delete with scaledown, not condemned', scaled: 'Delete', deleted: 'Retain', condemned: false, needsPodRef: false, needsSetRef: false, unexpected: false },
      { name: 'delete on scaledown, condemned', scaled: 'Delete', deleted: 'Retain', condemned: true, needsPodRef: true, needsSetRef: false, unexpected: false },
      { name: 'delete on both, not condemned', scaled: 'Delete', deleted: 'Delete', condemned: false, needsPodRef: false, needsSetRef: true, unexpected: false },
      { name: 'delete on both, condemned', scaled: 'Delete', deleted: 'Delete', condemned: true, needsPodRef: true, needsSetRef: false, unexpected: false },
      { name: 'unexpected controller', scaled: 'Delete', deleted: 'Delete', condemned: true, needsPodRef: false, needsSetRef: false, unexpected: true },
    ];
    for (const tc of cases) {
      for (let v = 0; v < 8; v++) {
        const hasPodRef = (v & 1) !== 0;
        const hasSetRef = (v & 2) !== 0;
        const extraOwner = (v & 3) !== 0;
        it(`${tc.name}: pod ref ${hasPodRef}, set ref ${hasSetRef}, extra owner ${extraOwner}`, () => {
          const set = setNamed('ss', 'ss-123', 5, tc.scaled, tc.deleted);
          const pod = podNamed(tc.condemned ? 'pod-8' : 'pod-1', 'pod-456');
          const refs: OwnerReference[] = [];
          if (hasPodRef) refs.push(ctrlRef(pod, 'v1', 'Pod'));
          if (hasSetRef) refs.push(ctrlRef(set, 'apps/v1', 'StatefulSet'));
          if (extraOwner) refs.push(ref('custom/v1', 'random', 'random', 'abc'));
          if (tc.unexpected) refs.push(ref('custom/v1', 'Unknown', 'unknown', 'xyz', true));
          const after = claimWith(claimOwnerRefsFor(claimWith(refs), set, pod));
          const isController = (owner: KObject): boolean => (after.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid && r.controller === true);
          expect(isController(pod)).toBe(tc.needsPodRef);
          expect(isController(set)).toBe(tc.needsSetRef);
        });
      }
    }
  });

  it.each([
    ['set correctly', [ref('apps/v1', 'StatefulSet', 'sts', '123', true), ref('someone', 'Else', 'foo', '')], ['apps/v1/StatefulSet/sts', 'someone/Else/foo']],
    ['missing controller', [ref('apps/v1', 'StatefulSet', 'sts', '123')], ['apps/v1/StatefulSet/sts']],
    ['matching name but missing', [ref('someone', 'else', 'sts', '456')], ['someone/else/sts', 'apps/v1/StatefulSet/sts']],
    ['not present', [], ['apps/v1/StatefulSet/sts']],
    ['controller, but no UID (a stale reference: left alone, ours removed)', [ref('apps/v1', 'StatefulSet', 'sts', '', true)], []],
    ['neither controller nor UID', [ref('apps/v1', 'StatefulSet', 'sts', '')], []],
  ] as Array<[string, OwnerReference[], string[]]>)('TestUpdateClaimControllerRef: %s', (_name, original, expected) => {
    const set = setNamed('sts', '123', 1, 'Delete', 'Delete');
    const refs = claimOwnerRefsFor(claimWith(original), set, podNamed('pod-0', '456'));
    expect(refs.map((r) => `${r.apiVersion}/${r.kind}/${r.name}`).sort()).toEqual([...expected].sort());
    for (const r of refs.filter((x) => x.kind === 'StatefulSet' && x.apiVersion === 'apps/v1')) expect(r.controller).toBe(true);
  });

  it('TestHasOwnerRef: any reference with the owner uid counts, controller or not', () => {
    const target = claimWith([{ ...ref('', '', '', '123'), controller: true }, { ...ref('', '', '', '456'), controller: false }, ref('', '', '', '789')]);
    for (const [uid, want] of [['123', true], ['456', true], ['789', true], ['012', false]] as const) expect(hasOwnerRef(target, podNamed('x', uid))).toBe(want);
  });

  describe('TestHasUnexpectedController', () => {
    const cases: Array<[string, OwnerReference[], boolean]> = [
      ['custom controller', [ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', true)], true],
      ['custom non-controller', [ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', false)], false],
      ['custom unspecified controller', [ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid')], false],
      ['other pod controller', [ref('v1', 'Pod', 'simon', 'other-uid', true)], true],
      ['other set controller', [ref('apps/v1', 'Set', 'simon', 'other-uid', true)], true],
      ['own set controller', [ref('apps/v1', 'StatefulSet', 'set', 'set-uid', true)], false],
      ['own set controller, stale uid', [ref('apps/v1', 'StatefulSet', 'set', 'stale-uid', true)], true],
      ['own pod controller', [ref('v1', 'Pod', 'pod', 'pod-uid', true)], false],
      ['own pod controller, stale uid', [ref('v1', 'Pod', 'pod', 'stale-uid', true)], true],
      ['own controller and another', [ref('v1', 'Pod', 'pod', 'pod-uid', true), ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', true)], true],
      ['own controller and a non-controller', [ref('v1', 'Pod', 'pod', 'pod-uid', true), ref('chipmunks/v1', 'CustomController', 'simon', 'other-uid', false)], false],
    ];
    it.each(cases)('%s: never with Retain/Retain, else as expected', (_name, refs, want) => {
      const pod = podNamed('pod', 'pod-uid');
      expect(hasUnexpectedController(claimWith(refs), setNamed('set', 'set-uid', 1), pod)).toBe(false);
      for (const [scaled, deleted] of [['Delete', 'Retain'], ['Retain', 'Delete'], ['Delete', 'Delete']]) {
        expect(hasUnexpectedController(claimWith(refs), setNamed('set', 'set-uid', 1, scaled, deleted), pod)).toBe(want);
      }
    });
  });

  it.each([
    ['set and pod controller', [ref('v1', 'Pod', 'pod', 'pod', true), ref('apps/v1', 'Set', 'set', 'set', true)], false],
    ['set controller, pod noncontroller', [ref('v1', 'Pod', 'pod', 'pod'), ref('apps/v1', 'Set', 'set', 'set', true)], true],
    ['set noncontroller, pod controller', [ref('v1', 'Pod', 'pod', 'pod', true), ref('apps/v1', 'Set', 'set', 'set')], true],
    ['set controller', [ref('apps/v1', 'Set', 'set', 'set', true)], false],
    ['pod controller', [ref('v1', 'Pod', 'pod', 'pod', true)], false],
    ['nothing', [], false],
    ['set noncontroller', [ref('apps/v1', 'Set', 'set', 'set')], true],
    ['set noncontroller with ptr', [ref('apps/v1', 'Set', 'set', 'set', false)], true],
    ['pod noncontroller', [ref('v1', 'pod', 'pod', 'pod')], true],
    ['other noncontroller', [ref('v1', 'pod', 'pod', 'not-matching')], false],
  ] as Array<[string, OwnerReference[], boolean]>)('TestNonController: %s', (_name, refs, want) => {
    expect(hasNonControllerOwner(claimWith(refs), setNamed('set', 'set', 1), podNamed('pod', 'pod'))).toBe(want);
  });

  it('TestHasStaleOwnerRef: a reference by name with another uid is stale', () => {
    const target = claimWith([ref('v1', 'Pod', 'bob', '123'), ref('v1', 'Pod', 'shirley', '456')]);
    expect(hasStaleOwnerRef(target, podNamed('bob', '123'), 'v1', 'Pod')).toBe(false);
    expect(hasStaleOwnerRef(target, podNamed('shirley', '789'), 'v1', 'Pod')).toBe(true);
    expect(hasStaleOwnerRef(target, podNamed('yvonne', '345'), 'v1', 'Pod')).toBe(false);
  });

  it('TestIsRunningAndReady: needs phase Running and Ready=True', () => {
    const pod = newStatefulSetPod(newStatefulSet(3), 1);
    expect(isRunningAndReady(pod)).toBe(false);
    pod.status = { phase: 'Running' };
    expect(isRunningAndReady(pod)).toBe(false);
    pod.status.conditions = [{ type: 'Ready', status: 'True' }];
    expect(isRunningAndReady(pod)).toBe(true);
  });

  it('TestAscendingOrdinal: pods sort by ordinal, not by name (foo-10 after foo-9)', () => {
    const set = newStatefulSet(12);
    const pods = [7, 11, 0, 3, 10, 9, 1, 2, 8, 5, 6, 4].map((o) => newStatefulSetPod(set, o));
    expect(pods.sort(ascendingOrdinal).map((p) => p.metadata.name)).toEqual(Array.from({ length: 12 }, (_, i) => `foo-${i}`));
  });

  it('TestNewPodControllerRef: the pod is controlled by its StatefulSet', () => {
    const set = newStatefulSet(1);
    const pod = newStatefulSetPod(set, 0);
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'foo', uid: 'test', controller: true, blockOwnerDeletion: true }]);
  });

  it('TestCreateApplyRevision: applying a revision restores the template; the set annotations ride along', () => {
    const set = newStatefulSet(1);
    const revision = newRevision(set, 1, 0);
    set.spec.template.spec.containers[0].name = 'foo';
    set.metadata.annotations = { foo: 'bar' };
    const restored = applyRevision(set, revision);
    const restoredRevision = newRevision(restored, 2, 0);
    expect(equalRevision(revision, restoredRevision)).toBe(true);
    expect(restoredRevision.metadata.annotations?.foo).toBe('bar');
  });

  it('TestRollingUpdateApplyRevision: the current and the update revision each give back their own template', () => {
    const set = newStatefulSet(1);
    const currentTemplate = structuredClone(set.spec.template);
    const current = newRevision(set, 1, 0);
    set.spec.template.spec.containers[0].env = [{ name: 'foo', value: 'bar' }];
    const updateTemplate = structuredClone(set.spec.template);
    const update = newRevision(set, 2, 0);
    const strip = (t: { metadata?: Record<string, unknown> }) => ({ ...t, metadata: Object.fromEntries(Object.entries(t.metadata ?? {}).filter(([k]) => k !== 'creationTimestamp')) });
    expect(strip(applyRevision(set, current).spec.template)).toEqual(currentTemplate);
    expect(strip(applyRevision(set, update).spec.template)).toEqual(updateTemplate);
  });

  it('TestGetPersistentVolumeClaims: claims get the selector labels, merged over the template labels (the selector wins)', () => {
    const set = newStatefulSet(1);
    const pod = newStatefulSetPod(set, 0);
    const labelsWith = (matchLabels: Record<string, string> | undefined, templateLabels?: Record<string, string>): unknown => {
      set.spec.selector.matchLabels = matchLabels;
      set.spec.volumeClaimTemplates[0].metadata.labels = templateLabels;
      const [only] = claimsFor(set, pod);
      expect(only?.claim.metadata.name).toBe('datadir-foo-0');
      expect(only?.claim.metadata.namespace).toBe('default');
      return only?.claim.metadata.labels;
    };
    expect(labelsWith(undefined)).toEqual({});
    expect(labelsWith({ test: 'test' })).toEqual({ test: 'test' });
    expect(labelsWith({ name: 'foo' }, { test: 'test' })).toEqual({ test: 'test', name: 'foo' });
    expect(labelsWith({ test: 'foo' }, { test: 'test' })).toEqual({ test: 'foo' });
  });

  it.each([
    [undefined, 10, 1],
    [3, 10, 3],
    [3, 0, 3],
    [0, 0, 1],
    ['10%', 25, 2],
    ['100%', 5, 5],
    ['50%', 5, 2],
    ['10%', 5, 1],
    ['0%', 0, 1],
  ] as Array<[number | string | undefined, number, number]>)('TestGetStatefulSetMaxUnavailable: maxUnavailable %s of %i replicas -> %i', (value, replicas, want) => {
    expect(maxUnavailableOf(value, replicas)).toBe(want);
  });

  it('HashControllerRevision: FNV-1 (the FNV spec\'s vectors) over the raw data and the collision count, safe-encoded', () => {
    const bytes = (t: string): Uint8Array => Buffer.from(t, 'utf8');
    expect(fnv1(bytes(''))).toBe(0x811c9dc5);
    expect(fnv1(bytes('a'))).toBe(0x050c5d7e);
    expect(fnv1(bytes('foobar'))).toBe(0x31f0b262);
    const data = newRevision(newStatefulSet(1), 1, 0).data;
    expect(rawData(data).startsWith('{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"foo":"bar"}},"spec":{')).toBe(true);
    expect(hashControllerRevision(data, 0)).toBe(safeEncode(String(fnv1(bytes(rawData(data) + '0')))));
    expect(hashControllerRevision(data, 1)).not.toBe(hashControllerRevision(data, 0));
    expect(newRevision(newStatefulSet(1), 1, 0).metadata.name).toBe(`foo-${hashControllerRevision(data, 0)}`);
  });
});
