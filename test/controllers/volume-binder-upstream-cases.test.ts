import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { volumeMismatch } from '../../core/controllers/volume/persistentvolume/sync-claim.js';
import { allPossibleMatchingAccessModes, findBestMatchForClaim, listByAccessModes } from '../../core/controllers/volume/persistentvolume/volume-index.js';
import { checkAccessModes, checkVolumeModeMismatches, findMatchingVolume, storageOf } from '../../core/controllers/volume/persistentvolume/volume-util.js';

/*
 * Cases ported from kubernetes/kubernetes pkg/controller/volume/persistentvolume/index_test.go
 * (v1.32): the same 21 test volumes, the same claims, the same expected matches. Volumes
 * are identified by their uid as upstream's tests do ("gce-pd-10", "nfs-5" ...).
 */

interface Vol { uid: string; name: string; size: string; source: string; modes: string[]; phase?: string; claimRef?: Record<string, string>; cls?: string; labels?: Record<string, string>; affinity?: string; mode?: string | null }

const RWO = 'ReadWriteOnce';
const ROX = 'ReadOnlyMany';
const RWX = 'ReadWriteMany';

function pv(v: Vol): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: v.name, uid: v.uid, ...(v.labels !== undefined ? { labels: v.labels } : {}) },
    spec: {
      capacity: { storage: v.size },
      [v.source]: {},
      accessModes: v.modes,
      ...(v.claimRef !== undefined ? { claimRef: v.claimRef } : {}),
      ...(v.cls !== undefined ? { storageClassName: v.cls } : {}),
      ...(v.affinity !== undefined ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'key1', operator: 'In', values: [v.affinity] }] }] } } } : {}),
      ...(v.mode === null ? {} : { volumeMode: v.mode ?? 'Filesystem' }),
    },
    status: v.phase === '' ? {} : { phase: v.phase ?? 'Available' },
  };
}

/** createTestVolumes: deliberately out of order. */
function createTestVolumes(): KObject[] {
  const vols: Vol[] = [
    { uid: 'gce-pd-10', name: 'gce003', size: '10G', source: 'gcePersistentDisk', modes: [RWO, ROX] },
    { uid: 'gce-pd-20', name: 'gce004', size: '20G', source: 'gcePersistentDisk', modes: [RWO, ROX], claimRef: { uid: 'def456' }, phase: 'Bound' },
    { uid: 'nfs-5', name: 'nfs002', size: '5G', source: 'glusterfs', modes: [RWO, ROX, RWX] },
    { uid: 'gce-pd-1', name: 'gce001', size: '1G', source: 'gcePersistentDisk', modes: [RWO, ROX], claimRef: { uid: 'abc123' }, phase: 'Bound' },
    { uid: 'nfs-10', name: 'nfs003', size: '10G', source: 'glusterfs', modes: [RWO, ROX, RWX] },
    { uid: 'gce-pd-5', name: 'gce002', size: '5G', source: 'gcePersistentDisk', modes: [RWO, ROX] },
    { uid: 'nfs-1', name: 'nfs001', size: '1G', source: 'glusterfs', modes: [RWO, ROX, RWX] },
    { uid: 'gce-pd-2', name: 'gce0022', size: '20000G', source: 'gcePersistentDisk', modes: [RWO], labels: { 'should-exist': 'true' } },
    { uid: 'gce-pd-silver1', name: 'gce0023', size: '10000G', source: 'gcePersistentDisk', modes: [RWO], cls: 'silver', labels: { 'should-exist': 'true' } },
    { uid: 'gce-pd-silver2', name: 'gce0024', size: '100G', source: 'gcePersistentDisk', modes: [RWO], cls: 'silver' },
    { uid: 'gce-pd-gold', name: 'gce0025', size: '50G', source: 'gcePersistentDisk', modes: [RWO], cls: 'gold' },
    { uid: 'local-pd-very-large', name: 'local001', size: '200E', source: 'local', modes: [RWO, ROX, RWX], cls: 'large' },
    { uid: 'local-pd-extremely-large', name: 'local002', size: '800E', source: 'local', modes: [RWO, ROX, RWX], cls: 'large' },
    { uid: 'affinity-pv', name: 'affinity001', size: '100G', source: 'local', modes: [RWO, ROX], cls: 'wait', affinity: 'value1' },
    { uid: 'affinity-pv2', name: 'affinity002', size: '150G', source: 'local', modes: [RWO, ROX], cls: 'wait', affinity: 'value1' },
    { uid: 'affinity-prebound', name: 'affinity003', size: '100G', source: 'local', modes: [RWO, ROX], cls: 'wait', claimRef: { name: 'claim02', namespace: 'myns' }, affinity: 'value1' },
    { uid: 'affinity-pv3', name: 'affinity003', size: '200G', source: 'local', modes: [RWO, ROX], cls: 'wait', affinity: 'value3' },
    { uid: 'affinity-pv4-pending', name: 'affinity004-pending', size: '200G', source: 'local', modes: [RWO, ROX], cls: 'wait', affinity: 'value4', phase: 'Pending' },
    { uid: 'affinity-pv4-failed', name: 'affinity004-failed', size: '200G', source: 'local', modes: [RWO, ROX], cls: 'wait', affinity: 'value4', phase: 'Failed' },
    { uid: 'affinity-pv4-released', name: 'affinity004-released', size: '200G', source: 'local', modes: [RWO, ROX], cls: 'wait', affinity: 'value4', phase: 'Released' },
    { uid: 'affinity-pv4-empty', name: 'affinity004-empty', size: '200G', source: 'local', modes: [RWO, ROX], cls: 'wait', affinity: 'value4', phase: '' },
  ];
  return vols.map(pv);
}

