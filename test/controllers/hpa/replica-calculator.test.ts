import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { rateLimit, stabilize } from '../../../core/controllers/hpa/behavior.js';
import { resourceReplicas } from '../../../core/controllers/hpa/replica-calculator.js';

const DEFAULT_BEHAVIOR = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
  scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};

function pod(name: string, ready = true): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

describe('HPA replica calculation (upstream replica_calculator)', () => {
  const metric = (usage: Record<string, number>) => (p: Readonly<KObject>) => (usage[p.metadata.name as string] === undefined ? undefined : { cpuMilli: usage[p.metadata.name as string] as number, timestampMs: 0 });

  it('4 pods at 90% against 50%: ceil(4 x 1.8) = 8', () => {
    const pods = ['a', 'b', 'c', 'd'].map((n) => pod(n));
    expect(resourceReplicas(pods, metric({ a: 90, b: 90, c: 90, d: 90 }), 50, 4)).toMatchObject({ replicas: 8, utilization: 90 });
  });

  it('within 10% of the target the count stays: 54% of 50% is a ratio of 1.08', () => {
    const pods = ['a', 'b'].map((n) => pod(n));
    expect(resourceReplicas(pods, metric({ a: 54, b: 54 }), 50, 2)).toMatchObject({ replicas: 2 });
  });

  it('scaling up, a pod not Ready counts as 0%: 2 pods at 100% and 2 unready make 1.0, no change', () => {
    const pods = [pod('a'), pod('b'), pod('c', false), pod('d', false)];
    expect(resourceReplicas(pods, metric({ a: 100, b: 100 }), 50, 4)).toMatchObject({ replicas: 4 });
  });

  it('utilization is whole percent, truncated as upstream: 199m of 200m is 99%, ceil(2 x 99/50) = 4', () => {
    const pods = ['a', 'b'].map((n) => pod(n));
    expect(resourceReplicas(pods, metric({ a: 99.9, b: 99.1 }), 50, 2)).toEqual({ replicas: 4, utilization: 99, averageMilli: 99 });
  });

  it('no metrics at all: upstream\'s "no metrics returned from resource metrics API"', () => {
    expect(resourceReplicas([pod('a')], metric({}), 50, 3)).toEqual({ error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' });
  });

  it('metrics only for pods not Ready: "did not receive metrics for targeted pods"', () => {
    expect(resourceReplicas([pod('a', false)], metric({ a: 50 }), 50, 1)).toEqual({ error: 'did not receive metrics for targeted pods (pods might be unready)' });
  });

  it('a container without a CPU request names the container and the pod, even with metrics', () => {
    const noRequest: KObject = { ...pod('web-1'), spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    expect(resourceReplicas([pod('a'), noRequest], metric({ a: 50, 'web-1': 50 }), 50, 2)).toEqual({ error: 'missing request for cpu in container web of Pod web-1' });
  });

  it('a sidecar (restartable init container) counts: its request adds, its missing request fails', () => {
    const withSidecar = (req: string | undefined): KObject => ({
      ...pod('a'),
      spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }], initContainers: [{ name: 'log', image: 'x', restartPolicy: 'Always', ...(req === undefined ? {} : { resources: { requests: { cpu: req } } }) }] },
    });
    // 100m used of 100m + 100m requested: 50%, at the target.
    expect(resourceReplicas([withSidecar('100m')], metric({ a: 100 }), 50, 1)).toMatchObject({ replicas: 1, utilization: 50 });
    expect(resourceReplicas([withSidecar(undefined)], metric({ a: 100 }), 50, 1)).toEqual({ error: 'missing request for cpu in container log of Pod a' });
  });

  it('requests of 0: "no metrics returned matched known pods"', () => {
    const zero: KObject = { ...pod('a'), spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '0' } } }] } };
    expect(resourceReplicas([zero], metric({ a: 10 }), 50, 1)).toEqual({ error: 'no metrics returned matched known pods' });
  });
});

describe('HPA behavior (stabilization and scaling policies)', () => {
  it('scale-up is limited to max(+4 pods, +100%) per 15 s: 2 -> 6, 10 -> 20', () => {
    expect(rateLimit(2, 30, [], DEFAULT_BEHAVIOR, 1, 100, 0).replicas).toBe(6);
    expect(rateLimit(10, 30, [], DEFAULT_BEHAVIOR, 1, 100, 0).replicas).toBe(20);
    // 4 already added in this period: the period started at 6, so 6 -> at most 12.
    expect(rateLimit(10, 30, [{ atMs: 5_000, change: 4 }], DEFAULT_BEHAVIOR, 1, 100, 10_000).replicas).toBe(12);
    expect(rateLimit(10, 30, [], DEFAULT_BEHAVIOR, 1, 12, 0)).toEqual({ replicas: 12, limited: true });
  });

  it('scale-down takes the highest recommendation of the last 300 s', () => {
    const history = [{ atMs: 0, replicas: 10 }, { atMs: 100_000, replicas: 3 }];
    expect(stabilize(10, 2, history, DEFAULT_BEHAVIOR, 200_000)).toBe(10);
    expect(stabilize(10, 2, history, DEFAULT_BEHAVIOR, 301_000)).toBe(3);
    expect(stabilize(10, 2, history, DEFAULT_BEHAVIOR, 401_000)).toBe(2);
  });

  it('scale-up is not held back by the default 0 s window', () => {
    expect(stabilize(2, 8, [{ atMs: 0, replicas: 2 }], DEFAULT_BEHAVIOR, 15_000)).toBe(8);
  });
});
