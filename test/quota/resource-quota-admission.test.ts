import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { checkRequest, type QuotaDecision } from '../../core/quota/check-request.js';
import { evaluatorFor } from '../../core/quota/registry.js';
import { toJson } from '../../core/quota/resources.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * Upstream's plugin/pkg/admission/resourcequota/admission_test.go, case by case, against
 * checkRequest: the quota's status as the test's fixture, the request, and what the
 * plugin writes back (status.used) or the error it returns.
 */
const quota = (name: string, hard: Record<string, string>, used: Record<string, string>, scopes?: string[]): KObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: 'test' },
  spec: { hard, ...(scopes ? { scopes } : {}) },
  status: { hard, used },
});
/** validPod: `n` containers with the same requests and limits. */
const validPod = (name: string, n: number, requests: Record<string, string> = {}, limits: Record<string, string> = {}, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'test' },
  spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: `foo:V${i}`, resources: { requests, limits } })), ...spec },
});
const res = (cpu: string, memory: string): Record<string, string> => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
const service = (type: string, ports: number): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'service', namespace: 'test' }, spec: { type, ports: Array.from({ length: ports }, (_, i) => ({ port: 1234 + i })) } });
const pvc = (storage: string): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pvc', namespace: 'test' }, spec: { resources: { requests: { storage } } } });

function check(quotas: KObject[], obj: KObject, old?: KObject): QuotaDecision {
  const evaluator = evaluatorFor(obj.kind);
  if (evaluator === undefined) throw new Error(`no evaluator for ${obj.kind}`);
  return checkRequest(quotas, { evaluator, obj, ...(old ? { old } : {}), now: 0, virtualOf: () => Number.NaN });
}
function charged(d: QuotaDecision): Array<{ name: string; used: Record<string, string> }> {
  if ('refused' in d) throw new Error(`refused: ${d.refused}`);
  return d.charges.map((c) => ({ name: c.quota.metadata.name ?? '', used: toJson(c.used) }));
}
function refused(d: QuotaDecision): string {
  if (!('refused' in d)) throw new Error('admitted');
  return d.refused;
}

const compute = () => quota('quota', { cpu: '3', memory: '100Gi', pods: '5' }, { cpu: '1', memory: '50Gi', pods: '3' });

