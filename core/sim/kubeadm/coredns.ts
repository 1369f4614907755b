import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { SYSTEM_CLUSTER_CRITICAL } from '../../api/priority-classes.js';

/** kubeadm v1.32's CoreDNS (build/dependencies.yaml: coredns v1.11.3, as in v1.31). */
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';
/** The tenth address of the 10.96.0.0/12 service range, which kubeadm gives kube-dns. */
export const DNS_SERVICE_IP = '10.96.0.10';

/**
 * The Corefile of kubeadm's CoreDNS addon for cluster.local. v1.32 added the `disable`
 * lines (kubernetes#128359): answers about cluster.local come fresh from the kubernetes
 * plugin's watch, never from a 30 s cache.
 */
export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

const LABELS = { 'k8s-app': 'kube-dns' };

/**
 * kubeadm's DNS addon phase (cmd/kubeadm/app/phases/addons/dns), in its order: the
 * `coredns` ConfigMap, the ServiceAccount, the Deployment of 2 replicas and the
 * `kube-dns` Service at 10.96.0.10 (its ClusterRole and binding are RBAC, which the
 * simulator does not model). The Deployment, ReplicaSet and EndpointSlice controllers
 * then run CoreDNS like any other Deployment: two pods spread over the nodes, Ready
 * after their /ready probe, behind kube-dns.
 */
export function coreDNSObjects(): KObject[] {
  const meta = (name: string, extra: Record<string, unknown> = {}): KObject['metadata'] => ({ name, namespace: 'kube-system', ...extra });
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('coredns'), data: { Corefile: COREFILE } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('coredns') },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('coredns', { labels: { ...LABELS } }),
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: { ...LABELS } },
        template: {
          metadata: { labels: { ...LABELS } },
          spec: {
            priorityClassName: SYSTEM_CLUSTER_CRITICAL,
            serviceAccountName: 'coredns',
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
                ],
              },
            },
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: 'coredns',
                image: COREDNS_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
                args: ['-conf', '/etc/coredns/Corefile'],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                ],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
                livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
                readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
              },
            ],
            dnsPolicy: 'Default',
            volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('kube-dns', {
        labels: { ...LABELS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      }),
      spec: {
        clusterIP: DNS_SERVICE_IP,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        selector: { ...LABELS },
      },
    },
  ];
}

/** Writes the addon as kubeadm does, through the API as actor `kubeadm`. */
export function installCoreDNS(kubeadm: Client): void {
  for (const obj of coreDNSObjects()) {
    const what = `${obj.kind} kube-system/${obj.metadata.name}`;
    kubeadm.create(obj, { reason: 'AddonInstalled', message: `kubeadm's CoreDNS addon: ${what}` });
  }
}
