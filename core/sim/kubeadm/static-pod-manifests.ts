import type { KObject } from '../../api/types.js';
import { SYSTEM_NODE_CRITICAL, SYSTEM_PRIORITY_CLASSES } from '../../api/priority-classes.js';
import { KUBELET_VERSION } from '../node-info.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are open JSON */

/** kubeadm v1.32's etcd (constants.SupportedEtcdVersion for 1.32). */
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.16-0';
const NODE_CRITICAL = SYSTEM_PRIORITY_CLASSES.find((pc) => pc.name === SYSTEM_NODE_CRITICAL)?.value as number;

/**
 * What `kubeadm init` writes to /etc/kubernetes/manifests on the control-plane node: etcd,
 * kube-apiserver, kube-controller-manager and kube-scheduler as static pods (component
 * and tier labels, hostNetwork, system-node-critical with its priority written out, as
 * kubeadm has done since v1.27 for graceful node shutdown; seccomp RuntimeDefault; the
 * probes and requests of cmd/kubeadm/app/phases/controlplane and etcd). `ip` is the
 * node's InternalIP, the advertise address.
 */
export function controlPlaneManifests(node: string, ip: string): KObject[] {
  return [etcd(node, ip), apiServer(ip), controllerManager(), scheduler()];
}

function staticPod(component: string, container: any, volumes: Array<[string, string, string]>, annotations?: Record<string, string>): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: component, namespace: 'kube-system', labels: { component, tier: 'control-plane' }, ...(annotations !== undefined ? { annotations } : {}) },
    spec: {
      containers: [{ name: component, imagePullPolicy: 'IfNotPresent', ...container }],
      hostNetwork: true,
      priority: NODE_CRITICAL,
      priorityClassName: SYSTEM_NODE_CRITICAL,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes: volumes.map(([name, path, type]) => ({ name, hostPath: { path, type } })),
    },
  };
}

/** failureThreshold 8 every 10 s after 10 s for liveness; the startup probe allows 24 x 10 s. */
function probe(path: string, port: number, scheme: 'HTTP' | 'HTTPS', host: string, kind: 'liveness' | 'startup' | 'readiness'): any {
  const httpGet = { host, path, port, scheme };
  if (kind === 'readiness') return { failureThreshold: 3, httpGet, periodSeconds: 1, timeoutSeconds: 15 };
  return { failureThreshold: kind === 'liveness' ? 8 : 24, httpGet, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 };
}

const mount = (name: string, mountPath: string, readOnly = true): any => ({ mountPath, name, ...(readOnly ? { readOnly: true } : {}) });

