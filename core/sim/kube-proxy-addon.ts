import type { KObject } from '../api/types.js';
import type { ProcessEvent } from '../kubelet/kubelet.js';
import type { KubeProxy } from '../network/kube-proxy.js';
import { KUBELET_VERSION } from './node-info.js';

/** The label kubeadm puts on the kube-proxy DaemonSet and its pods; kube-proxy processes are found by it. */
export const KUBE_PROXY_LABEL = { 'k8s-app': 'kube-proxy' } as const;
/** The control plane's version: kubeadm runs the kube-proxy of the same release. */
export const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBELET_VERSION}`;

/**
 * What `kubeadm init`'s kube-proxy addon phase creates in kube-system (cmd/kubeadm/app/
 * phases/addons/proxy, v1.32): the ConfigMap with its configuration, the ServiceAccount
 * its pods run as, and the DaemonSet that puts one kube-proxy on every node: host
 * network, system-node-critical, tolerating every taint (`operator: Exists`), Linux
 * nodes only. The RBAC bindings kubeadm also creates are not modeled.
 */
export function kubeProxyAddon(): KObject[] {
  const namespace = 'kube-system';
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace, labels: { app: 'kube-proxy' } },
      data: {
        'config.conf': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nbindAddress: 0.0.0.0\nclusterCIDR: 10.244.0.0/16\nmode: iptables\niptables:\n  minSyncPeriod: 1s\n  syncPeriod: 30s\n',
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'kube-proxy', namespace } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace, labels: { ...KUBE_PROXY_LABEL } },
      spec: {
        selector: { matchLabels: { ...KUBE_PROXY_LABEL } },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: { ...KUBE_PROXY_LABEL } },
          spec: {
            priorityClassName: 'system-node-critical',
            containers: [
              {
                name: 'kube-proxy',
                image: KUBE_PROXY_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
                securityContext: { privileged: true },
                volumeMounts: [
                  { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                  { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                  { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                ],
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              },
            ],
            hostNetwork: true,
            serviceAccountName: 'kube-proxy',
            volumes: [
              { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
            ],
            tolerations: [{ operator: 'Exists' }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
        },
      },
    },
  ];
}

/**
 * The tie between a node's kube-proxy pod and its simulated kube-proxy: a container of a
 * kube-system pod labelled `k8s-app=kube-proxy` starting on the node (as its kubelet runs
 * it) starts the node's KubeProxy syncing; its stopping stops it. Matched by namespace
 * and label, as one finds kube-proxy with `kubectl -n kube-system get pods -l
 * k8s-app=kube-proxy`: a kube-proxy DaemonSet replaced by hand still drives it.
 */
export function tieKubeProxy(proxy: KubeProxy, e: ProcessEvent): void {
  if (e.pod.metadata.namespace !== 'kube-system' || e.pod.metadata.labels?.['k8s-app'] !== KUBE_PROXY_LABEL['k8s-app']) return;
  const id = `${e.pod.metadata.uid}/${e.container}`;
  if (e.running) proxy.processStarted(id);
  else proxy.processStopped(id);
}
