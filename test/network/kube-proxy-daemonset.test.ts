import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { KUBE_PROXY_LAG_MS } from '../../core/network/kube-proxy.js';
import { TrafficGenerator } from '../../core/network/traffic.js';
import { KUBE_PROXY_IMAGE, kubeProxyAddon } from '../../core/sim/kube-proxy-addon.js';
import { cluster, nodeShape, web, type Cluster } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

const service: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
const kubeProxyPod = (c: Cluster, node: string): Readonly<KObject> | undefined =>
  c.sim.api.list('Pod', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-proxy' }).items.find((p) => p.spec.nodeName === node && p.metadata.deletionTimestamp === undefined);

describe('kube-system kube-proxy: a DaemonSet whose pods are the nodes\' kube-proxies', () => {
  it('bootstrap writes kubeadm\'s addon: ConfigMap, ServiceAccount and the DaemonSet, as kubeadm v1.32 makes it', () => {
    const c = cluster(3);
    const ds = c.sim.api.get('DaemonSet', 'kube-system', 'kube-proxy');
    // kubeadm's kube-proxy addon, after its CoreDNS one.
    expect(c.writes.filter((w) => w.actor === 'kubeadm' && w.name === 'kube-proxy').map((w) => `${w.kind}/${w.namespace}/${w.name}`)).toEqual(['ConfigMap/kube-system/kube-proxy', 'ServiceAccount/kube-system/kube-proxy', 'DaemonSet/kube-system/kube-proxy']);
    expect(ds.metadata.labels).toEqual({ 'k8s-app': 'kube-proxy' });
    const spec = ds.spec.template.spec;
    expect(spec).toMatchObject({ hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: 'kube-proxy', tolerations: [{ operator: 'Exists' }], nodeSelector: { 'kubernetes.io/os': 'linux' } });
    expect(spec.containers[0].image).toBe(KUBE_PROXY_IMAGE);
    expect(KUBE_PROXY_IMAGE).toMatch(/^registry\.k8s\.io\/kube-proxy:v1\.32\.\d+$/);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  it('a kube-proxy pod per node, Running with the node\'s IP (host network), its image already on the node', () => {
    const c = cluster(3);
    c.run(2_000);
    for (const node of ['node-1', 'node-2', 'node-3']) {
      const pod = kubeProxyPod(c, node) as Readonly<KObject>;
      const ip = c.sim.api.get('Node', null, node).status.addresses.find((a: any) => a.type === 'InternalIP').address;
      expect(pod.status.phase).toBe('Running');
      expect(pod.status.podIP).toBe(ip);
      expect(c.sim.api.list('Event', { namespace: 'kube-system' }).items.some((e) => (e.involvedObject as any).name === pod.metadata.name && e.reason === 'Pulled' && e.message === `Container image "${KUBE_PROXY_IMAGE}" already present on machine`)).toBe(true);
      expect(c.plane.kubeProxies.get(node)?.syncing).toBe(true);
    }
    expect(c.sim.api.get('DaemonSet', 'kube-system', 'kube-proxy').status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
  });

  it('a node that joins routes Service traffic only once its kube-proxy pod runs and has synced', () => {
    const c = cluster(1);
    c.kubectl.create(service);
    c.kubectl.create(web(2));
    c.run(20_000);
    c.plane.addNode(nodeShape('node-2'));
    const proxy = c.plane.kubeProxies.get('node-2')!;
    expect(proxy.syncing).toBe(false);
    expect(proxy.backends('default/web')).toEqual([]); // no rules yet: no endpoints from this node
    c.run(20_500);
    const started = c.writes.find((w) => w.namespace === 'kube-system' && w.reason === 'ContainerStarted' && w.object.spec.nodeName === 'node-2') as { timeMs: number };
    expect(started).toBeDefined();
    expect(proxy.syncing).toBe(true);
    c.run(started.timeMs + KUBE_PROXY_LAG_MS - 1);
    expect(proxy.backends('default/web')).toEqual([]);
    c.run(started.timeMs + KUBE_PROXY_LAG_MS + 1);
    expect(proxy.backends('default/web')).toHaveLength(2);
  });

  it('without its kube-proxy pod a node\'s rules go stale: a deleted endpoint still gets that node\'s requests until a kube-proxy runs again', () => {
    const c = cluster(1);
    c.kubectl.create(service);
    c.kubectl.create(web(2));
    c.run(20_000);
    const proxy = c.plane.kubeProxies.get('node-1')!;
    // Delete the DaemonSet without its pods' replacement: orphan its pod, then delete the pod.
    c.kubectl.delete('DaemonSet', 'kube-system', 'kube-proxy', { propagationPolicy: 'Orphan' });
    c.run(21_000);
    const kp = kubeProxyPod(c, 'node-1') as Readonly<KObject>;
    c.kubectl.delete('Pod', 'kube-system', kp.metadata.name ?? '');
    c.run(23_000);
    expect(proxy.syncing).toBe(false);
    const victim = c.pods('app=web')[0] as Readonly<KObject>;
    c.kubectl.delete('Pod', 'default', victim.metadata.name ?? '', { gracePeriodSeconds: 0 });
    c.run(40_000);
    // The rules still name the deleted pod: requests from node-1 are refused by it.
    expect(proxy.routesTo(victim.metadata.uid as string)).toBe(true);
    const t = new TrafficGenerator(c.sim.scheduler, c.plane, c.sim.rng.get('traffic'));
    t.set('default/web', 100);
    c.run(45_000);
    const refused = t.drain(true).filter((r) => r.outcome === 'refused').reduce((n, r) => n + r.count, 0);
    expect(refused).toBeGreaterThan(0);
    // kubeadm's DaemonSet put back: its new pod lists the slices and rewrites the rules.
    t.set('default/web', 0);
    c.kubectl.create(kubeProxyAddon().find((o) => o.kind === 'DaemonSet') as KObject);
    c.run(46_000);
    expect(proxy.syncing).toBe(true);
    expect(proxy.routesTo(victim.metadata.uid as string)).toBe(true); // its first sync is KUBE_PROXY_LAG_MS away
    c.run(48_000);
    expect(proxy.routesTo(victim.metadata.uid as string)).toBe(false);
    expect(proxy.backends('default/web')).toHaveLength(2);
  });

  it('a kube-proxy container that crashes stops syncing until the kubelet restarts it', () => {
    const c = cluster(1);
    c.kubectl.create(service);
    c.kubectl.create(web(1));
    c.run(20_000);
    const proxy = c.plane.kubeProxies.get('node-1')!;
    c.plane.crashContainer('kube-system', kubeProxyPod(c, 'node-1')?.metadata.name ?? '');
    expect(proxy.syncing).toBe(false);
    // Restarted at once (the first restart has no backoff), after the runtime's 100 ms.
    c.run(20_200);
    expect(proxy.syncing).toBe(true);
  });
});
