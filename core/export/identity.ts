/**
 * Who a recorded actor is to a real API server: the user name, groups and User-Agent the
 * real component authenticates with in a kubeadm cluster of v1.32.4, and the component
 * kind the trace formats group actors by. The audit export writes these; the importer
 * maps them back to the same actor names.
 */
import { serviceAccountOfActor } from '../controllers/service-accounts.js';

export interface Identity {
  username: string;
  groups: string[];
  userAgent: string;
  /** the process a trace shows the actor under: kubelet, kube-scheduler, kube-controller-manager ... */
  component: string;
}

/** v1.32.4's tag commit (59526cd4867447956156ae3a602fcbac10a2c335), as client-go's User-Agent abbreviates it. */
const UA_TAIL = 'v1.32.4 (linux/amd64) kubernetes/59526cd';

/** Controllers of kube-controller-manager that run under their own service account (--use-service-account-credentials, kubeadm's default). */
function isController(actor: string): boolean {
  return actor.endsWith('-controller') || actor.endsWith('garbage-collector') || actor === 'root-ca-cert-publisher' || actor === 'horizontal-pod-autoscaler' || actor === 'persistentvolume-binder';
}


export function identityOf(actor: string): Identity {
  const kubelet = /^kubelet\/(.+)$/.exec(actor);
  if (kubelet !== null) {
    // The node authorizer's identity: system:node:<name> in system:nodes.
    return { username: `system:node:${kubelet[1]}`, groups: ['system:nodes', 'system:authenticated'], userAgent: `kubelet/${UA_TAIL}`, component: 'kubelet' };
  }
  if (actor === 'scheduler' || actor === 'kube-scheduler') {
    return { username: 'system:kube-scheduler', groups: ['system:authenticated'], userAgent: `kube-scheduler/${UA_TAIL}/scheduler`, component: 'kube-scheduler' };
  }
  if (isController(actor)) {
    // client-go appends the service account to kube-controller-manager's agent: ".../system:serviceaccount:kube-system:deployment-controller".
    const sa = `system:serviceaccount:kube-system:${serviceAccountOfActor(actor)}`;
    return {
      username: sa,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
      userAgent: `kube-controller-manager/${UA_TAIL}/${sa}`,
      component: 'kube-controller-manager',
    };
  }
  if (actor === 'kubectl' || actor === 'kind') {
    // kubeadm's admin.conf user since v1.29: kubernetes-admin in kubeadm:cluster-admins.
    return { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'], userAgent: `kubectl/${UA_TAIL}`, component: 'kubectl' };
  }
  if (actor === 'kube-apiserver') {
    return { username: 'system:apiserver', groups: ['system:authenticated', 'system:masters'], userAgent: `kube-apiserver/${UA_TAIL}`, component: 'kube-apiserver' };
  }
  if (actor === 'kubeadm') {
    return { username: 'kubernetes-super-admin', groups: ['system:masters', 'system:authenticated'], userAgent: `kubeadm/${UA_TAIL}`, component: 'kubeadm' };
  }
  if (actor === 'kube-proxy' || actor.startsWith('kube-proxy/')) {
    return { username: 'system:serviceaccount:kube-system:kube-proxy', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'], userAgent: `kube-proxy/${UA_TAIL}`, component: 'kube-proxy' };
  }
  if (actor === 'cluster-autoscaler') {
    return { username: 'system:serviceaccount:kube-system:cluster-autoscaler', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'], userAgent: 'cluster-autoscaler/v1.32.1', component: 'cluster-autoscaler' };
  }
  // An actor of an imported recording (already a user name) or a client we do not know.
  return { username: actor, groups: ['system:authenticated'], userAgent: actor, component: 'other' };
}
