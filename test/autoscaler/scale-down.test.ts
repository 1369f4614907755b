import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { drainable, PdbTracker } from '../../core/autoscaler/drainability.js';
import { findUnneeded } from '../../core/autoscaler/scale-down-planner.js';
import { Snapshot } from '../../core/autoscaler/snapshot.js';
import { nodeUtilization, utilizationText } from '../../core/autoscaler/utilization.js';
import type { NodeGroupSpec } from '../../core/scenario/types.js';
import { owned, testNode, testPod } from './fixtures.js';

const MiB = 1024 * 1024;
const pdb = (allowed: number, ns = 'universe'): KObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: ns }, spec: { selector: { matchLabels: { app: 'estimatee' } } }, status: { disruptionsAllowed: allowed } });
const at = (pod: KObject, node: string): KObject => ({ ...pod, spec: { ...pod.spec, nodeName: node } });
const rs = (name: string, cpu: number, mem = 0, extra: Partial<KObject> = {}): KObject => {
  const base = testPod(name, cpu, mem, extra);
  return { ...base, metadata: { ...base.metadata, ...owned('ReplicaSet').metadata, name, uid: `uid-${name}` } };
};
const check = (pod: KObject, pdbs: KObject[] = []) => drainable(pod, new PdbTracker(pdbs), 0, () => 0);

