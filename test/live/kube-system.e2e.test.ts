import fs from 'node:fs';
import path from 'node:path';
import { describe, beforeAll, expect, it } from 'vitest';
import { KUBECTL } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';

/*
 * The real kubectl against a live cluster with a control-plane node: kube-system as a
 * kubeadm cluster has it, and what ServiceAccount and Priority admission put on pods,
 * read back through kubectl's own printers (get, describe).
 */
describe.skipIf(!fs.existsSync(KUBECTL))('a kubeadm-shaped cluster through the real kubectl', () => {
  const session = liveWithKubectl({ speed: 4, nodes: 2, controlPlane: true });
  const { kubectl, ok } = session;
  let files = 0;
  const apply = (yaml: string) => {
    const file = path.join(session.l.dir, `manifest-${files++}.yaml`);
    fs.writeFileSync(file, yaml);
    return kubectl('apply', '-f', file);
  };

  beforeAll(async () => {
    await ok('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
    await ok('rollout', 'status', 'deployment/coredns', '-n', 'kube-system', '--timeout=60s');
  }, 120_000);

  it('kubectl get pods -A: CoreDNS\'s two pods and the four mirror pods, all Running', async () => {
    const rows = await waitFor('every kube-system pod Running', async () => {
      const out = await ok('get', 'pods', '-A', '--no-headers');
      const lines = out.trim().split('\n').map((line) => line.split(/\s+/));
      const system = lines.filter((c) => c[0] === 'kube-system');
      // CoreDNS's two, the four mirror pods, and a kube-proxy on each of the three nodes.
      return system.length === 9 && system.every((c) => c[2] === '1/1' && c[3] === 'Running') ? lines : undefined;
    }, 60_000);
    const names = rows.filter((c) => c[0] === 'kube-system').map((c) => (c[1] as string).replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '-*').replace(/^kube-proxy-[a-z0-9]{5}$/, 'kube-proxy-*'));
    expect(names.sort()).toEqual(['coredns-*', 'coredns-*', 'etcd-control-plane', 'kube-apiserver-control-plane', 'kube-controller-manager-control-plane', 'kube-proxy-*', 'kube-proxy-*', 'kube-proxy-*', 'kube-scheduler-control-plane']);
    expect(rows.filter((c) => c[0] === 'default')).toHaveLength(2);
    const nodes = await ok('get', 'nodes', '--no-headers');
    expect(nodes).toMatch(/^control-plane\s+Ready\s+control-plane\s/m);
    const svc = await ok('get', 'svc', 'kube-dns', '-n', 'kube-system', '--no-headers');
    expect(svc).toMatch(/^kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s/);
  }, 90_000);

  it('kubectl describe pod reads like upstream\'s: Priority, Service Account, the kube-api-access volume', async () => {
    const name = (await ok('get', 'pods', '-l', 'app=web', '-o', 'name')).trim().split('\n')[0] as string;
    const out = await ok('describe', name);
    expect(out).toMatch(/^Priority:\s+0$/m);
    expect(out).toMatch(/^Service Account:\s+default$/m);
    expect(out).toMatch(/^\s+\/var\/run\/secrets\/kubernetes\.io\/serviceaccount from kube-api-access-[a-z0-9]{5} \(ro\)$/m);
    expect(out).toMatch(/^\s+kube-api-access-[a-z0-9]{5}:\n\s+Type:\s+Projected \(a volume that contains injected data from multiple sources\)\n\s+TokenExpirationSeconds:\s+3607\n\s+ConfigMapName:\s+kube-root-ca\.crt\n/m);
    expect(out).toMatch(/^\s+DownwardAPI:\s+true$/m);
    const dns = (await ok('get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'name')).trim().split('\n')[0] as string;
    const described = await ok('describe', '-n', 'kube-system', dns);
    expect(described).toMatch(/^Priority:\s+2000000000$/m);
    expect(described).toMatch(/^Priority Class Name:\s+system-cluster-critical$/m);
    expect(described).toMatch(/^Service Account:\s+coredns$/m);
    const etcd = await ok('describe', 'pod', '-n', 'kube-system', 'etcd-control-plane');
    expect(etcd).toMatch(/^Priority:\s+2000001000$/m);
    expect(etcd).toMatch(/^Controlled By:\s+Node\/control-plane$/m);
  }, 60_000);

  it('kubectl get sa,cm -n default: the default ServiceAccount and kube-root-ca.crt; priority classes are the system ones', async () => {
    const out = await ok('get', 'sa,cm', '-n', 'default', '-o', 'name');
    expect(out.trim().split('\n').sort()).toEqual(['configmap/kube-root-ca.crt', 'serviceaccount/default']);
    const pcs = await ok('get', 'priorityclasses', '-o', 'name');
    expect(pcs.trim().split('\n')).toEqual(['priorityclass.scheduling.k8s.io/system-cluster-critical', 'priorityclass.scheduling.k8s.io/system-node-critical']);
  }, 60_000);

  it('a namespace and a pod in one kubectl apply: the pod runs as the namespace\'s default account, created a moment before', async () => {
    const r = await apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-a}\nspec:\n  containers: [{name: c, image: nginx:1.25}]\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('pod/p created');
    expect(await ok('get', 'pod', 'p', '-n', 'team-a', '-o', 'jsonpath={.spec.serviceAccountName}')).toBe('default');
  }, 60_000);

  it('refusals carry upstream\'s words: a missing ServiceAccount, an unknown PriorityClass, a system class deleted', async () => {
    const sa = await apply('apiVersion: v1\nkind: Pod\nmetadata: {name: robot}\nspec:\n  serviceAccountName: robot\n  containers: [{name: c, image: nginx:1.25}]\n');
    expect(sa.code).toBe(1);
    expect(sa.err).toContain('pods "robot" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
    const pc = await apply('apiVersion: v1\nkind: Pod\nmetadata: {name: vip}\nspec:\n  priorityClassName: vip\n  containers: [{name: c, image: nginx:1.25}]\n');
    expect(pc.err).toContain('pods "vip" is forbidden: no PriorityClass with name vip was found');
    const del = await kubectl('delete', 'priorityclass', 'system-node-critical');
    expect(del.err).toContain('Error from server (Forbidden): priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');
  }, 60_000);
});
