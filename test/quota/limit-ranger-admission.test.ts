import { describe, expect, it } from 'vitest';
import { mutatePodLimits, validateLimits } from '../../core/api/admission/limit-ranger.js';
import type { KObject } from '../../core/api/types.js';
import { makeSim, pod, refusal } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * Upstream's plugin/pkg/admission/limitranger/admission_test.go: TestPodLimitFunc's
 * success and error tables (compute and ephemeral storage), TestMergePodResourceRequirements,
 * the PersistentVolumeClaim limits, and exact messages.
 */
type List = Record<string, string>;
const cm = (cpu: string, memory: string): List => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
const eph = (v: string): List => (v ? { 'ephemeral-storage': v } : {});
const E: List = {};
const lr = (type: string, min: List, max: List, def: List, defReq: List, ratio: List): KObject => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'abc', namespace: 'test' },
  spec: { limits: [{ type, min, max, default: def, defaultRequest: defReq, maxLimitRequestRatio: ratio }] },
});
const validPod = (name: string, n: number, requests: List, limits: List): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'test' },
  spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `foo-${i}`, image: `foo:V${i}`, resources: { requests: { ...requests }, limits: { ...limits } } })) },
});
const withInit = (p: KObject, ...rs: Array<[List, List]>): KObject => {
  p.spec.initContainers = rs.map(([requests, limits], i) => ({ name: `foo-${i}`, image: `foo:V${i}`, resources: { requests, limits } }));
  return p;
};
const C = 'Container';
const P = 'Pod';

