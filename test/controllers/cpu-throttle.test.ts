import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { listPodMetrics } from '../../core/api/rest/resource-metrics.js';
import { MetricsServer } from '../../core/metrics/metrics-server.js';
import { makeSim } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/** A Running pod that costs 10m a request, with the given CPU limit, and a metrics-server fed by `served`. */
function setup(limits: Record<string, string> | undefined) {
  const sim = makeSim(1);
  const served = new Map<string, number>();
  const memory = new Map([['app', 50 * 2 ** 20]]);
  const metrics = new MetricsServer(sim.client('metrics-server'), sim.scheduler, served, () => memory).start();
  const pod = sim.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'api', namespace: 'default', annotations: { 'kubelapse/cpu-per-request': '10m' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'example/api:1', resources: limits === undefined ? {} : { limits } }] },
  } as KObject, { actor: 'kubectl' });
  sim.api.updateStatus({ ...pod, status: { ...pod.status, phase: 'Running' } } as KObject, { actor: 'kubelet/node-1' });
  const uid = pod.metadata.uid ?? '';
  served.set(uid, 0);
  sim.runUntil(15_000);
  // 30 requests/s for a 15 s window at 10m each: 300m wanted.
  served.set(uid, 450);
  sim.runUntil(30_000);
  return { sim, metrics };
}

describe('CPU over its limit is throttled, not killed', () => {
  it('under a 200m limit, 300m of demand is served at 200m and marked throttled; kubectl top sees 200m', () => {
    const { sim, metrics } = setup({ cpu: '200m' });
    expect(metrics.get('default', 'api')).toMatchObject({ cpuMilli: 200, demandMilli: 300, throttled: true });
    const top = listPodMetrics(sim.api, metrics, 'default', 'api') as any;
    expect(top.containers[0].usage).toEqual({ cpu: '200000000n', memory: '51200Ki' });
  });

  it('without a CPU limit the same demand is used in full', () => {
    const { metrics } = setup(undefined);
    expect(metrics.get('default', 'api')).toMatchObject({ cpuMilli: 300, demandMilli: 300, throttled: false });
  });
});
