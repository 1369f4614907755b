import type { Client } from '../../client/client.js';

/** The control-plane node's name when a scenario asks for one (kind calls its own `<cluster>-control-plane`). */
export const CONTROL_PLANE_NODE = 'control-plane';
export const CONTROL_PLANE_ROLE_LABEL = 'node-role.kubernetes.io/control-plane';
export const EXCLUDE_FROM_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

/**
 * kubeadm's mark-control-plane phase: once the kubelet has registered the node, kubeadm
 * labels it (the role `kubectl get nodes` shows in ROLES, and out of external load
 * balancers) and taints it node-role.kubernetes.io/control-plane:NoSchedule, so that
 * only pods tolerating the taint (CoreDNS does, DaemonSet pods may) are scheduled there.
 */
export function markControlPlane(kubeadm: Client, node: string): void {
  kubeadm.patch(
    'Node',
    null,
    node,
    { metadata: { labels: { [CONTROL_PLANE_ROLE_LABEL]: '', [EXCLUDE_FROM_LB_LABEL]: '' } }, spec: { taints: [{ key: CONTROL_PLANE_ROLE_LABEL, effect: 'NoSchedule' }] } },
    'merge',
    { reason: 'MarkControlPlane', message: `kubeadm marks ${node} as a control-plane node: role label and NoSchedule taint` },
  );
}