function etcd(node: string, ip: string): KObject {
  const pki = '/etc/kubernetes/pki/etcd';
  return staticPod(
    'etcd',
    {
      command: [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        `--cert-file=${pki}/server.crt`,
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${node}=https://${ip}:2380`,
        `--key-file=${pki}/server.key`,
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${ip}:2380`,
        `--name=${node}`,
        `--peer-cert-file=${pki}/peer.crt`,
        '--peer-client-cert-auth=true',
        `--peer-key-file=${pki}/peer.key`,
        `--peer-trusted-ca-file=${pki}/ca.crt`,
        '--snapshot-count=10000',
        `--trusted-ca-file=${pki}/ca.crt`,
      ],
      image: ETCD_IMAGE,
      livenessProbe: probe('/livez', 2381, 'HTTP', '127.0.0.1', 'liveness'),
      readinessProbe: probe('/readyz', 2381, 'HTTP', '127.0.0.1', 'readiness'),
      resources: { requests: { cpu: '100m', memory: '100Mi' } },
      startupProbe: probe('/readyz', 2381, 'HTTP', '127.0.0.1', 'startup'),
      volumeMounts: [mount('etcd-data', '/var/lib/etcd', false), mount('etcd-certs', pki, false)],
    },
    [['etcd-certs', pki, 'DirectoryOrCreate'], ['etcd-data', '/var/lib/etcd', 'DirectoryOrCreate']],
    { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
  );
}

/** The host's CA bundles and kubeadm's PKI, mounted read-only into the API server and controller manager. */
const CERT_VOLUMES: Array<[string, string, string]> = [
  ['ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'],
  ['etc-ca-certificates', '/etc/ca-certificates', 'DirectoryOrCreate'],
  ['k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'],
  ['usr-local-share-ca-certificates', '/usr/local/share/ca-certificates', 'DirectoryOrCreate'],
  ['usr-share-ca-certificates', '/usr/share/ca-certificates', 'DirectoryOrCreate'],
];

function apiServer(ip: string): KObject {
  const pki = '/etc/kubernetes/pki';
  return staticPod(
    'kube-apiserver',
    {
      command: [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        `--client-ca-file=${pki}/ca.crt`,
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        `--etcd-cafile=${pki}/etcd/ca.crt`,
        `--etcd-certfile=${pki}/apiserver-etcd-client.crt`,
        `--etcd-keyfile=${pki}/apiserver-etcd-client.key`,
        '--etcd-servers=https://127.0.0.1:2379',
        `--kubelet-client-certificate=${pki}/apiserver-kubelet-client.crt`,
        `--kubelet-client-key=${pki}/apiserver-kubelet-client.key`,
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        `--proxy-client-cert-file=${pki}/front-proxy-client.crt`,
        `--proxy-client-key-file=${pki}/front-proxy-client.key`,
        '--requestheader-allowed-names=front-proxy-client',
        `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`,
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-username-headers=X-Remote-User',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki}/sa.pub`,
        `--service-account-signing-key-file=${pki}/sa.key`,
        '--service-cluster-ip-range=10.96.0.0/12',
        `--tls-cert-file=${pki}/apiserver.crt`,
        `--tls-private-key-file=${pki}/apiserver.key`,
      ],
      image: `registry.k8s.io/kube-apiserver:${KUBELET_VERSION}`,
      livenessProbe: probe('/livez', 6443, 'HTTPS', ip, 'liveness'),
      readinessProbe: probe('/readyz', 6443, 'HTTPS', ip, 'readiness'),
      resources: { requests: { cpu: '250m' } },
      startupProbe: probe('/livez', 6443, 'HTTPS', ip, 'startup'),
      volumeMounts: CERT_VOLUMES.map(([name, path]) => mount(name, path)),
    },
    CERT_VOLUMES,
    { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
  );
}

function controllerManager(): KObject {
  const pki = '/etc/kubernetes/pki';
  const conf = '/etc/kubernetes/controller-manager.conf';
  const flex = '/usr/libexec/kubernetes/kubelet-plugins/volume/exec';
  const volumes: Array<[string, string, string]> = [...CERT_VOLUMES, ['flexvolume-dir', flex, 'DirectoryOrCreate'], ['kubeconfig', conf, 'FileOrCreate']];
  volumes.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return staticPod(
    'kube-controller-manager',
    {
      command: [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        `--authentication-kubeconfig=${conf}`,
        `--authorization-kubeconfig=${conf}`,
        '--bind-address=127.0.0.1',
        `--client-ca-file=${pki}/ca.crt`,
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kubernetes',
        `--cluster-signing-cert-file=${pki}/ca.crt`,
        `--cluster-signing-key-file=${pki}/ca.key`,
        '--controllers=*,bootstrapsigner,tokencleaner',
        `--kubeconfig=${conf}`,
        '--leader-elect=true',
        `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`,
        `--root-ca-file=${pki}/ca.crt`,
        `--service-account-private-key-file=${pki}/sa.key`,
        '--service-cluster-ip-range=10.96.0.0/12',
        '--use-service-account-credentials=true',
      ],
      image: `registry.k8s.io/kube-controller-manager:${KUBELET_VERSION}`,
      livenessProbe: probe('/healthz', 10257, 'HTTPS', '127.0.0.1', 'liveness'),
      resources: { requests: { cpu: '200m' } },
      startupProbe: probe('/healthz', 10257, 'HTTPS', '127.0.0.1', 'startup'),
      volumeMounts: volumes.map(([name, path]) => mount(name, path, name !== 'flexvolume-dir')),
    },
    volumes,
  );
}

function scheduler(): KObject {
  const conf = '/etc/kubernetes/scheduler.conf';
  return staticPod(
    'kube-scheduler',
    {
      command: ['kube-scheduler', `--authentication-kubeconfig=${conf}`, `--authorization-kubeconfig=${conf}`, '--bind-address=127.0.0.1', `--kubeconfig=${conf}`, '--leader-elect=true'],
      image: `registry.k8s.io/kube-scheduler:${KUBELET_VERSION}`,
      livenessProbe: probe('/healthz', 10259, 'HTTPS', '127.0.0.1', 'liveness'),
      resources: { requests: { cpu: '100m' } },
      startupProbe: probe('/healthz', 10259, 'HTTPS', '127.0.0.1', 'startup'),
      volumeMounts: [mount('kubeconfig', conf)],
    },
    [['kubeconfig', conf, 'FileOrCreate']],
  );
}
