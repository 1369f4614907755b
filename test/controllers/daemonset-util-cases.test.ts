import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { nodeShouldRunDaemonPod } from '../../core/controllers/daemonset/node-should-run.js';
import { revisionData, revisionMatches } from '../../core/controllers/daemonset/revision-data.js';
import { addOrUpdateDaemonPodTolerations, createPodTemplate, getTargetNodeName, isPodUpdated, replaceDaemonSetPodNodeNameNodeAffinity, surgeCount, unavailableCount } from '../../core/controllers/daemonset/util/daemonset-util.js';
import { matchesRequiredNodeAffinity } from '../../core/controllers/node-affinity.js';
import { newDaemonSet, nodeObject, simpleDaemonSetLabel, simpleDaemonSetLabel2, strategies } from './daemonset-world.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- test objects are open JSON */

/*
 * Table cases ported from kubernetes/kubernetes pkg/controller/daemon (v1.32):
 * daemon_controller_test.go TestNodeShouldRunDaemonPod and util/daemonset_util_test.go.
 */

const resourcePodSpec = (nodeName: string, memory: string, cpu: string): any => ({ ...(nodeName === '' ? {} : { nodeName }), containers: [{ name: 'c', image: 'i', resources: { requests: { memory, cpu } } }] });
const hostPortPod = (memory?: string): any => ({ containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 666, hostPort: 666 }], ...(memory === undefined ? {} : { resources: { requests: { memory, cpu: '0.5' } } }) }] });
const affinity = (value: string): any => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'In', values: [value] }] }] } } });

