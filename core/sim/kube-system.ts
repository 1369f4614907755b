import type { Client } from '../client/client.js';
import { publishRootCA } from '../controllers/rootcacertpublisher/publisher.js';
import { ensureServiceAccounts } from '../controllers/serviceaccount/serviceaccounts-controller.js';
import { SYSTEM_PRIORITY_CLASSES, systemPriorityClass } from '../api/priority-classes.js';
import { CLUSTER_CA_CERT } from './kubeadm/cluster-ca.js';
import { markControlPlane } from './kubeadm/control-plane-node.js';
import { installCoreDNS } from './kubeadm/coredns.js';

/**
 * The API server's scheduling/bootstrap-system-priority-classes post-start hook:
 * system-node-critical, then system-cluster-critical.
 */
export function createSystemPriorityClasses(apiserver: Client): void {
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    apiserver.create(systemPriorityClass(pc), { reason: 'Bootstrap', message: `priority class ${pc.name} (${pc.value}) created by the API server` });
  }
}

/**
 * What a fresh kubeadm v1.32 cluster has written by the time anyone uses it, after the
 * API server's own objects and the nodes: kubeadm marks the control-plane node (when the
 * scenario has one); kube-controller-manager's first syncs give every namespace its
 * `default` ServiceAccount and its kube-root-ca.crt ConfigMap, written by the actors
 * that keep them (serviceaccount-controller, root-ca-cert-publisher), through the same
 * functions their controllers run; then kubeadm installs the CoreDNS addon.
 */
export function bootstrapKubeSystem(client: (actor: string) => Client, controlPlaneNodes: readonly string[]): void {
  const kubeadm = client('kubeadm');
  for (const node of controlPlaneNodes) markControlPlane(kubeadm, node);
  const sa = client('serviceaccount-controller');
  const publisher = client('root-ca-cert-publisher');
  const namespaces = sa.list('Namespace').items;
  for (const ns of namespaces) ensureServiceAccounts(sa, ns, (name) => sa.api.tryGet('ServiceAccount', ns.metadata.name, name) !== undefined);
  for (const ns of namespaces) {
    const name = ns.metadata.name ?? '';
    publishRootCA(publisher, name, CLUSTER_CA_CERT, publisher.api.tryGet('ConfigMap', name, 'kube-root-ca.crt'));
  }
  installCoreDNS(kubeadm);
}
