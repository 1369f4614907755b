import { describe, expect, it } from 'vitest';
import { computePodQOS } from '../../core/api/qos.js';
import { formatQuantity } from '../../core/api/quantity-format.js';
import { nodeResources } from '../../core/sim/node-allocatable.js';
import { deployment, makeSim, pod, refusal } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON */

const kubectl = { actor: 'kubectl' };
const withResources = (resources: any, more: any[] = []): any => ({ containers: [{ name: 'app', image: 'nginx:1.27', resources }, ...more] });

describe('requests and limits at the API server', () => {
  it('a pod with limits only gets equal requests (SetDefaults_Pod) and is Guaranteed', () => {
    const sim = makeSim();
    const p = sim.api.create(pod('g', withResources({ limits: { cpu: '500m', memory: '128Mi' } })), kubectl);
    expect(p.spec?.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
    expect(p.status?.qosClass).toBe('Guaranteed');
  });

  it("a Deployment's template keeps limits without requests; its pods get the requests", () => {
    const sim = makeSim();
    const d = deployment('web');
    d.spec.template.spec.containers[0].resources = { limits: { memory: '256Mi' } };
    const stored = sim.api.create(d, kubectl);
    expect(stored.spec?.template.spec.containers[0].resources).toEqual({ limits: { memory: '256Mi' } });
  });

  it('a request above its limit is 422 with upstream\'s field path and wording', () => {
    const sim = makeSim();
    const err = refusal(() => sim.api.create(pod('p', withResources({ requests: { memory: '256Mi' }, limits: { memory: '128Mi' } })), kubectl));
    expect(err.code).toBe(422);
    expect(err.message).toBe('Pod "p" is invalid: spec.containers[0].resources.requests[memory]: Invalid value: "256Mi": must be less than or equal to memory limit of 128Mi');
  });

  it('a request equal to its limit written differently is accepted (0.5 and 500m), a larger cpu request is not', () => {
    const sim = makeSim();
    expect(() => sim.api.create(pod('a', withResources({ requests: { cpu: '0.5' }, limits: { cpu: '500m' } })), kubectl)).not.toThrow();
    const err = refusal(() => sim.api.create(pod('b', withResources({ requests: { cpu: '2' }, limits: { cpu: '1500m' } })), kubectl));
    expect(err.message).toContain('spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1500m');
  });

  it('an unparsable or negative quantity names its field', () => {
    const sim = makeSim();
    expect(refusal(() => sim.api.create(pod('a', withResources({ limits: { memory: 'lots' } })), kubectl)).message).toContain('spec.containers[0].resources.limits[memory]: Invalid value: "lots": quantities must match the regular expression');
    expect(refusal(() => sim.api.create(pod('b', withResources({ requests: { cpu: '-1' } })), kubectl)).message).toContain('spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0');
  });
});

describe('QoS class (ComputePodQOS)', () => {
  it('BestEffort: nothing set, or only zeros', () => {
    expect(computePodQOS(withResources({}))).toBe('BestEffort');
    expect(computePodQOS(withResources({ requests: { cpu: '0', memory: '0' } }))).toBe('BestEffort');
  });

  it('Guaranteed needs cpu and memory limits equal to requests in every container, compared as quantities', () => {
    const g = { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '500m', memory: '1024Mi' } };
    expect(computePodQOS(withResources(g))).toBe('Guaranteed');
    expect(computePodQOS(withResources(g, [{ name: 'side', image: 'x', resources: {} }]))).toBe('Burstable');
    expect(computePodQOS(withResources({ requests: { memory: '1Gi' }, limits: { memory: '1Gi' } }))).toBe('Burstable');
    expect(computePodQOS(withResources({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } }))).toBe('Burstable');
  });

  it('init containers count; ephemeral-storage does not', () => {
    const g = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };
    expect(computePodQOS({ ...withResources(g), initContainers: [{ name: 'init', image: 'x', resources: { requests: { cpu: '100m' } } }] })).toBe('Burstable');
    expect(computePodQOS(withResources({ requests: { 'ephemeral-storage': '1Gi' } }))).toBe('BestEffort');
  });
});

describe('quantities and node allocatable', () => {
  it('prints quantities in their canonical form', () => {
    expect(formatQuantity(8 * 2 ** 30 - 100 * 2 ** 20, 'BinarySI')).toBe('8092Mi');
    expect(formatQuantity(1536, 'BinarySI')).toBe('1536');
    // Below 1024 a BinarySI quantity prints as DecimalSI (CanonicalizeBytes): 1000 bytes is "1k".
    expect(formatQuantity(1000, 'BinarySI')).toBe('1k');
    expect(formatQuantity(0.5, 'DecimalSI')).toBe('500m');
    expect(formatQuantity(1500, 'DecimalSI')).toBe('1500');
    expect(formatQuantity(2000, 'DecimalSI')).toBe('2k');
  });

  it('a kubeadm node: allocatable memory is capacity - 100Mi, ephemeral-storage - 10% (through float32), cpu and pods as capacity', () => {
    const { capacity, allocatable } = nodeResources('4', '8Gi', 110);
    expect(capacity).toEqual({ cpu: '4', 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8Gi', pods: '110' });
    expect(allocatable).toEqual({ cpu: '4', 'ephemeral-storage': '96636764000', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8092Mi', pods: '110' });
  });

  it('the simulated Node carries them, and the scheduler fits pods against allocatable, not capacity', () => {
    const sim = makeSim(1);
    const node = sim.api.get('Node', null, 'node-1');
    expect(node.status?.allocatable.memory).toBe('8092Mi');
    expect(node.status?.capacity.memory).toBe('8Gi');
  });
});