const SUCCESS: Array<[KObject, KObject]> = [
  [validPod('ctr-min-cpu-request', 1, cm('100m', ''), E), lr(C, cm('50m', ''), E, E, E, E)],
  [validPod('ctr-min-cpu-request-limit', 1, cm('100m', ''), cm('200m', '')), lr(C, cm('50m', ''), E, E, E, E)],
  [validPod('ctr-min-memory-request', 1, cm('', '60Mi'), E), lr(C, cm('', '50Mi'), E, E, E, E)],
  [validPod('ctr-min-memory-request-limit', 1, cm('', '60Mi'), cm('', '100Mi')), lr(C, cm('', '50Mi'), E, E, E, E)],
  [validPod('ctr-max-cpu-request-limit', 1, cm('500m', ''), cm('1', '')), lr(C, E, cm('2', ''), E, E, E)],
  [validPod('ctr-max-cpu-limit', 1, E, cm('1', '')), lr(C, E, cm('2', ''), E, E, E)],
  [validPod('ctr-max-mem-request-limit', 1, cm('', '250Mi'), cm('', '500Mi')), lr(C, E, cm('', '1Gi'), E, E, E)],
  [validPod('ctr-max-cpu-ratio', 1, cm('500m', ''), cm('750m', '')), lr(C, E, E, E, E, cm('1.5', ''))],
  [validPod('ctr-max-mem-limit', 1, E, cm('', '500Mi')), lr(C, E, cm('', '1Gi'), E, E, E)],
  [validPod('pod-min-cpu-request', 2, cm('75m', ''), E), lr(P, cm('100m', ''), E, E, E, E)],
  [validPod('pod-min-cpu-request-limit', 2, cm('75m', ''), cm('200m', '')), lr(P, cm('100m', ''), E, E, E, E)],
  [validPod('pod-min-memory-request', 2, cm('', '60Mi'), E), lr(P, cm('', '100Mi'), E, E, E, E)],
  [validPod('pod-min-memory-request-limit', 2, cm('', '60Mi'), cm('', '100Mi')), lr(P, cm('', '100Mi'), E, E, E, E)],
  [withInit(validPod('pod-init-min-memory-request', 2, cm('', '60Mi'), E), [cm('', '100Mi'), E]), lr(P, cm('', '100Mi'), E, E, E, E)],
  [withInit(validPod('pod-init-min-memory-request-limit', 2, cm('', '60Mi'), cm('', '100Mi')), [cm('', '80Mi'), cm('', '100Mi')]), lr(P, cm('', '100Mi'), E, E, E, E)],
  [validPod('pod-max-cpu-request-limit', 2, cm('500m', ''), cm('1', '')), lr(P, E, cm('2', ''), E, E, E)],
  [validPod('pod-max-cpu-limit', 2, E, cm('1', '')), lr(P, E, cm('2', ''), E, E, E)],
  [withInit(validPod('pod-init-max-cpu-request-limit', 2, cm('500m', ''), cm('1', '')), [cm('1', ''), cm('2', '')], [cm('1', ''), cm('1', '')]), lr(P, E, cm('2', ''), E, E, E)],
  [withInit(validPod('pod-init-max-cpu-limit', 2, E, cm('1', '')), [E, cm('2', '')], [E, cm('2', '')]), lr(P, E, cm('2', ''), E, E, E)],
  [validPod('pod-max-mem-request-limit', 2, cm('', '250Mi'), cm('', '500Mi')), lr(P, E, cm('', '1Gi'), E, E, E)],
  [validPod('pod-max-mem-limit', 2, E, cm('', '500Mi')), lr(P, E, cm('', '1Gi'), E, E, E)],
  [validPod('pod-max-mem-ratio', 3, cm('', '300Mi'), cm('', '450Mi')), lr(P, E, cm('', '2Gi'), E, E, cm('', '1.5'))],
  [validPod('ctr-1-min-local-ephemeral-storage-request', 1, eph('60Mi'), E), lr(C, eph('50Mi'), E, E, E, E)],
  [validPod('ctr-1-min-local-ephemeral-storage-request-limit', 1, eph('60Mi'), eph('100Mi')), lr(C, eph('50Mi'), E, E, E, E)],
  [validPod('ctr-1-max-local-ephemeral-storage-request-limit', 1, eph('250Mi'), eph('500Mi')), lr(C, E, eph('1Gi'), E, E, E)],
  [validPod('ctr-1-max-local-ephemeral-storage-limit', 1, E, eph('500Mi')), lr(C, E, eph('1Gi'), E, E, E)],
  [validPod('ctr-2-min-local-ephemeral-storage-request', 2, eph('60Mi'), E), lr(C, eph('50Mi'), E, E, E, E)],
  [validPod('ctr-2-max-local-ephemeral-storage-request-limit', 2, eph('250Mi'), eph('500Mi')), lr(C, E, eph('600Mi'), E, E, E)],
  [validPod('pod-min-local-ephemeral-storage-request', 2, eph('60Mi'), E), lr(P, eph('100Mi'), E, E, E, E)],
  [validPod('pod-max-local-ephemeral-storage-request-limit', 2, eph('250Mi'), eph('500Mi')), lr(P, E, eph('1Gi'), E, E, E)],
  [validPod('pod-max-local-ephemeral-storage-ratio', 3, eph('300Mi'), eph('450Mi')), lr(P, E, eph('2Gi'), E, E, eph('1.5'))],
];

