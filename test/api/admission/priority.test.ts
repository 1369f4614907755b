import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { makeSim, pod, refusal } from '../../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pods are open JSON */

/**
 * Upstream's plugin/pkg/admission/priority/admission_test.go (TestPodAdmission,
 * TestDefaultPriority, TestPriorityClassAdmission) and the PriorityClass registry's
 * validation and storage, through the simulated API server.
 */
const kubectl = { actor: 'kubectl' };
const pc = (name: string, value: number, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const withClass = (name: string, spec: Record<string, unknown> = {}): KObject => ({ ...pod(name), spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });

describe('Priority admission of pods (TestPodAdmission)', () => {
  it('a pod with no class and no global default: priority 0, PreemptLowerPriority', () => {
    const p = makeSim().api.create(pod('p'), kubectl);
    expect(p.spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(p.spec.priorityClassName).toBeUndefined();
  });

  it('a pod naming a class gets its value and preemption policy; the system classes exist from the start', () => {
    const sim = makeSim();
    sim.api.create(pc('high', 1000, { preemptionPolicy: 'Never' }), kubectl);
    expect(sim.api.create(withClass('a', { priorityClassName: 'high' }), kubectl).spec).toMatchObject({ priority: 1000, preemptionPolicy: 'Never' });
    expect(sim.api.create(withClass('b', { priorityClassName: 'system-node-critical' }), kubectl).spec.priority).toBe(2000001000);
    expect(sim.api.create(withClass('c', { priorityClassName: 'system-cluster-critical' }), kubectl).spec.priority).toBe(2000000000);
  });

  it('a class that does not exist is 403 with upstream\'s message', () => {
    const e = refusal(() => makeSim().api.create(withClass('p', { priorityClassName: 'nope' }), kubectl));
    expect(e.status).toMatchObject({ code: 403, reason: 'Forbidden', message: 'pods "p" is forbidden: no PriorityClass with name nope was found' });
  });

  it('a priority written in the spec must agree with the class (mirror pods carry kubeadm\'s 2000001000)', () => {
    const sim = makeSim();
    expect(sim.api.create(withClass('ok', { priorityClassName: 'system-node-critical', priority: 2000001000 }), kubectl).spec.priority).toBe(2000001000);
    const e = refusal(() => sim.api.create(withClass('bad', { priority: 5 }), kubectl));
    expect(e.message).toBe('pods "bad" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
  });

  it('a preemptionPolicy written in the spec must agree with the class', () => {
    const sim = makeSim();
    sim.api.create(pc('polite', 10, { preemptionPolicy: 'Never' }), kubectl);
    const e = refusal(() => sim.api.create(withClass('p', { priorityClassName: 'polite', preemptionPolicy: 'PreemptLowerPriority' }), kubectl));
    expect(e.message).toBe('pods "p" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name');
  });

  it('an update that leaves priority out keeps the one create resolved; one that changes it is refused as an immutable spec change', () => {
    const sim = makeSim();
    const p = sim.api.create(pod('p'), kubectl) as KObject;
    const spec: any = { ...p.spec };
    delete spec.priority;
    delete spec.preemptionPolicy;
    const kept = sim.api.update({ ...p, metadata: { ...p.metadata, labels: { app: 'x' } }, spec }, kubectl);
    expect(kept.spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(refusal(() => sim.api.update({ ...kept, spec: { ...kept.spec, priority: 7 } } as KObject, kubectl)).status).toMatchObject({ code: 422, reason: 'Invalid' });
  });
});

describe('the global default class (TestDefaultPriority)', () => {
  it('a pod without a class gets the default class\'s name, value and policy', () => {
    const sim = makeSim();
    sim.api.create(pc('normal', 100, { globalDefault: true, preemptionPolicy: 'Never' }), kubectl);
    expect(sim.api.create(pod('p'), kubectl).spec).toMatchObject({ priorityClassName: 'normal', priority: 100, preemptionPolicy: 'Never' });
  });

  it('only one class may be the default (TestPriorityClassAdmission); the default itself may be updated', () => {
    const sim = makeSim();
    const first = sim.api.create(pc('normal', 100, { globalDefault: true }), kubectl);
    const e = refusal(() => sim.api.create(pc('other', 50, { globalDefault: true }), kubectl));
    expect(e.status).toMatchObject({ code: 403, message: 'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as default. Only one default can exist' });
    sim.api.create(pc('low', 1), kubectl);
    expect(refusal(() => sim.api.update({ ...(sim.api.get('PriorityClass', null, 'low') as KObject), globalDefault: true }, kubectl)).status.code).toBe(403);
    expect(sim.api.update({ ...(first as KObject), description: 'the usual' }, kubectl).description).toBe('the usual');
  });
});

describe('PriorityClass registry: defaults, validation, storage', () => {
  it('the API server\'s two system classes, with upstream\'s values and descriptions, and PreemptLowerPriority', () => {
    const sim = makeSim();
    const classes = sim.api.list('PriorityClass').items.map((c) => [c.metadata.name, c.value, c.preemptionPolicy, c.description, c.globalDefault]);
    expect(classes).toEqual([
      ['system-cluster-critical', 2000000000, 'PreemptLowerPriority', 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', undefined],
      ['system-node-critical', 2000001000, 'PreemptLowerPriority', 'Used for system critical pods that must not be moved from their current node.', undefined],
    ]);
  });

  it('system- names are reserved; user classes stop at one billion', () => {
    const sim = makeSim();
    expect(refusal(() => sim.api.create(pc('system-mine', 10), kubectl)).message).toBe(
      "PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    );
    expect(refusal(() => sim.api.create(pc('huge', 1_000_000_001), kubectl)).message).toBe('PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
    expect(refusal(() => sim.api.create(pc('p', 1, { preemptionPolicy: 'Sometimes' }), kubectl)).message).toContain('preemptionPolicy: Unsupported value: "Sometimes": supported values: "Never", "PreemptLowerPriority"');
    expect(sim.api.create(pc('top', 1_000_000_000), kubectl).value).toBe(1_000_000_000);
  });

  it('value and preemptionPolicy cannot change; the system classes cannot be deleted', () => {
    const sim = makeSim();
    const c = sim.api.create(pc('c', 5), kubectl) as KObject;
    expect(refusal(() => sim.api.update({ ...c, value: 6 }, kubectl)).message).toBe('PriorityClass.scheduling.k8s.io "c" is invalid: value: Forbidden: may not be changed in an update.');
    expect(refusal(() => sim.api.update({ ...c, preemptionPolicy: 'Never' }, kubectl)).message).toContain('preemptionPolicy: Invalid value: "Never": field is immutable');
    expect(refusal(() => sim.api.delete('PriorityClass', null, 'system-node-critical', kubectl)).status).toMatchObject({
      code: 403,
      message: 'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    });
    expect(sim.api.delete('PriorityClass', null, 'c', kubectl).metadata.name).toBe('c');
  });
});