function makePVC(size: string, mod?: (c: KObject) => void): KObject {
  const c: KObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim01', namespace: 'myns' }, spec: { accessModes: [ROX, RWO], resources: { requests: { storage: size } }, volumeMode: 'Filesystem' } };
  mod?.(c);
  return c;
}

const uidOf = (v: Readonly<KObject> | undefined): string => v?.metadata.uid ?? '';
const node = (value: string): KObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${value}`, labels: { key1: value } } });

describe('ported from index_test.go', () => {
  const volumes = createTestVolumes();

  it.each([
    ['successful-match-gce-10', 'gce-pd-10', makePVC('8G')],
    ['successful-match-nfs-5', 'nfs-5', makePVC('5G', (c) => (c.spec.accessModes = [ROX, RWO, RWX]))],
    ['successful-skip-1g-bound-volume', 'gce-pd-5', makePVC('1G')],
    ['successful-no-match', '', makePVC('999G')],
    ['successful-no-match-due-to-label', '', makePVC('999G', (c) => (c.spec.selector = { matchLabels: { 'should-not-exist': 'true' } }))],
    ['successful-no-match-due-to-size-constraint-with-label-selector', '', makePVC('20000G', (c) => { c.spec.selector = { matchLabels: { 'should-exist': 'true' } }; c.spec.accessModes = [ROX, RWO]; })],
    ['successful-match-due-with-constraint-and-label-selector', 'gce-pd-2', makePVC('20000G', (c) => { c.spec.selector = { matchLabels: { 'should-exist': 'true' } }; c.spec.accessModes = [RWO]; })],
    ['successful-match-with-class', 'gce-pd-silver1', makePVC('1G', (c) => { c.spec.selector = { matchLabels: { 'should-exist': 'true' } }; c.spec.accessModes = [RWO]; c.spec.storageClassName = 'silver'; })],
    ['successful-match-with-class-and-labels', 'gce-pd-silver2', makePVC('1G', (c) => { c.spec.accessModes = [RWO]; c.spec.storageClassName = 'silver'; })],
    ['successful-match-very-large', 'local-pd-very-large', makePVC('1E', (c) => { c.spec.accessModes = [RWO]; c.spec.storageClassName = 'large'; })],
    ['successful-match-exact-extremely-large', 'local-pd-extremely-large', makePVC('800E', (c) => { c.spec.accessModes = [RWO]; c.spec.storageClassName = 'large'; })],
    ['successful-no-match-way-too-large', '', makePVC('950E', (c) => { c.spec.accessModes = [RWO]; c.spec.storageClassName = 'large'; })],
  ])('TestMatchVolume: %s -> %s', (_name, expected, claim) => {
    expect(uidOf(findBestMatchForClaim(volumes, claim, false))).toBe(expected);
  });

  it('TestMatchingWithBoundVolumes: of two alike volumes, the unbound one', () => {
    const bound = pv({ uid: 'gce-pd-1', name: 'gce001', size: '1G', source: 'gcePersistentDisk', modes: [RWO, ROX], claimRef: { uid: 'abc123' }, phase: 'Bound' });
    const free = pv({ uid: 'gce-pd-2', name: 'gce002', size: '1G', source: 'gcePersistentDisk', modes: [RWO, ROX] });
    expect(findBestMatchForClaim([bound, free], makePVC('1G'), false)?.metadata.name).toBe('gce002');
  });

  it('TestListByAccessModes: RWO+ROX volumes 1G, 5G, 10G; RWO+ROX+RWX ones 1G, 5G, 10G, 200E, 800E', () => {
    const bySize = (list: Array<Readonly<KObject>>): string[] => [...list].sort((a, b) => storageOf(a, 'capacity') - storageOf(b, 'capacity')).map(uidOf);
    expect(bySize(listByAccessModes(volumes, [RWO, ROX])).slice(0, 3)).toEqual(['gce-pd-1', 'gce-pd-5', 'gce-pd-10']);
    expect(bySize(listByAccessModes(volumes, [RWO, ROX, RWX]))).toEqual(['nfs-1', 'nfs-5', 'nfs-10', 'local-pd-very-large', 'local-pd-extremely-large']);
  });

  it('TestAllPossibleAccessModes: three mode sets hold RWO, one holds RWX', () => {
    const rwo = allPossibleMatchingAccessModes(volumes, [RWO]);
    expect(rwo).toHaveLength(3);
    for (const m of rwo) expect(m).toContain(RWO);
    const rwx = allPossibleMatchingAccessModes(volumes, [RWX]);
    expect(rwx).toHaveLength(1);
    expect(rwx[0]).toContain(RWX);
  });

  it('TestFindingVolumeWithDifferentAccessModes: the fewest extra modes first, then up the levels', () => {
    const gce = pv({ uid: '001', name: 'gce', size: '10G', source: 'gcePersistentDisk', modes: [RWO, ROX] });
    const ebs = pv({ uid: '002', name: 'ebs', size: '10G', source: 'awsElasticBlockStore', modes: [RWO] });
    const nfs = pv({ uid: '003', name: 'nfs', size: '10G', source: 'nfs', modes: [RWO, ROX, RWX] });
    const list = [gce, ebs, nfs];
    const claim = makePVC('1G', (c) => (c.spec.accessModes = [RWO]));
    const best = (): string | undefined => findBestMatchForClaim(list, claim, false)?.metadata.name;
    expect(best()).toBe('ebs');
    claim.spec.accessModes = [RWO, ROX];
    expect(best()).toBe('gce');
    claim.spec.accessModes = [RWX, RWO, ROX]; // order does not matter
    expect(best()).toBe('nfs');
    claim.spec.accessModes = [RWX]; // fewer modes still match
    expect(best()).toBe('nfs');
    ebs.spec.claimRef = {}; // the exact match is taken: next level up
    claim.spec.accessModes = [RWO];
    expect(best()).toBe('gce');
    gce.spec.claimRef = {};
    expect(best()).toBe('nfs');
    delete gce.spec.claimRef; // partial mode request
    claim.spec.accessModes = [ROX];
    expect(best()).toBe('gce');
  });

  describe('TestVolumeModeCheck (BlockVolume on, as in v1.32)', () => {
    it.each([
      ['pvc block and pv filesystem', 'Block', 'Filesystem', true],
      ['pvc filesystem and pv block', 'Filesystem', 'Block', true],
      ['pvc block and pv block', 'Block', 'Block', false],
      ['pvc filesystem and pv filesystem', 'Filesystem', 'Filesystem', false],
      ['pvc filesystem and pv nil', 'Filesystem', undefined, false],
      ['pvc nil and pv filesystem', undefined, 'Filesystem', false],
      ['pvc nil and pv nil', undefined, undefined, false],
      ['pvc nil and pv block', undefined, 'Block', true],
      ['pvc block and pv nil', 'Block', undefined, true],
    ] as Array<[string, string | undefined, string | undefined, boolean]>)('%s: mismatch %s', (_name, claimMode, volumeMode, mismatch) => {
      expect(checkVolumeModeMismatches({ volumeMode: claimMode }, { volumeMode })).toBe(mismatch);
    });
  });

  it.each([
    ['1-1 pvc block and pv filesystem', 'Block', 'Filesystem', false],
    ['1-2 pvc filesystem and pv block', 'Filesystem', 'Block', false],
    ['1-5 pvc block and pv block', 'Block', 'Block', true],
    ['1-6 pvc filesystem and pv filesystem', 'Filesystem', 'Filesystem', true],
    ['2-1 pvc mode is nil and pv mode is nil', undefined, null, true],
  ] as Array<[string, string | undefined, string | null, boolean]>)('TestFilteringVolumeModes: %s -> match %s', (_name, claimMode, volumeMode, match) => {
    const vol = pv({ uid: 'local-1', name: 'block', size: '10G', source: 'local', modes: [RWO], mode: volumeMode });
    const claim = makePVC('8G', (c) => { c.spec.accessModes = [RWO]; if (claimMode === undefined) delete c.spec.volumeMode; else c.spec.volumeMode = claimMode; });
    expect(findBestMatchForClaim([vol], claim, false) !== undefined).toBe(match);
  });

  it('TestStorageObjectInUseProtectionFiltering: a volume being deleted neither satisfies nor matches a claim', () => {
    const vol = pv({ uid: 'pv1', name: 'pv1', size: '1G', source: 'hostPath', modes: [RWO] });
    const deleting = { ...vol, metadata: { ...vol.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } } as KObject;
    const claim = makePVC('1G', (c) => (c.spec.accessModes = [RWO]));
    expect(volumeMismatch(vol, claim)).toBeUndefined();
    expect(volumeMismatch(deleting, claim)).toBe('the volume is marked for deletion');
    expect(findBestMatchForClaim([vol], claim, false)?.metadata.name).toBe('pv1');
    expect(findBestMatchForClaim([deleting], claim, false)).toBeUndefined();
  });

  it('TestFindingPreboundVolumes: a volume pre-bound to the claim wins over the exact size, unless too small or of the wrong mode', () => {
    const claim = makePVC('1Gi', (c) => { c.spec.accessModes = [RWO]; c.metadata.uid = 'claim-uid'; });
    const claimRef = { kind: 'PersistentVolumeClaim', namespace: 'myns', name: 'claim01', uid: 'claim-uid', apiVersion: 'v1' };
    const vol = (name: string, size: string): KObject => pv({ uid: name, name, size, source: 'hostPath', modes: [RWO] });
    const pv1 = vol('pv1', '1Gi');
    const pv5 = vol('pv5', '5Gi');
    const pv8 = vol('pv8', '8Gi');
    const pvBadSize = vol('pvBadSize', '1Mi');
    const pvBadMode = vol('pvBadMode', '1Gi');
    pvBadMode.spec.accessModes = [ROX];
    const list = [pv1, pv5, pv8, pvBadSize, pvBadMode];
    const best = (): string | undefined => findBestMatchForClaim(list, claim, false)?.metadata.name;
    expect(best()).toBe('pv1');
    pv1.spec.claimRef = { name: 'foo', namespace: 'bar' };
    expect(best()).toBe('pv5');
    delete pv1.spec.claimRef;
    pv8.spec.claimRef = claimRef;
    expect(best()).toBe('pv8');
    delete pv8.spec.claimRef;
    pvBadSize.spec.claimRef = claimRef;
    expect(best()).toBe('pv1');
    delete pvBadSize.spec.claimRef;
    pvBadMode.spec.claimRef = claimRef;
    expect(best()).toBe('pv1');
  });

  it('TestBestMatchDelayed: the binder leaves a WaitForFirstConsumer claim to the scheduler', () => {
    expect(findBestMatchForClaim(volumes, makePVC('8G'), true)).toBeUndefined();
  });

  it.each([
    ['success-match', 'affinity-pv', 'claim01', 'value1', []],
    ['success-prebound', 'affinity-prebound', 'claim02', 'value1', []],
    ['success-exclusion', 'affinity-pv2', 'claim01', 'value1', ['affinity001']],
    ['fail-exclusion', '', 'claim01', 'value1', ['affinity001', 'affinity002']],
    ['fail-accessmode', '', 'claim01', 'value1', [], [RWX]],
    ['fail-nodeaffinity', '', 'claim01', 'value2', []],
    ['fail-prebound-node-affinity', '', 'claim02', 'value3', []],
    ['fail-nonavaiable', '', 'claim04', 'value4', []],
    ['success-bad-and-good-node-affinity', 'affinity-pv3', 'claim03', 'value3', []],
  ] as Array<[string, string, string, string, string[], string[]?]>)('TestFindMatchVolumeWithNode: %s -> %s', (_name, expected, claimName, nodeValue, excluded, modes) => {
    const claim = makePVC('100G', (c) => { c.spec.accessModes = modes ?? [RWO]; c.spec.storageClassName = 'wait'; c.metadata.name = claimName; });
    expect(uidOf(findMatchingVolume(claim, volumes, node(nodeValue), new Set(excluded), true))).toBe(expected);
  });

  it.each([
    ['success-single-mode', [RWX], true],
    ['success-many-modes', [RWX, RWO], true],
    ['fail-single-mode', [ROX], false],
    ['fail-many-modes', [RWX, ROX], false],
  ] as Array<[string, string[], boolean]>)('TestCheckAccessModes: %s', (_name, modes, ok) => {
    const volume = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: {}, spec: { accessModes: [RWO, RWX] } } as KObject;
    expect(checkAccessModes(makePVC('100G', (c) => (c.spec.accessModes = modes)), volume)).toBe(ok);
  });
});