describe('nodeShouldRunDaemonPod (TestNodeShouldRunDaemonPod)', () => {
  // The node: simpleDaemonSetLabel, 100M / 1 CPU allocatable. Resources and host ports are
  // the default scheduler's concern, not the DaemonSet controller's.
  const cases: Array<{ predicate: string; spec: any; unschedulable?: boolean; shouldRun: boolean; shouldContinueRunning: boolean }> = [
    { predicate: 'ShouldRunDaemonPod', spec: resourcePodSpec('', '50M', '0.5'), shouldRun: true, shouldContinueRunning: true },
    { predicate: 'InsufficientResourceError', spec: resourcePodSpec('', '200M', '0.5'), shouldRun: true, shouldContinueRunning: true },
    { predicate: 'ErrPodNotMatchHostName', spec: resourcePodSpec('other-node', '50M', '0.5'), shouldRun: false, shouldContinueRunning: false },
    { predicate: 'ErrPodNotFitsHostPorts', spec: hostPortPod(), shouldRun: true, shouldContinueRunning: true },
    { predicate: 'InsufficientResourceError (a host-port pod there)', spec: resourcePodSpec('', '100M', '0.5'), shouldRun: true, shouldContinueRunning: true },
    { predicate: 'ShouldRunDaemonPod (a host-port pod there)', spec: resourcePodSpec('', '50M', '0.5'), shouldRun: true, shouldContinueRunning: true },
    { predicate: 'ErrNodeSelectorNotMatch', spec: { containers: [{ name: 'c', image: 'i' }], nodeSelector: simpleDaemonSetLabel2 }, shouldRun: false, shouldContinueRunning: false },
    { predicate: 'ShouldRunDaemonPod (node selector)', spec: { containers: [{ name: 'c', image: 'i' }], nodeSelector: simpleDaemonSetLabel }, shouldRun: true, shouldContinueRunning: true },
    { predicate: 'ErrPodAffinityNotMatch', spec: { containers: [{ name: 'c', image: 'i' }], affinity: affinity('test') }, shouldRun: false, shouldContinueRunning: false },
    { predicate: 'ShouldRunDaemonPod (node affinity)', spec: { containers: [{ name: 'c', image: 'i' }], affinity: affinity('production') }, shouldRun: true, shouldContinueRunning: true },
    { predicate: 'ShouldRunDaemonPodOnUnschedulableNode', spec: resourcePodSpec('', '50M', '0.5'), unschedulable: true, shouldRun: true, shouldContinueRunning: true },
  ];
  for (const strategy of strategies()) {
    it.each(cases)(`${strategy.type}: $predicate`, ({ spec, unschedulable, shouldRun, shouldContinueRunning }) => {
      const node = nodeObject('test-node', simpleDaemonSetLabel, (n) => {
        n.status.allocatable = { memory: '100M', cpu: '1', pods: '100' };
        if (unschedulable === true) n.spec.unschedulable = true;
      });
      const ds = newDaemonSet('ds', { updateStrategy: strategy }, {});
      ds.spec.template.spec = spec;
      expect(nodeShouldRunDaemonPod(node, ds)).toEqual({ shouldRun, shouldContinueRunning });
    });
  }

  it('taints: an untolerated NoSchedule keeps new pods away but not the running one; NoExecute removes it; the daemon tolerations cover node problems', () => {
    const ds = newDaemonSet('ds');
    const taint = (key: string, effect: string): KObject => nodeObject('n', undefined, (n) => (n.spec.taints = [{ key, value: 'user1', effect }]));
    expect(nodeShouldRunDaemonPod(taint('dedicated', 'NoSchedule'), ds)).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(nodeShouldRunDaemonPod(taint('dedicated', 'NoExecute'), ds)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    for (const [key, effect] of [
      ['node.kubernetes.io/not-ready', 'NoExecute'],
      ['node.kubernetes.io/unreachable', 'NoExecute'],
      ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
      ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
      ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
      ['node.kubernetes.io/unschedulable', 'NoSchedule'],
    ] as const) {
      expect(nodeShouldRunDaemonPod(nodeObject('n', undefined, (n) => (n.spec.taints = [{ key, effect }])), ds)).toEqual({ shouldRun: true, shouldContinueRunning: true });
    }
    // network-unavailable only for host-network daemons.
    const netDown = nodeObject('n', undefined, (n) => (n.spec.taints = [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]));
    expect(nodeShouldRunDaemonPod(netDown, ds).shouldRun).toBe(false);
    const hostNet = newDaemonSet('ds', {}, { hostNetwork: true });
    expect(nodeShouldRunDaemonPod(netDown, hostNet).shouldRun).toBe(true);
  });
});

describe('util: daemonset_util_test.go', () => {
  const pod = (labels: Record<string, string> | undefined): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod1', namespace: 'default', ...(labels === undefined ? {} : { labels }) }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'foo/bar' }] } });
  const gen = 12345;
  const hash = '55555';
  const labels = { 'pod-template-generation': String(gen), 'controller-revision-hash': hash };
  const labelsNoHash = { 'pod-template-generation': String(gen) };
  it.each([
    { test: 'templateGeneration and hash both match', generation: gen, labels, hash, want: true },
    { test: "templateGeneration matches, hash doesn't", generation: gen, labels, hash: hash + '123', want: true },
    { test: 'templateGeneration matches, no hash label, has hash', generation: gen, labels: labelsNoHash, hash, want: true },
    { test: 'templateGeneration matches, no hash label, no hash', generation: gen, labels: labelsNoHash, hash: '', want: true },
    { test: 'templateGeneration matches, has hash label, no hash', generation: gen, labels, hash: '', want: true },
    { test: "templateGeneration doesn't match, hash does", generation: gen + 1, labels, hash, want: true },
    { test: "templateGeneration and hash don't match", generation: gen + 1, labels, hash: hash + '123', want: false },
    { test: 'empty labels, no hash', generation: gen, labels: {}, hash: '', want: false },
    { test: 'empty labels', generation: gen, labels: {}, hash, want: false },
    { test: 'no labels', generation: gen, labels: undefined, hash, want: false },
  ])('TestIsPodUpdated: $test', ({ generation, labels: l, hash: h, want }) => {
    expect(isPodUpdated(pod(l), h, generation)).toBe(want);
  });

  it.each([
    { generation: 1, hash: '', expectUniqueLabel: false },
    { generation: 2, hash: '3242341807', expectUniqueLabel: true },
  ])('TestCreatePodTemplate: generation $generation, hash "$hash"', ({ generation, hash: h, expectUniqueLabel }) => {
    const t = createPodTemplate({}, generation, h);
    expect(t.metadata.labels['pod-template-generation']).toBe(String(generation));
    if (expectUniqueLabel) expect(t.metadata.labels['controller-revision-hash']).toBe(h);
    else expect(t.metadata.labels).not.toHaveProperty('controller-revision-hash');
  });

  const byName = (values: string[], operator = 'In', key = 'metadata.name'): any => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key, operator, values }] }] } } });
  const hostnameExpr = { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['host_1'] }] };
  it.each([
    { name: 'nil affinity', affinity: undefined, want: byName(['host_1']) },
    { name: 'a hostname expression is replaced', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [hostnameExpr] } } }, want: byName(['host_1']) },
    {
      name: 'preferred terms stay',
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ preference: hostnameExpr }] } },
      want: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ preference: hostnameExpr }], requiredDuringSchedulingIgnoredDuringExecution: byName(['host_1']).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution } },
    },
    { name: 'two names become one', affinity: byName(['host_1', 'host_2']), want: byName(['host_1']) },
    { name: 'nil affinity again', affinity: undefined, want: byName(['host_1']) },
    { name: 'two terms become one', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'hostname', operator: 'In', values: ['host_1'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host_2'] }] }] } } }, want: byName(['host_1']) },
    { name: 'NotIn becomes In', affinity: byName(['host_2'], 'NotIn'), want: byName(['host_1']) },
    { name: 'an unknown field key (metadata.foo) is replaced too', affinity: byName(['bar'], 'In', 'metadata.foo'), want: byName(['host_1']) },
  ])('TestReplaceDaemonSetPodNodeNameNodeAffinity: $name', ({ affinity: a, want }) => {
    expect(replaceDaemonSetPodNodeNameNodeAffinity(a, 'host_1')).toEqual(want);
  });

  it.each([
    { pod: { spec: { nodeName: 'node-1' } }, want: 'node-1' },
    { pod: { spec: { affinity: byName(['node-1']) } }, want: 'node-1' },
    { pod: { spec: { affinity: byName(['node-1', 'node-2']) } }, error: "the matchFields value of 'metadata.name' is not unique for pod default/pod3" },
    { pod: { spec: {} }, error: 'no spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution for pod default/pod4' },
  ])('TestGetTargetNodeName: %#', ({ pod: p, want, error }) => {
    const name = `pod${want !== undefined ? (p.spec.nodeName !== undefined ? 1 : 2) : p.spec.affinity !== undefined ? 3 : 4}`;
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, ...p } as KObject;
    if (error !== undefined) expect(() => getTargetNodeName(obj)).toThrow(error);
    else expect(getTargetNodeName(obj)).toBe(want);
  });

  it('SurgeCount and UnavailableCount round percentages up; OnDelete allows neither', () => {
    const ds = (strategy: any): KObject => newDaemonSet('x', { updateStrategy: strategy });
    expect(unavailableCount(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } }), 15)).toBe(2);
    expect(surgeCount(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } }), 15)).toBe(2);
    expect(unavailableCount(ds({ type: 'OnDelete' }), 15)).toBe(0);
    expect(surgeCount(ds({ type: 'OnDelete' }), 15)).toBe(0);
  });

  it('AddOrUpdateDaemonPodTolerations: a pod\'s own 300 s not-ready toleration is replaced by the infinite one only when it is the same toleration', () => {
    const spec: any = { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { operator: 'Exists' }] };
    addOrUpdateDaemonPodTolerations(spec);
    expect(spec.tolerations[0]).toEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
    expect(spec.tolerations[1]).toEqual({ operator: 'Exists' });
    expect(spec.tolerations.map((t: any) => t.key)).toEqual(['node.kubernetes.io/not-ready', undefined, 'node.kubernetes.io/unreachable', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/unschedulable']);
    // Applied twice, nothing changes.
    const again = structuredClone(spec);
    addOrUpdateDaemonPodTolerations(again);
    expect(again).toEqual(spec);
  });
});