// Ported from cluster-autoscaler-1.32 simulator/drainability/rules/*/rule_test.go and utils/drain tests: each rule's
// verdict on one pod, in the default rule order with skip-nodes-with-system-pods and -local-storage true.
describe('drainability rules (upstream rules/*_test.go)', () => {
  it('a replicated pod moves; one without a controller blocks as NotReplicated', () => {
    expect(check(rs('web', 100))).toEqual({ kind: 'move' });
    expect(check(testPod('bare', 100, 0))).toEqual({ kind: 'blocked', reason: 'NotReplicated', message: 'universe/bare is not replicated' });
  });

  it('DaemonSet and mirror pods do not block and are not moved', () => {
    expect(check({ ...testPod('ds', 100, 0), ...owned('DaemonSet') } as KObject).kind).toBe('skip');
    expect(check(testPod('mirror', 100, 0, { metadata: { name: 'mirror', annotations: { 'kubernetes.io/config.mirror': 'abc' } } }))).toEqual({ kind: 'skip' });
  });

  it('a kube-system pod without a PDB blocks; with one it moves', () => {
    const sys = rs('coredns', 100, 0, { metadata: { name: 'coredns', namespace: 'kube-system', labels: { app: 'estimatee' } } });
    expect(check(sys)).toMatchObject({ kind: 'blocked', reason: 'UnmovableKubeSystemPod', message: 'non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: coredns' });
    expect(check(sys, [pdb(1, 'kube-system')])).toEqual({ kind: 'move' });
  });

  it('local storage (emptyDir on disk, hostPath) blocks; a memory emptyDir or one listed as safe does not', () => {
    const vol = (v: unknown, ann: Record<string, string> = {}): KObject => rs('db', 100, 0, { metadata: { name: 'db', annotations: ann }, spec: { containers: [], volumes: [v] } });
    expect(check(vol({ name: 'data', emptyDir: {} }))).toMatchObject({ reason: 'LocalStorageRequested', message: 'pod with local storage present: db' });
    expect(check(vol({ name: 'data', hostPath: { path: '/x' } }))).toMatchObject({ reason: 'LocalStorageRequested' });
    expect(check(vol({ name: 'data', emptyDir: { medium: 'Memory' } }))).toEqual({ kind: 'move' });
    expect(check(vol({ name: 'data', emptyDir: {} }, { 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes': 'data' }))).toEqual({ kind: 'move' });
  });

  it('safe-to-evict "true" moves even a bare pod; "false" blocks a replicated one', () => {
    expect(check(testPod('bare', 100, 0, { metadata: { name: 'bare', annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } } }))).toEqual({ kind: 'move' });
    expect(check(rs('web', 100, 0, { metadata: { name: 'web', annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } } }))).toMatchObject({ reason: 'NotSafeToEvictAnnotation', message: 'pod annotated as not safe to evict present: web' });
  });

  it('a PDB with no disruption left blocks as NotEnoughPdb', () => {
    expect(check(rs('web', 100), [pdb(0)])).toMatchObject({ reason: 'NotEnoughPdb', message: 'not enough pod disruption budget to move universe/web' });
    expect(check(rs('web', 100), [pdb(1)])).toEqual({ kind: 'move' });
  });

  it('a pod past deletionTimestamp + grace + 30 s is long-terminating and skipped', () => {
    const pod = rs('old', 100, 0, { metadata: { name: 'old', deletionTimestamp: 'T' }, spec: { containers: [], terminationGracePeriodSeconds: 30 } });
    expect(drainable(pod, new PdbTracker([]), 60_000, () => 0).kind).toBe('move');
    expect(drainable(pod, new PdbTracker([]), 60_001, () => 0).kind).toBe('skip');
  });
});

describe('utilization (upstream utilization.Calculate)', () => {
  it('is the higher of cpu and memory requests over allocatable', () => {
    const node = testNode('n', 4000, 8192);
    const u = nodeUtilization(node, [rs('a', 500, 1024 * MiB), rs('b', 500, 1024 * MiB)]);
    expect(u).toEqual({ cpu: 0.25, memory: 0.25, utilization: 0.25, resource: 'memory' });
    expect(utilizationText(nodeUtilization(node, [rs('a', 500, 256 * MiB)]))).toBe('{0.125 0.03125 0 0 cpu 0.125}');
  });
});

const group: NodeGroupSpec = { name: 'pool', min: 0, max: 10, shape: { cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] }, provisioningDelayMs: 60_000 };

function plan(nodes: Array<[KObject, KObject[], NodeGroupSpec | undefined]>, pdbs: KObject[] = []) {
  const snapshot = new Snapshot();
  for (const [n, pods] of nodes) {
    snapshot.addNode(n);
    for (const p of pods) snapshot.addPod(p, n.metadata.name ?? '');
  }
  return findUnneeded({
    nodes: nodes.map(([node, pods, g]) => ({ node, group: g, pods })),
    snapshot,
    pdbs: new PdbTracker(pdbs),
    threshold: 0.5,
    nowMs: 0,
    virtualOf: () => 0,
    beingDeleted: () => false,
  });
}

// After cluster-autoscaler-1.32 simulator/cluster_test.go TestFindNodesToRemove and planner tests: which nodes are
// unneeded and why the others are kept.
describe('scale-down planner (upstream TestFindNodesToRemove)', () => {
  it('an empty node and a drainable under-utilized node are unneeded; a full one is NotUnderutilized', () => {
    const empty = testNode('n1', 4000, 8192);
    const drain = testNode('n2', 4000, 8192);
    const full = testNode('n3', 4000, 8192);
    const r = plan([[empty, [], group], [drain, [at(rs('p1', 500), 'n2')], group], [full, [at(rs('p2', 2500), 'n3')], group]]);
    expect(r.unneeded.map((u) => [u.node.metadata.name, u.podsToMove.map((p) => p.metadata.name)])).toEqual([['n1', []], ['n2', ['p1']]]);
    expect(r.unremovable.get('n3')).toEqual({ reason: 'NotUnderutilized' });
  });

  it('a node outside any node group is NotAutoscaled', () => {
    expect(plan([[testNode('n1', 4000, 8192), [], undefined]]).unremovable.get('n1')).toEqual({ reason: 'NotAutoscaled' });
  });

  it('pods that fit nowhere else keep their node (NoPlaceToMovePods), and the trial placement is undone', () => {
    // n1 (2 pods max, full): A (300m) would fit on n2 (400m free), B (150m, only for n2) then does not: n1 is kept.
    const n1 = testNode('n1', 1000, 8192, 2);
    const n2 = testNode('n2', 2000, 8192, 110, { labels: { pool: 'big' } });
    const n3 = testNode('n3', 1000, 8192);
    const a = at(rs('a', 300), 'n1');
    const b = at(rs('b', 150, 0, { metadata: { name: 'b' }, spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '150m' } } }], nodeSelector: { pool: 'big' } } }), 'n1');
    const r = plan([[n1, [a, b], group], [n2, [at(rs('d', 1600), 'n2')], group], [n3, [at(rs('c', 350), 'n3')], group]]);
    expect(r.unremovable.get('n1')).toEqual({ reason: 'NoPlaceToMovePods' });
    expect(r.unremovable.get('n2')).toEqual({ reason: 'NotUnderutilized' });
    // C (350m) fits on n2 only if A's trial placement there was taken back (400m free, not 100m).
    expect(r.unneeded.map((u) => u.node.metadata.name)).toEqual(['n3']);
  });

  it('a PDB counts all of a node\'s pods together, and a node found unneeded uses up its budget', () => {
    const pods = (node: string, n: number): KObject[] => Array.from({ length: n }, (_, i) => at(rs(`${node}-p${i}`, 100), node));
    const r = plan([[testNode('n1', 4000, 8192), pods('n1', 2), group], [testNode('n2', 4000, 8192), pods('n2', 1), group], [testNode('n3', 4000, 8192), pods('n3', 1), group], [testNode('big', 4000, 8192), [], undefined]], [pdb(2)]);
    expect(r.unneeded.map((u) => u.node.metadata.name)).toEqual(['n1']);
    expect(r.unremovable.get('n2')).toEqual({ reason: 'BlockedByPod', detail: 'not enough pod disruption budget to move universe/n2-p0' });
  });

  it('a pod without a controller blocks with its reason', () => {
    const r = plan([[testNode('n1', 4000, 8192), [at(testPod('bare', 100, 0), 'n1')], group], [testNode('n2', 4000, 8192), [], group]]);
    expect(r.unremovable.get('n1')).toEqual({ reason: 'BlockedByPod', detail: 'universe/bare is not replicated' });
  });
});
