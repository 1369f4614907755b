import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { KUBE_PROXY_LAG_MS } from '../../core/network/kube-proxy.js';
import { TrafficGenerator } from '../../core/network/traffic.js';
import { cluster, web, type Cluster } from '../controllers/cluster-helpers.js';

const service: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

function totals(rows: Array<{ outcome: string; count: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.outcome] = (out[r.outcome] ?? 0) + r.count;
  return out;
}

function withTraffic(c: Cluster, rps: number): TrafficGenerator {
  const t = new TrafficGenerator(c.sim.scheduler, c.plane, c.sim.rng.get('traffic'));
  t.set('default/web', rps);
  return t;
}

describe('kube-proxy and traffic', () => {
  it('a kube-proxy applies an EndpointSlice change KUBE_PROXY_LAG_MS after it is written', () => {
    const c = cluster(2);
    c.kubectl.create(service);
    c.kubectl.create(web(2));
    c.run(20_000);
    const proxy = c.plane.kubeProxies.get('node-1')!;
    expect(proxy.backends('default/web')).toHaveLength(2);
    const victim = c.pods('app=web')[0]!;
    c.kubectl.delete('Pod', 'default', victim.metadata.name as string);
    const sliceWrite = (): number | undefined => c.writes.find((w) => w.kind === 'EndpointSlice' && /terminating/.test(w.message ?? ''))?.timeMs;
    c.run(c.sim.scheduler.now() + 500);
    const at = sliceWrite()!;
    expect(at).toBeDefined();
    c.run(at + KUBE_PROXY_LAG_MS - 1);
    expect(proxy.routesTo(victim.metadata.uid as string)).toBe(true);
    c.run(at + KUBE_PROXY_LAG_MS + 1);
    expect(proxy.backends('default/web').map((b) => b.pod)).not.toContain(victim.metadata.name);
  });

  it('the lag is a cluster option: kubeProxyLag 3s keeps a deleted pod routed for 3 s', () => {
    const c = cluster(1, { kubeProxyLagMs: 3000 });
    c.kubectl.create(service);
    c.kubectl.create(web(2));
    c.run(20_000);
    const proxy = c.plane.kubeProxies.get('node-1')!;
    const victim = c.pods('app=web')[0]!;
    c.kubectl.delete('Pod', 'default', victim.metadata.name as string);
    c.run(20_500);
    const at = c.writes.find((w) => w.kind === 'EndpointSlice' && /terminating/.test(w.message ?? ''))!.timeMs;
    c.run(at + 2900);
    expect(proxy.routesTo(victim.metadata.uid as string)).toBe(true);
    c.run(at + 3001);
    expect(proxy.backends('default/web').map((b) => b.pod)).not.toContain(victim.metadata.name);
  });

  it('requests to a Service without endpoints are no-endpoints; with Ready pods they are ok, spread over the pods', () => {
    const c = cluster(2);
    c.kubectl.create(service);
    const t = withTraffic(c, 100);
    c.run(5_000);
    expect(totals(t.drain(true))).toEqual({ 'no-endpoints': 500 });
    c.kubectl.create(web(2));
    c.run(30_000);
    t.drain(true);
    c.run(40_000);
    const rows = t.drain(true);
    expect(totals(rows)).toEqual({ ok: 1000 });
    const perPod = new Map<string, number>();
    for (const r of rows) perPod.set(r.pod as string, (perPod.get(r.pod as string) ?? 0) + r.count);
    expect(perPod.size).toBe(2);
    for (const n of perPod.values()) expect(n).toBeGreaterThan(400);
  });

  it('an app that exits on SIGTERM without preStop refuses the requests kube-proxy still sends it; a preStop sleep loses none', () => {
    const run = (container: Record<string, unknown>, annotations: Record<string, string>): Record<string, number> => {
      const c = cluster(2);
      c.kubectl.create(service);
      c.kubectl.create(web(2, { container, annotations }));
      c.run(20_000);
      const t = withTraffic(c, 200);
      c.run(25_000);
      c.kubectl.delete('Pod', 'default', c.pods('app=web')[0]!.metadata.name as string);
      c.run(60_000);
      return totals(t.drain(true));
    };
    const off = run({}, { 'kubelapse/on-sigterm': 'exit' });
    expect((off.refused ?? 0) + (off.reset ?? 0)).toBeGreaterThan(0);
    const on = run({ lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } }, { 'kubelapse/on-sigterm': 'drain 2s' });
    expect(Object.keys(on)).toEqual(['ok']);
  });

  it('when every endpoint is terminating, kube-proxy still sends to the serving ones (ProxyTerminatingEndpoints)', () => {
    const c = cluster(1);
    c.kubectl.create(service);
    c.kubectl.create(web(1, { container: { lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 20'] } } } }, annotations: { 'kubelapse/ready-after': '0s' } }));
    c.run(20_000);
    c.kubectl.patch('Deployment', 'default', 'web', { spec: { replicas: 0 } }, 'merge');
    c.run(23_000);
    const backends = c.plane.kubeProxies.get('node-1')!.backends('default/web');
    expect(backends).toHaveLength(1);
  });
});
