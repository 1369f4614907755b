import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { drain } from '../../core/kubectl/node-commands.js';
import { Simulation } from '../../core/sim/cluster.js';
import { COREFILE } from '../../core/sim/kubeadm/coredns.js';
import { cluster, isReady, nodeShape, web } from '../controllers/cluster-helpers.js';
import { makeSim, refusal } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pods are open JSON */

const CP = { ...nodeShape('control-plane'), controlPlane: true };
const MIRRORS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => `${c}-control-plane`);
const systemPods = (c: ReturnType<typeof cluster>): Array<Readonly<KObject>> => c.sim.api.list('Pod', { namespace: 'kube-system' }).items;

describe('kube-system: what kubeadm installs', () => {
  it('kubeadm writes CoreDNS\'s ConfigMap, ServiceAccount, Deployment and the kube-dns Service at 10.96.0.10', () => {
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
    const writes: string[] = [];
    sim.api.writes$.subscribe((w) => writes.push(`${w.actor} ${w.verb} ${w.kind} ${w.namespace}/${w.name}`));
    sim.bootstrap([nodeShape('node-1')]);
    // kubeadm's writes, in its order.
    // kubeadm's CoreDNS writes, in its order (its kube-proxy addon follows: test/network/kube-proxy-daemonset.test.ts).
    expect(writes.filter((w) => w.startsWith('kubeadm ') && !w.endsWith('/kube-proxy'))).toEqual([
      'kubeadm create ConfigMap kube-system/coredns',
      'kubeadm create ServiceAccount kube-system/coredns',
      'kubeadm create Deployment kube-system/coredns',
      'kubeadm create Service kube-system/kube-dns',
    ]);
    expect(sim.api.get('ConfigMap', 'kube-system', 'coredns').data).toEqual({ Corefile: COREFILE });
    const d = sim.api.get('Deployment', 'kube-system', 'coredns');
    expect(d.metadata.labels).toEqual({ 'k8s-app': 'kube-dns' });
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } });
    expect(d.spec.template.spec).toMatchObject({ priorityClassName: 'system-cluster-critical', serviceAccountName: 'coredns', serviceAccount: 'coredns', dnsPolicy: 'Default' });
    expect(d.spec.template.spec.containers[0].image).toBe('registry.k8s.io/coredns/coredns:v1.11.3');
    const svc = sim.api.get('Service', 'kube-system', 'kube-dns');
    expect(svc.spec).toMatchObject({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { 'k8s-app': 'kube-dns' } });
    expect(svc.spec.ports.map((p: any) => `${p.name} ${p.port}/${p.protocol}`)).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP']);
  });

  it('the Deployment, ReplicaSet and EndpointSlice controllers run CoreDNS like any Deployment: 2 pods on 2 nodes, Ready, at system-cluster-critical, behind kube-dns', () => {
    const c = cluster(3);
    c.run(20_000);
    const pods = systemPods(c).filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(pods).toHaveLength(2);
    expect(pods.every(isReady)).toBe(true);
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(2);
    for (const p of pods) expect(p.spec).toMatchObject({ priority: 2000000000, priorityClassName: 'system-cluster-critical', serviceAccountName: 'coredns' });
    expect(c.sim.api.get('Deployment', 'kube-system', 'coredns').status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    const slice = c.sim.api.list('EndpointSlice', { namespace: 'kube-system' }).items[0]!;
    expect((slice.endpoints as any[]).map((e: any) => e.conditions.ready)).toEqual([true, true]);
    expect((slice.ports as any[]).map((p: any) => `${p.name} ${p.port}/${p.protocol}`).sort()).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP']);
  });

  it('a ClusterIP a Service asks for is taken for good: the tenth Service in order skips 10.96.0.10, a second kube-dns address is refused', () => {
    const sim = makeSim();
    const ips = Array.from({ length: 10 }, (_, i) => sim.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` }, spec: { ports: [{ port: 80 }] } }, { actor: 'kubectl' }).spec.clusterIP);
    expect(ips.slice(7)).toEqual(['10.96.0.9', '10.96.0.11', '10.96.0.12']);
    const e = refusal(() => sim.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dns2' }, spec: { clusterIP: '10.96.0.10', ports: [{ port: 53 }] } }, { actor: 'kubectl' }));
    expect(e.message).toBe('Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
    // The refused request gave nothing away: the next Service gets the next address.
    expect(sim.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'next' }, spec: { ports: [{ port: 80 }] } }, { actor: 'kubectl' }).spec.clusterIP).toBe('10.96.0.13');
  });

  it('without controlPlane there is no control-plane node and no mirror pod, as before', () => {
    const c = cluster(2);
    c.run(5_000);
    expect(c.sim.api.list('Node').items.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2']);
    expect(systemPods(c).every((p) => p.metadata.name?.startsWith('coredns-') || p.metadata.name?.startsWith('kube-proxy-'))).toBe(true);
  });
});

describe('kube-system: the control plane as mirror pods', () => {
  it('kubeadm marks the node: role labels, NoSchedule taint; its kubelet creates the four mirror pods', () => {
    const c = cluster([CP, nodeShape('node-1'), nodeShape('node-2')]);
    c.run(30_000);
    const node = c.sim.api.get('Node', null, 'control-plane');
    expect(node.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' });
    expect(node.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(c.writes.find((w) => w.kind === 'Node' && w.verb === 'update' && w.actor === 'kubeadm')?.reason).toBe('MarkControlPlane');
    // The node's own pods but for the kube-proxy DaemonSet's, which runs on every node.
    const mirrors = systemPods(c).filter((p) => p.spec.nodeName === 'control-plane' && !p.metadata.name?.startsWith('kube-proxy-'));
    expect(mirrors.map((p) => p.metadata.name).sort()).toEqual(MIRRORS);
    for (const p of mirrors) {
      const created = c.writes.find((w) => w.kind === 'Pod' && w.verb === 'create' && w.name === p.metadata.name);
      expect(created?.actor).toBe('kubelet/control-plane');
      expect(p.metadata.annotations).toMatchObject({ 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': p.metadata.annotations?.['kubernetes.io/config.hash'] });
      expect(p.metadata.annotations?.['kubernetes.io/config.hash']).toMatch(/^[0-9a-f]{32}$/);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'control-plane', uid: node.metadata.uid, controller: true }]);
      expect(p.spec).toMatchObject({ hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000, tolerations: [{ operator: 'Exists', effect: 'NoExecute' }] });
      // Admission leaves a mirror pod's spec alone: no ServiceAccount, no token volume.
      expect(p.spec.serviceAccountName).toBeUndefined();
      expect(p.spec.volumes.some((v: any) => v.name.startsWith('kube-api-access-'))).toBe(false);
      expect(p.status).toMatchObject({ phase: 'Running', podIP: node.status.addresses[0].address, hostIP: node.status.addresses[0].address });
      expect(isReady(p)).toBe(true);
    }
    // Nothing of the user's lands on the tainted node; CoreDNS, which tolerates it, may.
    c.kubectl.create(web(4));
    c.run(40_000);
    expect(c.pods('app=web').map((p) => p.spec.nodeName)).not.toContain('control-plane');
  });

  it('a deleted mirror pod: the static pod runs on, the kubelet removes the mirror at once and creates a new one, Running from its first status', () => {
    const c = cluster([CP, nodeShape('node-1')]);
    c.run(30_000);
    const old = c.sim.api.get('Pod', 'kube-system', 'etcd-control-plane');
    const del = c.kubectl.delete('Pod', 'kube-system', 'etcd-control-plane');
    expect(del.metadata.deletionTimestamp).toBeDefined();
    c.run(30_010);
    const fresh = c.sim.api.get('Pod', 'kube-system', 'etcd-control-plane');
    expect(fresh.metadata.uid).not.toBe(old.metadata.uid);
    expect(isReady(fresh)).toBe(true);
    expect(fresh.status.containerStatuses[0].restartCount).toBe(0);
    expect(fresh.status.containerStatuses[0].containerID).toBe(old.status.containerStatuses[0].containerID);
    const after = c.writes.filter((w) => w.timeMs > 30_000 && w.name === 'etcd-control-plane').map((w) => `${w.actor} ${w.verb}${w.subresource ? '/' + w.subresource : ''} ${w.reason}`);
    expect(after).toEqual(['kubelet/control-plane delete MirrorPodDeleted', 'kubelet/control-plane create MirrorPodCreated', 'kubelet/control-plane update/status MirrorPodStatus']);
  });

  it('kubectl drain of the control-plane node skips the mirror pods without a word, as drain\'s mirrorPodFilter does', () => {
    const c = cluster([CP, nodeShape('node-1')]);
    c.run(30_000);
    const reports: string[] = [];
    drain(c.kubectl, 'control-plane', { force: false, ignoreDaemonsets: true }, { after: (ms, fn, label) => void c.sim.scheduler.after(ms, fn, label), report: (l) => reports.push(l) });
    c.run(60_000);
    expect(c.writes.filter((w) => w.subresource === 'eviction' && MIRRORS.includes(w.name))).toEqual([]);
    expect(systemPods(c).filter((p) => MIRRORS.includes(p.metadata.name ?? '')).every(isReady)).toBe(true);
  });

  it('node-down and node-up of the control-plane node: its mirror pods are never evicted and are re-reported', () => {
    const c = cluster([CP, nodeShape('node-1')]);
    c.run(20_000);
    c.plane.nodeDown('control-plane');
    c.run(420_000); // past 50 s grace and the 300 s unreachable toleration that other pods have
    expect(systemPods(c).filter((p) => MIRRORS.includes(p.metadata.name ?? ''))).toHaveLength(4);
    c.plane.nodeUp('control-plane');
    c.run(430_000);
    const mirrors = systemPods(c).filter((p) => MIRRORS.includes(p.metadata.name ?? ''));
    expect(mirrors.every(isReady)).toBe(true);
    expect(c.sim.diagnostics.count).toBe(0);
  });
});