/** The error table, each with the message our plugin gives (upstream's test checks only that one is returned). */
const ERRORS: Array<[KObject, KObject, string]> = [
  [validPod('ctr-min-cpu-request', 1, cm('40m', ''), E), lr(C, cm('50m', ''), E, E, E, E), 'minimum cpu usage per Container is 50m, but request is 40m'],
  [validPod('ctr-min-cpu-request-limit', 1, cm('40m', ''), cm('200m', '')), lr(C, cm('50m', ''), E, E, E, E), 'minimum cpu usage per Container is 50m, but request is 40m'],
  [validPod('ctr-min-cpu-no-request-limit', 1, E, E), lr(C, cm('50m', ''), E, E, E, E), 'minimum cpu usage per Container is 50m.  No request is specified'],
  [validPod('ctr-min-memory-request', 1, cm('', '40Mi'), E), lr(C, cm('', '50Mi'), E, E, E, E), 'minimum memory usage per Container is 50Mi, but request is 40Mi'],
  [validPod('ctr-min-memory-no-request-limit', 1, E, E), lr(C, cm('', '50Mi'), E, E, E, E), 'minimum memory usage per Container is 50Mi.  No request is specified'],
  [validPod('ctr-max-cpu-request-limit', 1, cm('500m', ''), cm('2500m', '')), lr(C, E, cm('2', ''), E, E, E), 'maximum cpu usage per Container is 2, but limit is 2500m'],
  [validPod('ctr-max-cpu-limit', 1, E, cm('2500m', '')), lr(C, E, cm('2', ''), E, E, E), 'maximum cpu usage per Container is 2, but limit is 2500m'],
  [validPod('ctr-max-cpu-no-request-limit', 1, E, E), lr(C, E, cm('2', ''), E, E, E), 'maximum cpu usage per Container is 2.  No limit is specified'],
  [validPod('ctr-max-cpu-ratio', 1, cm('1250m', ''), cm('2500m', '')), lr(C, E, E, E, E, cm('1', '')), 'cpu max limit to request ratio per Container is 1, but provided ratio is 2.000000'],
  [validPod('ctr-max-mem-request-limit', 1, cm('', '250Mi'), cm('', '2Gi')), lr(C, E, cm('', '1Gi'), E, E, E), 'maximum memory usage per Container is 1Gi, but limit is 2Gi'],
  [validPod('ctr-max-mem-no-request-limit', 1, E, E), lr(C, E, cm('', '1Gi'), E, E, E), 'maximum memory usage per Container is 1Gi.  No limit is specified'],
  [validPod('pod-min-cpu-request', 1, cm('75m', ''), E), lr(P, cm('100m', ''), E, E, E, E), 'minimum cpu usage per Pod is 100m, but request is 75m'],
  [validPod('pod-min-memory-request-limit', 1, cm('', '60Mi'), cm('', '100Mi')), lr(P, cm('', '100Mi'), E, E, E, E), 'minimum memory usage per Pod is 100Mi, but request is 60Mi'],
  [validPod('pod-max-cpu-request-limit', 3, cm('500m', ''), cm('1', '')), lr(P, E, cm('2', ''), E, E, E), 'maximum cpu usage per Pod is 2, but limit is 3'],
  [validPod('pod-max-mem-limit', 3, E, cm('', '500Mi')), lr(P, E, cm('', '1Gi'), E, E, E), 'maximum memory usage per Pod is 1Gi, but limit is 1500Mi'],
  [withInit(validPod('pod-init-max-mem-limit', 1, E, cm('', '500Mi')), [E, cm('', '1.5Gi')]), lr(P, E, cm('', '1Gi'), E, E, E), 'maximum memory usage per Pod is 1Gi, but limit is 1536Mi'],
  [validPod('pod-max-mem-ratio', 3, cm('', '250Mi'), cm('', '500Mi')), lr(P, E, cm('', '2Gi'), E, E, cm('', '1.5')), 'memory max limit to request ratio per Pod is 1500m, but provided ratio is 2.000000'],
  [validPod('ctr-1-min-local-ephemeral-storage-request', 1, eph('40Mi'), E), lr(C, eph('50Mi'), E, E, E, E), 'minimum ephemeral-storage usage per Container is 50Mi, but request is 40Mi'],
];

