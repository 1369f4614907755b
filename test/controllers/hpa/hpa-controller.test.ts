/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { cluster, web, type Cluster } from '../cluster-helpers.js';

function hpa(kind: string, name: string, extra: Record<string, unknown> = {}, apiVersion = 'apps/v1'): KObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'hpa', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion, kind, name },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...extra,
    },
  };
}

const status = (c: Cluster): any => c.sim.api.get('HorizontalPodAutoscaler', 'default', 'hpa').status;
const condition = (c: Cluster, type: string): any => (status(c).conditions ?? []).find((x: any) => x.type === type);
const messages = (c: Cluster, reason: string): string[] => c.events(reason).filter((e) => (e.involvedObject as any)?.kind === 'HorizontalPodAutoscaler').map((e) => `${e.type} ${e.message}`);

const REQUEST = { resources: { requests: { cpu: '100m' } } };

function statefulSet(replicas: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'nginx:1.27', ...REQUEST }] } },
    },
  };
}

describe('HPA: metrics it cannot use, as upstream says it', () => {
  it('pods without a CPU request: FailedGetResourceMetric naming the container and pod, both Warning events, no scaling', () => {
    const c = cluster(2);
    c.kubectl.create(web(2));
    c.kubectl.create(hpa('Deployment', 'web'));
    c.run(90_000);
    const why = `failed to get cpu utilization: missing request for cpu in container web of Pod `;
    expect(condition(c, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(condition(c, 'ScalingActive').message).toMatch(new RegExp(`^the HPA was unable to compute the replica count: ${why}web-`));
    expect(condition(c, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
    // Never scaled: 2 current, 0 desired (kubectl describe's "2 current / 0 desired"), an unknown current metric.
    expect(status(c)).toMatchObject({ currentReplicas: 2, desiredReplicas: 0, currentMetrics: [{ type: '' }] });
    expect(condition(c, 'ScalingLimited')).toBeUndefined();
    // The first sync, before metrics-server's first window, says "no metrics returned"; the later ones name a pod of the target.
    const named = messages(c, 'FailedGetResourceMetric').filter((m) => m.includes('missing request')).map((m) => /^Warning failed to get cpu utilization: missing request for cpu in container web of Pod (\S+)$/.exec(m)?.[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) expect(c.pods('app=web').map((p) => p.metadata.name)).toContain(n);
    expect(messages(c, 'FailedComputeMetricsReplicas').some((m) => m.startsWith(`Warning invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${why}web-`))).toBe(true);
    expect(c.sim.api.get('Deployment', 'default', 'web').spec?.replicas).toBe(2);
  });

  it('before metrics-server has a first window: "no metrics returned from resource metrics API"', () => {
    const c = cluster(2);
    c.kubectl.create(web(2, { container: REQUEST }));
    c.kubectl.create(hpa('Deployment', 'web'));
    c.run(1_000);
    expect(messages(c, 'FailedGetResourceMetric')).toEqual(['Warning failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API']);
    expect(messages(c, 'FailedComputeMetricsReplicas')).toEqual([
      'Warning invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    ]);
    // Once the pods have metrics the same HPA works: ScalingActive True, the condition's message replaced.
    c.run(90_000);
    expect(condition(c, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(status(c).currentMetrics[0]).toMatchObject({ type: 'Resource', resource: { name: 'cpu' } });
  });
  it('an HPA named as its Deployment: its events and the Deployment\'s both kept, neither written over', () => {
    const c = cluster(2);
    c.kubectl.create(web(2, { container: REQUEST }));
    c.kubectl.create({ ...hpa('Deployment', 'web'), metadata: { name: 'web', namespace: 'default' } });
    c.run(31_000);
    // Both components name their Events web.<nanos> at the same instant.
    const byHpa = c.sim.api.list('Event', { namespace: 'default' }).items.filter((e) => (e.involvedObject as any)?.kind === 'HorizontalPodAutoscaler').map((e) => e.reason);
    expect(byHpa).toEqual(expect.arrayContaining(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']));
    expect(c.events('ScalingReplicaSet').map((e) => e.message)).toEqual(['Scaled up replica set ' + (c.sim.api.list('ReplicaSet', { namespace: 'default' }).items[0]!.metadata.name as string) + ' from 0 to 2']);
  });
});

describe('HPA: any target with a scale subresource', () => {
  it('a StatefulSet: its pods found by the scale selector, scaled in through /scale when idle', () => {
    const c = cluster(2);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 80 }] } });
    c.kubectl.create(statefulSet(3));
    c.kubectl.create(hpa('StatefulSet', 'db'));
    c.run(60_000);
    expect(condition(c, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(status(c).currentMetrics[0].resource.current.averageUtilization).toBe(0);
    // 0% of a 50% target wants 1 pod; the 300 s scale-down window holds 3 until it has passed.
    expect(condition(c, 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });
    c.run(420_000);
    expect(c.sim.api.get('StatefulSet', 'default', 'db').spec?.replicas).toBe(1);
    expect(messages(c, 'SuccessfulRescale')).toEqual(['Normal New size: 1; reason: All metrics below target']);
  });

  it('a ReplicaSet below minReplicas is raised to it through /scale, without reading a metric', () => {
    const c = cluster(2);
    c.kubectl.create({ ...web(1, { container: REQUEST }), kind: 'ReplicaSet' });
    c.kubectl.create(hpa('ReplicaSet', 'web', { minReplicas: 3 }));
    c.run(1_000);
    expect(c.sim.api.get('ReplicaSet', 'default', 'web').spec?.replicas).toBe(3);
    expect(messages(c, 'SuccessfulRescale')).toEqual(['Normal New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
    expect(condition(c, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 3' });
  });

  it('a target without a scale subresource, of a kind not served, or not there: AbleToScale False FailedGetScale', () => {
    const cases: Array<[string, string, string]> = [
      ['DaemonSet', 'apps/v1', 'the server could not find the requested resource'],
      ['ReplicationController', 'v1', 'no matches for kind "ReplicationController" in group ""'],
      ['Deployment', 'extensions/v1beta1', 'no matches for kind "Deployment" in group "extensions"'],
      ['StatefulSet', 'apps/v1', 'statefulsets.apps "nope" not found'],
    ];
    for (const [kind, apiVersion, error] of cases) {
      const c = cluster(1);
      c.kubectl.create(hpa(kind, kind === 'StatefulSet' ? 'nope' : 'web', {}, apiVersion));
      c.run(1_000);
      expect(condition(c, 'AbleToScale'), kind).toMatchObject({ status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${error}` });
      expect(messages(c, 'FailedGetScale'), kind).toEqual([`Warning ${error}`]);
    }
  });
});
