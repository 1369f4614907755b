import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { ENDPOINTSLICE_SYNC_DELAY_MS, SERVICE_NAME_LABEL } from '../../core/controllers/endpointslice/endpointslice-controller.js';
import { cluster, web, type Cluster } from './cluster-helpers.js';

const service = (extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...extra },
});

function slice(c: Cluster): Readonly<KObject> | undefined {
  return c.sim.api.list('EndpointSlice', { namespace: 'default', labelSelector: `${SERVICE_NAME_LABEL}=web` }).items[0];
}

const conditionsByPod = (s: Readonly<KObject> | undefined): Record<string, unknown> =>
  Object.fromEntries(((s?.endpoints as any[] | undefined) ?? []).map((e: any) => [e.targetRef.name, e.conditions]));

describe('EndpointSlice controller', () => {
  it("lists a Service's ready pods with their IPs, node and the resolved target port, owned by the Service", () => {
    const c = cluster(3);
    c.kubectl.create(service());
    c.kubectl.create(web(3));
    c.run(20_000);
    const s = slice(c) as any;
    expect(s.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const pods = c.pods('app=web');
    expect(s.endpoints.map((e: any) => e.addresses[0]).sort()).toEqual(pods.map((p) => p.status.podIP).sort());
    expect(s.endpoints.every((e: any) => e.conditions.ready === true && e.conditions.serving === true && e.conditions.terminating === false)).toBe(true);
    expect(s.endpoints.map((e: any) => e.nodeName).sort()).toEqual(pods.map((p) => p.spec.nodeName).sort());
    expect(s.metadata.ownerReferences[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    expect(c.writes.filter((w) => w.kind === 'EndpointSlice').every((w) => w.actor === 'endpointslice-controller')).toBe(true);
  });

  it('a deleted pod stays listed as terminating (ready=false, serving=true) until it is gone, after the controller delay', () => {
    const c = cluster(3);
    c.kubectl.create(service());
    c.kubectl.create(web(2, { container: { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } } }));
    c.run(20_000);
    const victim = c.pods('app=web')[0]!.metadata.name as string;
    c.kubectl.delete('Pod', 'default', victim);
    const deletedAt = c.sim.scheduler.now();
    c.run(deletedAt + ENDPOINTSLICE_SYNC_DELAY_MS - 1);
    expect(conditionsByPod(slice(c))[victim]).toEqual({ ready: true, serving: true, terminating: false });
    c.run(deletedAt + 1000);
    expect(conditionsByPod(slice(c))[victim]).toEqual({ ready: false, serving: true, terminating: true });
    c.run(deletedAt + 40_000);
    expect(conditionsByPod(slice(c))[victim]).toBeUndefined();
    const write = c.writes.find((w) => w.kind === 'EndpointSlice' && /1 terminating/.test(w.message ?? ''));
    expect(write?.reason).toBe('EndpointsChanged');
  });

  it('a pod that is not Ready is listed ready=false, serving=false; a relabelled pod leaves the slice', () => {
    const c = cluster(1);
    c.kubectl.create(service());
    c.kubectl.create(web(1, { annotations: { 'kubelapse/ready-after': '30s' }, container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } } }));
    c.run(10_000);
    const pod = c.pods('app=web')[0]!;
    expect(conditionsByPod(slice(c))[pod.metadata.name as string]).toEqual({ ready: false, serving: false, terminating: false });
    c.kubectl.patch('Pod', 'default', pod.metadata.name as string, { metadata: { labels: { app: 'debug' } } }, 'merge');
    c.run(12_000);
    expect(conditionsByPod(slice(c))[pod.metadata.name as string]).toBeUndefined();
  });

  it('a Service without a selector gets no managed slice; deleting a Service takes its slice with it', () => {
    const c = cluster(1);
    c.kubectl.create({ ...service(), metadata: { name: 'manual', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    c.kubectl.create(service());
    c.kubectl.create(web(1));
    c.run(10_000);
    expect(c.sim.api.list('EndpointSlice', { namespace: 'default', labelSelector: `${SERVICE_NAME_LABEL}=manual` }).items).toEqual([]);
    expect(slice(c)).toBeDefined();
    c.kubectl.delete('Service', 'default', 'web');
    c.run(12_000);
    expect(slice(c)).toBeUndefined();
  });
});