describe('LimitRanger (upstream limitranger/admission_test.go)', () => {
  it.each(SUCCESS.map(([p, r]) => [p.metadata.name, p, r] as const))('TestPodLimitFunc success: %s', (_name, p, r) => {
    const copy = structuredClone(p);
    mutatePodLimits(copy, [r]);
    expect(validateLimits(copy, [r])).toBeUndefined();
  });

  it.each(ERRORS.map(([p, r, m]) => [p.metadata.name, p, r, m] as const))('TestPodLimitFunc error: %s', (_name, p, r, message) => {
    const copy = structuredClone(p);
    mutatePodLimits(copy, [r]);
    expect(validateLimits(copy, [r])).toBe(message);
  });

  it('several violations are reported together, as Go\'s aggregate error prints them', () => {
    const r = lr(C, cm('50m', '10Mi'), cm('1', '1Gi'), E, E, E);
    expect(validateLimits(validPod('p', 1, cm('10m', '5Mi'), cm('2', '1Gi')), [r])).toBe(
      '[minimum cpu usage per Container is 50m, but request is 10m, minimum memory usage per Container is 10Mi, but request is 5Mi, maximum cpu usage per Container is 1, but limit is 2]',
    );
  });

  it('TestMergePodResourceRequirements: defaults fill only what is unset, and the pod says what was set', () => {
    const range = lr(C, E, E, cm('75m', '10Mi'), cm('50m', '5Mi'), E);
    const empty = validPod('empty-resources', 1, E, E);
    mutatePodLimits(empty, [range]);
    expect(empty.spec.containers[0].resources).toEqual({ requests: cm('50m', '5Mi'), limits: cm('75m', '10Mi') });
    expect(empty.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container foo-0; cpu, memory limit for container foo-0');
    const some = withInit(validPod('limit-memory', 1, cm('', '512Mi'), E), [cm('', '512Mi'), E]);
    mutatePodLimits(some, [range]);
    expect(some.spec.containers[0].resources).toEqual({ requests: cm('50m', '512Mi'), limits: cm('75m', '10Mi') });
    expect(some.spec.initContainers[0].resources).toEqual({ requests: cm('50m', '512Mi'), limits: cm('75m', '10Mi') });
    expect(some.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu request for container foo-0; cpu, memory limit for container foo-0; cpu request for init container foo-0; cpu, memory limit for init container foo-0',
    );
    const full = validPod('all-set', 1, cm('100m', '512Mi'), cm('200m', '1G'));
    mutatePodLimits(full, [range]);
    expect(full.metadata.annotations).toBeUndefined();
  });

  it('PersistentVolumeClaim min/max storage on the claim\'s request', () => {
    const range: KObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'storage' }, spec: { limits: [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }] } };
    const claim = (storage?: string): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { resources: { requests: storage ? { storage } : {} } } });
    expect(validateLimits(claim('5Gi'), [range])).toBeUndefined();
    expect(validateLimits(claim('20Gi'), [range])).toBe('maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi');
    expect(validateLimits(claim('500Mi'), [range])).toBe('minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(validateLimits(claim(), [range])).toBe('[minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified, maximum storage usage per PersistentVolumeClaim is 10Gi.  No request is specified]');
  });
});

describe('LimitRange objects through the API server', () => {
  const kubectl = { actor: 'kubectl' };

  it('SetDefaults_LimitRangeItem: default falls back to max, defaultRequest to default (then min); quantities stored canonical', () => {
    const sim = makeSim();
    const created = sim.api.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', max: { cpu: '2000m', memory: '1Gi' }, min: { 'ephemeral-storage': '1Mi' } }] } }, kubectl);
    expect(created.spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { 'ephemeral-storage': '1Mi' }, default: { cpu: '2', memory: '1Gi' }, defaultRequest: { cpu: '2', memory: '1Gi', 'ephemeral-storage': '1Mi' } });
  });

  it('ValidateLimitRange: min above max, min above the defaulted request and default, a Pod item with defaults', () => {
    const sim = makeSim();
    const bad = refusal(() => sim.api.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' }, default: { cpu: '1' } }, { type: 'Pod', default: { cpu: '1' } }] } }, kubectl));
    expect(bad.status.code).toBe(422);
    expect(bad.message).toBe('LimitRange "lr" is invalid: [spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1, spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1, spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 1, spec.limits[1].default: Forbidden: may not be specified when `type` is \'Pod\']');
  });

  it('a pod over the LimitRange max is refused with 403 and upstream\'s words; a defaulted pod carries the annotation', () => {
    const sim = makeSim();
    sim.api.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', max: { cpu: '1' }, defaultRequest: { cpu: '250m' } }] } }, kubectl);
    const e = refusal(() => sim.api.create({ ...pod('big'), spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '2' } } }] } }, kubectl));
    expect(e.status).toMatchObject({ code: 403, reason: 'Forbidden', message: 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2' });
    const ok = sim.api.create(pod('small'), kubectl);
    expect((ok.spec.containers as any[])[0].resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '250m' } });
    expect(ok.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu request for container app; cpu limit for container app');
  });
});
