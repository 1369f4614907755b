import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { ENDPOINTS_SYNC_DELAY_MS } from '../../../core/controllers/endpoint/endpoints-controller.js';
import { cluster, web, type Cluster } from '../cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Endpoints are open JSON */

const service = (extra: Record<string, unknown> = {}, name = 'web'): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', labels: { tier: 'front' } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...extra },
});

const pod = (name: string, annotations: Record<string, string> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web' }, annotations },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
});

const endpoints = (c: Cluster, name = 'web'): any => c.sim.api.list('Endpoints', { namespace: 'default' }).items.find((e) => e.metadata.name === name);
const ips = (list: any[] | undefined): string[] => (list ?? []).map((a) => a.ip).sort();
const names = (list: any[] | undefined): string[] => (list ?? []).map((a) => a.targetRef.name).sort();

describe('endpoint-controller', () => {
  it("writes one Endpoints named and labelled like the Service: the ready pods' IPs, node and target, the resolved port", () => {
    const c = cluster(3);
    c.kubectl.create(service());
    c.kubectl.create(web(3));
    c.run(20_000);
    const ep = endpoints(c);
    const pods = c.pods('app=web');
    expect(ep.metadata.labels).toEqual({ tier: 'front' });
    expect(ep.metadata.ownerReferences).toBeUndefined();
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(ips(ep.subsets[0].addresses)).toEqual(pods.map((p) => p.status.podIP).sort());
    expect(ep.subsets[0].notReadyAddresses).toBeUndefined();
    const first = ep.subsets[0].addresses[0];
    const pod = pods.find((p) => p.status.podIP === first.ip)!;
    expect(first).toEqual({ ip: pod.status.podIP, nodeName: pod.spec.nodeName, targetRef: { kind: 'Pod', namespace: 'default', name: pod.metadata.name, uid: pod.metadata.uid } });
    // The last pod to become Ready is the last change the Endpoints reflects.
    const lastReady = pods.map((p) => p.status.conditions.find((x: any) => x.type === 'Ready').lastTransitionTime).sort().at(-1);
    expect(ep.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time']).toBe(lastReady);
    expect(c.writes.filter((w) => w.kind === 'Endpoints').every((w) => w.actor === 'endpoint-controller')).toBe(true);
  });

  it('a pod that turns unready moves to notReadyAddresses, and back when it is ready again', () => {
    const c = cluster(1);
    c.kubectl.create(service({ ports: [{ port: 80 }] }));
    c.kubectl.create(pod('steady'));
    // Its process exits 20 s after each start: the pod is not Ready until the restart is up.
    c.kubectl.create(pod('flaky', { 'kubelapse/crash-after': '20s' }));
    const readyOf = (name: string): string | undefined => c.pods('app=web').find((p) => p.metadata.name === name)?.status?.conditions?.find((x: any) => x.type === 'Ready')?.status;
    let t = 0;
    while (readyOf('flaky') !== 'True' && t < 60_000) c.run((t += 250));
    c.run((t += 1000));
    expect(names(endpoints(c).subsets[0].addresses)).toEqual(['flaky', 'steady']);
    // The first exit restarts at once; the second waits out a 10 s CrashLoopBackOff, not Ready.
    const backingOff = (): boolean => c.pods('app=web').find((p) => p.metadata.name === 'flaky')?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff';
    while (!backingOff() && t < 120_000) c.run((t += 250));
    expect(readyOf('flaky')).toBe('False');
    c.run((t += ENDPOINTS_SYNC_DELAY_MS + 100));
    const ep = endpoints(c);
    // One subset: the same port, one ready address and one not ready (RepackSubsets).
    expect(ep.subsets).toHaveLength(1);
    expect(names(ep.subsets[0].addresses)).toEqual(['steady']);
    expect(names(ep.subsets[0].notReadyAddresses)).toEqual(['flaky']);
    expect(ep.subsets[0].ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    while (readyOf('flaky') !== 'True' && t < 180_000) c.run((t += 250));
    c.run((t += 1000));
    expect(names(endpoints(c).subsets[0].addresses)).toEqual(['flaky', 'steady']);
  });

  it('publishNotReadyAddresses lists a pod that is not ready among the ready addresses', () => {
    const c = cluster(1);
    c.kubectl.create(service({ publishNotReadyAddresses: true }));
    c.kubectl.create(web(1, { annotations: { 'kubelapse/ready-after': '60s' }, container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } } }));
    c.run(15_000);
    const pod = c.pods('app=web')[0]!;
    expect(pod.status.conditions.find((x: any) => x.type === 'Ready').status).toBe('False');
    expect(names(endpoints(c).subsets[0].addresses)).toEqual([pod.metadata.name]);
  });

  it('a deleted pod leaves the Endpoints at once (its EndpointSlice entry stays, terminating)', () => {
    const c = cluster(2);
    c.kubectl.create(service());
    c.kubectl.create(web(2, { container: { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } } }));
    c.run(20_000);
    const victim = c.pods('app=web')[0]!.metadata.name as string;
    c.kubectl.delete('Pod', 'default', victim);
    const at = c.sim.scheduler.now();
    c.run(at + ENDPOINTS_SYNC_DELAY_MS + 200);
    const ep = endpoints(c);
    expect(names([...(ep.subsets[0].addresses ?? []), ...(ep.subsets[0].notReadyAddresses ?? [])])).not.toContain(victim);
  });

  it('several ports and a named targetPort: one subset with every port the pods serve', () => {
    const c = cluster(1);
    c.kubectl.create(service({ ports: [{ name: 'http', port: 80, targetPort: 'web' }, { name: 'metrics', port: 9090 }] }));
    c.kubectl.create(web(2, { container: { ports: [{ name: 'web', containerPort: 8080 }] } }));
    c.run(20_000);
    const ep = endpoints(c);
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0].addresses).toHaveLength(2);
    expect(ep.subsets[0].ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP' },
    ]);
  });

  it('a Service without a selector is left to its user; deleting a Service deletes its Endpoints, hand-written ones too', () => {
    const c = cluster(1);
    c.kubectl.create({ ...service(), metadata: { name: 'db', namespace: 'default' }, spec: { ports: [{ port: 5432 }] } });
    const manual = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.168.10.5' }], ports: [{ port: 5432, protocol: 'TCP' }] }] };
    c.kubectl.create(manual);
    c.kubectl.create(service());
    c.kubectl.create(web(1));
    c.run(15_000);
    expect(endpoints(c, 'db').subsets).toEqual(manual.subsets);
    expect(c.writes.filter((w) => w.kind === 'Endpoints' && w.name === 'db').map((w) => w.actor)).toEqual(['kubectl']);
    c.kubectl.delete('Service', 'default', 'web');
    c.kubectl.delete('Service', 'default', 'db');
    c.run(17_000);
    expect(endpoints(c)).toBeUndefined();
    expect(endpoints(c, 'db')).toBeUndefined();
  });

  it('a headless Service: the headless label, and the hostname of a pod whose subdomain names the Service', () => {
    const c = cluster(1);
    c.kubectl.create({ ...service({ clusterIP: 'None', ports: [] }), metadata: { name: 'db', namespace: 'default' } });
    c.kubectl.create({ ...pod('db-0'), spec: { hostname: 'db-0', subdomain: 'db', containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    c.kubectl.create({ ...pod('other'), spec: { hostname: 'other', subdomain: 'elsewhere', containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    c.run(15_000);
    const ep = endpoints(c, 'db');
    expect(ep.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    // No ports: one port-less subset (a headless Service may have none).
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0].ports).toBeUndefined();
    const byName = Object.fromEntries(ep.subsets[0].addresses.map((a: any) => [a.targetRef.name, a]));
    expect(byName['db-0'].hostname).toBe('db-0');
    expect(byName['other'].hostname).toBeUndefined();
  });

  it('over 1,000 addresses: cut to 1,000 and marked over-capacity truncated', () => {
    const c = cluster(12);
    c.kubectl.create(service());
    c.kubectl.create({ ...web(1005), spec: { ...(web(1005).spec as object), template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '1m', memory: '1Mi' } } }] } } } });
    c.run(240_000);
    expect(c.pods('app=web').filter((p) => p.status.podIP !== undefined).length).toBeGreaterThan(1000);
    const ep = endpoints(c);
    const total = ep.subsets.reduce((n: number, s: any) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
    expect(total).toBe(1000);
    expect(ep.metadata.annotations['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
  });
});