describe('ControllerRevision data (update.go getPatch and Match)', () => {
  it('is the template as a replacing strategic merge patch, keys sorted at every level, creationTimestamp null', () => {
    const ds = newDaemonSet('ds');
    ds.spec.template.metadata = { labels: { z: '1', a: '2' }, annotations: { note: 'x' } };
    expect(JSON.stringify(revisionData(ds))).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"note":"x"},"creationTimestamp":null,"labels":{"a":"2","z":"1"}},"spec":{"containers":[{"image":"foo/bar","imagePullPolicy":"IfNotPresent","name":"foo"}],"dnsPolicy":"Default"}}}}',
    );
  });

  it('matches the same template whatever its key order or explicit nulls, and no other', () => {
    const ds = newDaemonSet('ds');
    const revision = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, data: revisionData(ds) } as KObject;
    const reordered = newDaemonSet('ds');
    reordered.spec.template = { spec: { dnsPolicy: 'Default', containers: [{ name: 'foo', imagePullPolicy: 'IfNotPresent', image: 'foo/bar' }] }, metadata: { creationTimestamp: null, labels: { type: 'production', name: 'simple-daemon' } } };
    expect(revisionMatches(reordered, revision)).toBe(true);
    const other = newDaemonSet('ds');
    other.spec.template.spec.containers[0].image = 'foo/bar:2';
    expect(revisionMatches(other, revision)).toBe(false);
  });
});

describe('node affinity (component-helpers nodeaffinity)', () => {
  const node = nodeObject('node-2', { zone: 'a', size: '10' });
  const podWith = (terms: any[] | undefined, nodeSelector?: Record<string, string>): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { ...(nodeSelector ? { nodeSelector } : {}), ...(terms ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } : {}) },
  });
  it.each([
    { name: 'no affinity', terms: undefined, want: true },
    { name: 'no terms select no node', terms: [], want: false },
    { name: 'an empty term selects nothing', terms: [{}], want: false },
    { name: 'matchFields metadata.name In [node-2]', terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }], want: true },
    { name: 'matchFields metadata.name In [node-3]', terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-3'] }] }], want: false },
    { name: 'matchFields NotIn [node-3]', terms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-3'] }] }], want: true },
    { name: 'matchFields with two values does not parse', terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2', 'node-3'] }] }], want: false },
    { name: 'terms are ORed', terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-3'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }], want: true },
    { name: 'requirements of a term are ANDed', terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-3'] }] }], want: false },
    { name: 'Gt on an integer label', terms: [{ matchExpressions: [{ key: 'size', operator: 'Gt', values: ['9'] }] }], want: true },
    { name: 'Lt on an integer label', terms: [{ matchExpressions: [{ key: 'size', operator: 'Lt', values: ['9'] }] }], want: false },
    { name: 'DoesNotExist', terms: [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }], want: true },
  ])('$name: $want', ({ terms, want }) => {
    expect(matchesRequiredNodeAffinity(podWith(terms), node)).toBe(want);
  });

  it('the nodeSelector must match as well', () => {
    expect(matchesRequiredNodeAffinity(podWith(undefined, { zone: 'b' }), node)).toBe(false);
    expect(matchesRequiredNodeAffinity(podWith([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }], { zone: 'a' }), node)).toBe(true);
  });
});
