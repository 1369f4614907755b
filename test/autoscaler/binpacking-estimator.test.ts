import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { estimate } from '../../core/autoscaler/binpacking-estimator.js';
import type { Snapshot } from '../../core/autoscaler/snapshot.js';
import { testNode, testPod } from './fixtures.js';

const repeat = (pod: KObject, n: number): KObject[] => Array.from({ length: n }, (_, i) => ({ ...pod, metadata: { ...pod.metadata, name: `${pod.metadata.name}-${i}`, uid: `${pod.metadata.uid}-${i}` } }));
const template = (milliCpu: number, memoryMiB: number, pods = 10) => (s: Snapshot, name: string): void => s.addNode(testNode(name, milliCpu, memoryMiB, pods));
const MiB = 1024 * 1024;

// Ported from cluster-autoscaler-1.32 estimator/binpacking_estimator_test.go TestBinpackingEstimate (the cases without
// host ports or topology spreading, which the simulated scheduler does not filter on) and BenchmarkBinpackingEstimate.
describe('binpacking estimator (upstream TestBinpackingEstimate)', () => {
  it('simple resource-based binpacking: 10 pods of 350m on 1000m nodes take 5 nodes', () => {
    const r = estimate([repeat(testPod('estimatee', 350, 1000), 10)], template(350 * 3 - 50, 2 * 1000), 1000);
    expect(r.nodeCount).toBe(5);
    expect(r.pods.length).toBe(10);
  });

  it('pods-per-node bound binpacking: 20 tiny pods on 10-pod nodes take 2 nodes', () => {
    const r = estimate([repeat(testPod('estimatee', 10, 100), 20)], template(10_000, 20_000), 1000);
    expect(r.nodeCount).toBe(2);
    expect(r.pods.length).toBe(20);
  });

  it('limiter cuts binpacking: 20 pods of 500m want 10 nodes, the limit of 5 takes 10 of them', () => {
    const r = estimate([repeat(testPod('estimatee', 500, 1000), 20)], template(1000, 5000), 5);
    expect(r.nodeCount).toBe(5);
    expect(r.pods.length).toBe(10);
  });

  it('decreasing ordered pods are processed first: the 500m group takes the 5 nodes before the 50m group', () => {
    const small = repeat(testPod('small', 50, 100), 100);
    const high = repeat(testPod('high', 500, 1000), 10);
    const r = estimate([small, high], template(1000, 5000), 5);
    expect(r.nodeCount).toBe(5);
    expect(r.pods.length).toBe(10);
    expect(r.pods.map((p) => p.metadata.name)).toEqual(high.map((p) => p.metadata.name));
  });

  it('benchmark case: 50,000 pods of 50m and 1,000 of 95m on 1000m/100-pod nodes take 2,595 nodes', () => {
    const r = estimate([repeat(testPod('a', 50, 100), 50_000), repeat(testPod('b', 95, 190), 1000)], template(1000, 5000, 100), 3000);
    expect(r.nodeCount).toBe(2595);
    expect(r.pods.length).toBe(51_000);
  });
});

describe('binpacking estimator (kubelapse cases)', () => {
  it('a pod that does not fit an empty template node ends its group without adding nodes for it', () => {
    const r = estimate([repeat(testPod('huge', 6000, 1000), 3)], template(4000, 8192), 1000);
    expect(r).toEqual({ nodeCount: 0, pods: [] });
  });

  it('memory binds before cpu: 3Gi pods on 8Gi nodes go two to a node', () => {
    const r = estimate([repeat(testPod('mem', 100, 3 * 1024 * MiB), 5)], template(4000, 8192, 110), 1000);
    expect(r.nodeCount).toBe(3);
    expect(r.pods.length).toBe(5);
  });

  it('the template node\'s own pods (a DaemonSet\'s) take their share first', () => {
    const withDaemon = (s: Snapshot, name: string): void => {
      s.addNode(testNode(name, 4000, 8192));
      s.addPod(testPod(`ds-${name}`, 100, 0), name);
    };
    // (4000 - 100) / 500 = 7.8: 7 pods a node, so 23 pods need 4 nodes (8 a node would make 3).
    expect(estimate([repeat(testPod('web', 500, 0), 23)], withDaemon, 1000).nodeCount).toBe(4);
    expect(estimate([repeat(testPod('web', 500, 0), 23)], template(4000, 8192, 110), 1000).nodeCount).toBe(3);
  });
});