describe('ResourceQuota admission (upstream admission_test.go)', () => {
  it('TestAdmitBelowQuotaLimit: the pod is charged, cpu 1 -> 1100m, memory 50Gi -> 52Gi, pods 3 -> 4', () => {
    expect(charged(check([compute()], validPod('allowed-pod', 1, res('100m', '2Gi'))))).toEqual([{ name: 'quota', used: { cpu: '1100m', memory: '52Gi', pods: '4' } }]);
  });

  it('TestAdmitExceedQuotaLimit: 3 more cpu on top of 1 of 3 is refused, naming only what is exceeded', () => {
    expect(refused(check([compute()], validPod('not-allowed-pod', 1, res('3', '2Gi'))))).toBe('exceeded quota: quota, requested: cpu=3, used: cpu=1, limited: cpu=3');
  });

  it('TestAdmitEnforceQuotaConstraints: a quota on limits.memory makes every container set it', () => {
    const q = quota('quota', { cpu: '3', memory: '100Gi', 'limits.memory': '200Gi', pods: '5' }, { cpu: '1', memory: '50Gi', 'limits.memory': '100Gi', pods: '3' });
    expect(refused(check([q], validPod('not-allowed-pod', 1, res('100m', '2Gi'), res('200m', ''))))).toBe('failed quota: quota: must specify limits.memory for: c0');
  });

  it('constraints name every missing resource with its containers, resources sorted (the brief\'s example)', () => {
    const q = quota('compute', { 'limits.cpu': '4', 'limits.memory': '4Gi', pods: '5' }, { 'limits.cpu': '0', 'limits.memory': '0', pods: '0' });
    const web = validPod('web', 2);
    expect(refused(check([q], web))).toBe('failed quota: compute: must specify limits.cpu for: c0,c1; limits.memory for: c0,c1');
  });

  it('TestAdmitPodInNamespaceWithoutQuota: no quota of the namespace, nothing to check (the store lists by namespace)', () => {
    expect(charged(check([], validPod('allowed-pod', 1, res('100m', '2Gi'), res('200m', ''))))).toEqual([]);
  });

  it('TestAdmitBelowTerminatingQuotaLimit: a pod with activeDeadlineSeconds is charged to the Terminating quota only', () => {
    const nonTerminating = quota('quota-non-terminating', { cpu: '3', memory: '100Gi', pods: '5' }, { cpu: '1', memory: '50Gi', pods: '3' }, ['NotTerminating']);
    const terminating = quota('quota-terminating', { cpu: '3', memory: '100Gi', pods: '5' }, { cpu: '1', memory: '50Gi', pods: '3' }, ['Terminating']);
    const p = validPod('allowed-pod', 1, res('100m', '2Gi'), {}, { activeDeadlineSeconds: 30 });
    expect(charged(check([nonTerminating, terminating], p))).toEqual([{ name: 'quota-terminating', used: { cpu: '1100m', memory: '52Gi', pods: '4' } }]);
  });

  it('TestAdmitBelowBestEffortQuotaLimit: a pod without requests is charged to the BestEffort quota only', () => {
    const be = quota('quota-besteffort', { pods: '5' }, { pods: '3' }, ['BestEffort']);
    const notBe = quota('quota-not-besteffort', { pods: '5' }, { pods: '3' }, ['NotBestEffort']);
    expect(charged(check([be, notBe], validPod('allowed-pod', 1)))).toEqual([{ name: 'quota-besteffort', used: { pods: '4' } }]);
  });

  it('TestAdmitBestEffortQuotaLimitIgnoresBurstable: a Burstable pod matches no BestEffort quota', () => {
    expect(charged(check([quota('quota-besteffort', { pods: '5' }, { pods: '3' }, ['BestEffort'])], validPod('allowed-pod', 1, res('100m', '1Gi'))))).toEqual([]);
  });

  it('TestAdmitRejectsNegativeUsage: a claim of -1Gi is refused, one of 1Gi charged', () => {
    const q = quota('quota', { persistentvolumeclaims: '3', 'requests.storage': '100Gi' }, { persistentvolumeclaims: '1', 'requests.storage': '10Gi' });
    expect(refused(check([q], pvc('-1Gi')))).toBe('quota usage is negative for resource(s): requests.storage');
    expect(charged(check([q], pvc('1Gi')))).toEqual([{ name: 'quota', used: { persistentvolumeclaims: '2', 'requests.storage': '11Gi' } }]);
  });

  it('TestAdmitWhenUnrelatedResourceExceedsQuota: services over their limit do not stop a pod', () => {
    const q = quota('quota', { services: '3', pods: '4' }, { services: '4', pods: '1' });
    expect(charged(check([q], validPod('allowed-pod', 1)))).toEqual([{ name: 'quota', used: { pods: '2', services: '4' } }]);
  });

  it('TestAdmitHandlesOldObjects: a LoadBalancer Service turned NodePort gains a node port and keeps its load balancer count (never negative)', () => {
    const q = quota('quota', { services: '10', 'services.loadbalancers': '10', 'services.nodeports': '10' }, { services: '1', 'services.loadbalancers': '1', 'services.nodeports': '0' });
    expect(charged(check([q], service('NodePort', 1), service('LoadBalancer', 0)))).toEqual([
      { name: 'quota', used: { services: '1', 'services.loadbalancers': '1', 'services.nodeports': '1' } },
    ]);
  });

  it('TestAdmitHandlesNegativePVCUpdates: shrinking a claim charges nothing', () => {
    const q = quota('quota', { persistentvolumeclaims: '3', 'requests.storage': '100Gi' }, { persistentvolumeclaims: '1', 'requests.storage': '10Gi' });
    expect(charged(check([q], pvc('5Gi'), pvc('10Gi')))).toEqual([]);
  });

  it('TestAdmitHandlesPVCUpdates: growing a claim from 10Gi to 15Gi charges 5Gi', () => {
    const q = quota('quota', { persistentvolumeclaims: '3', 'requests.storage': '100Gi' }, { persistentvolumeclaims: '1', 'requests.storage': '10Gi' });
    expect(charged(check([q], pvc('15Gi'), pvc('10Gi')))).toEqual([{ name: 'quota', used: { persistentvolumeclaims: '1', 'requests.storage': '15Gi' } }]);
  });

  it('a quota the controller has not synced (no status.hard) limits nothing; one without used is "status unknown"', () => {
    const fresh: KObject = { ...compute(), status: {} };
    expect(charged(check([fresh], validPod('p', 1, res('100m', '2Gi'))))).toEqual([]);
    const noUsed: KObject = { ...compute(), status: { hard: { pods: '5' } } };
    expect(refused(check([noUsed], validPod('p', 1)))).toBe('status unknown for quota: quota, resources: pods');
  });

  it('object counts: count/<resource>.<group> and the legacy names, charged on create only', () => {
    const q = quota('counts', { 'count/deployments.apps': '1', configmaps: '2', 'count/configmaps': '2' }, { 'count/deployments.apps': '1', configmaps: '0', 'count/configmaps': '0' });
    const deploy: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'test' }, spec: {} };
    expect(refused(check([q], deploy))).toBe('exceeded quota: counts, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1');
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'test' } };
    expect(charged(check([q], cm))[0]?.used).toEqual({ configmaps: '1', 'count/configmaps': '1', 'count/deployments.apps': '1' });
    expect(evaluatorFor('ConfigMap')?.handles('update')).toBe(false);
  });

  it('a PriorityClass scope selector charges only pods of the named classes', () => {
    const q: KObject = { ...quota('high', { pods: '1' }, { pods: '1' }), spec: { hard: { pods: '1' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } } };
    expect(refused(check([q], validPod('a', 1, {}, {}, { priorityClassName: 'high' })))).toBe('exceeded quota: high, requested: pods=1, used: pods=1, limited: pods=1');
    expect(charged(check([q], validPod('b', 1, {}, {}, { priorityClassName: 'low' })))).toEqual([]);
  });

  it('init containers count when larger than the app containers (PodRequests), sidecars add up', () => {
    const q = quota('quota', { 'requests.cpu': '10' }, { 'requests.cpu': '0' });
    const p = validPod('p', 2, res('100m', ''));
    (p.spec as any).initContainers = [
      { name: 'init', image: 'x', resources: { requests: { cpu: '1' } } },
      { name: 'sidecar', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
    ];
    // containers 200m + sidecar 50m = 250m; the init container alone needs 1 (before the sidecar starts): 1 wins.
    expect(charged(check([q], p))[0]?.used['requests.cpu']).toBe('1');
  });
});
