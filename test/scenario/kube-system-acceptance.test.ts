import { describe, expect, it } from 'vitest';
import { recordStory } from './story.js';
import { cli } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: kube-system, a cluster that looks like kubeadm\'s', () => {
  const { result, file: out, db, rows, obj } = recordStory('kube-system');

  it('passes its expectations', () => {
    expect(result.expectations.every((e) => e.passed), result.expectations.map((e) => e.details.join('; ')).join('\n')).toBe(true);
  });

  it('the bootstrap, write by write: the API server, the kubelets, kubeadm, kube-controller-manager, kubeadm\'s CoreDNS', () => {
    const boot = rows.filter((r) => r.time_ms === 0 && ['kube-apiserver', 'kubeadm', 'serviceaccount-controller', 'root-ca-cert-publisher'].includes(r.actor) || (r.time_ms === 0 && r.kind === 'Node' && r.verb === 'create'));
    expect(boot.map((r) => `${r.actor} ${r.verb} ${r.kind} ${r.namespace ?? ''}/${r.name}`)).toEqual([
      'kube-apiserver create Namespace /default',
      'kube-apiserver create Namespace /kube-system',
      'kube-apiserver create Namespace /kube-public',
      'kube-apiserver create Namespace /kube-node-lease',
      'kube-apiserver create Service default/kubernetes',
      'kube-apiserver create PriorityClass /system-node-critical',
      'kube-apiserver create PriorityClass /system-cluster-critical',
      'kubelet/control-plane create Node /control-plane',
      'kubelet/node-1 create Node /node-1',
      'kubelet/node-2 create Node /node-2',
      'kubeadm update Node /control-plane',
      ...['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((ns) => `serviceaccount-controller create ServiceAccount ${ns}/default`),
      ...['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((ns) => `root-ca-cert-publisher create ConfigMap ${ns}/kube-root-ca.crt`),
      'kubeadm create ConfigMap kube-system/coredns',
      'kubeadm create ServiceAccount kube-system/coredns',
      'kubeadm create Deployment kube-system/coredns',
      'kubeadm create Service kube-system/kube-dns',
      'kubeadm create ConfigMap kube-system/kube-proxy',
      'kubeadm create ServiceAccount kube-system/kube-proxy',
      'kubeadm create DaemonSet kube-system/kube-proxy',
    ]);
  });

  it('kubelapse get -A lists what kubectl get all -A would: CoreDNS, kube-dns, the four mirror pods on control-plane', () => {
    const pods = cli(['get', out, 'pods', '-A', '--at', '14s']);
    expect(pods.code, pods.stderr).toBe(0);
    const system = pods.stdout.split('\n').filter((l) => l.startsWith('kube-system '));
    expect(system.map((l) => l.split(/\s+/)[1]?.replace(/-[a-z0-9]{10}-[a-z0-9]{5}$/, '-*').replace(/^kube-proxy-[a-z0-9]{5}$/, 'kube-proxy-*'))).toEqual([
      'coredns-*', 'coredns-*', 'etcd-control-plane', 'kube-apiserver-control-plane', 'kube-controller-manager-control-plane',
      // kube-proxy's DaemonSet runs on every node, the control-plane node too (it tolerates every taint).
      'kube-proxy-*', 'kube-proxy-*', 'kube-proxy-*', 'kube-scheduler-control-plane',
    ]);
    expect(system.every((l) => /\s1\/1\s+Running\s/.test(l))).toBe(true);
    expect(cli(['get', out, 'deploy', '-A', '--at', '14s']).stdout).toMatch(/^kube-system\s+coredns\s+2\/2\s+2\s+2\s/m);
    expect(cli(['get', out, 'svc', '-A']).stdout).toMatch(/^kube-system\s+kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s/m);
    const wide = cli(['get', out, 'pods', '-n', 'kube-system', '-o', 'wide', '--at', '14s']).stdout;
    expect(wide).toMatch(/^etcd-control-plane\s+1\/1\s+Running\s+0\s+\S+\s+10\.0\.0\.2\s+control-plane\s/m);
  });

  it('web\'s pods: the default account, one kube-api-access volume mounted in the container, priority 0; nothing on control-plane', () => {
    const pods = rows.filter((r) => r.kind === 'Pod' && r.verb === 'create' && r.name.startsWith('web-')).map(obj);
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.spec).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default', priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
      expect(p.spec.volumes).toHaveLength(1);
      expect(p.spec.volumes[0].projected.sources[0]).toEqual({ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } });
      expect(p.spec.containers[0].volumeMounts).toEqual([{ name: p.spec.volumes[0].name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    }
    const bound = rows.filter((r) => r.subresource === 'binding' && r.namespace === 'default').map((r) => obj(r).spec.nodeName);
    expect(bound).not.toContain('control-plane');
  });

  it('the refused pods left no row; the admitted ones carry what their account and class say', () => {
    const refusedAt = (t: number) => rows.filter((r) => r.time_ms === t && r.actor === 'kubectl');
    expect(refusedAt(30_000)).toEqual([]);
    expect(refusedAt(45_000)).toEqual([]);
    const markers = db.prepare("SELECT time_ms, body FROM markers WHERE kind = 'action' AND time_ms IN (30000, 45000) ORDER BY time_ms").all() as Array<{ body: string }>;
    expect(markers.map((m) => m.body.split('\n').at(-1))).toEqual([
      'Error from server (Forbidden): pods "robot" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
      'Error from server (Forbidden): pods "batch" is forbidden: no PriorityClass with name batch-low was found',
    ]);
    const batch = obj(rows.find((r) => r.kind === 'Pod' && r.name === 'batch' && r.verb === 'create'));
    expect(batch.spec).toMatchObject({ priorityClassName: 'batch-low', priority: -10, preemptionPolicy: 'Never' });
  });

  it('the deleted mirror pod: kubectl\'s DELETE, the kubelet\'s grace-0 delete and its new mirror pod, each caused by the one before; the container never stopped', () => {
    const after = rows.filter((r) => r.time_ms >= 60_000 && r.name === 'etcd-control-plane' && r.kind === 'Pod');
    expect(after.slice(0, 4).map((r) => `${r.actor} ${r.verb}${r.subresource ? '/' + r.subresource : ''}`)).toEqual([
      'kubectl update',
      'kubelet/control-plane delete',
      'kubelet/control-plane create',
      'kubelet/control-plane update/status',
    ]);
    expect(after[1]?.cause_seq).toBe(after[0]?.seq);
    expect(after[2]?.cause_seq).toBe(after[1]?.seq);
    const [marked, , fresh, status] = after.map(obj);
    expect(fresh.metadata.uid).not.toBe(marked.metadata.uid);
    expect(status.status.containerStatuses[0]).toMatchObject({ ready: true, restartCount: 0, containerID: marked.status.containerStatuses[0].containerID });
    const why = cli(['why', out, String(after[2]?.seq)]);
    expect(why.stdout).toMatch(/ 1\. #\d+ 1:00\.0 kubectl update pod\/kube-system\/etcd-control-plane/);
  });
});
