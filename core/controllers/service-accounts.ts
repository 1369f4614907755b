/**
 * kube-controller-manager's controllers each authenticate as their own service account in
 * kube-system (--use-service-account-credentials, kubeadm's default). Most accounts carry
 * the name kubelapse gives the controller; these four do not. Upstream's names are the
 * ClientOrDie("...") arguments in cmd/kube-controller-manager/app/{apps,core}.go (v1.32):
 * the DaemonSet controller's "daemon-set-controller", the PV controller's
 * "persistent-volume-binder", and so on.
 *
 * The audit export writes these accounts and the import reads them back to the same actor,
 * so a recording exported and imported again names every write as before.
 */
const ACCOUNT_OF_ACTOR: Readonly<Record<string, string>> = {
  'daemonset-controller': 'daemon-set-controller',
  'serviceaccount-controller': 'service-account-controller',
  'garbage-collector': 'generic-garbage-collector',
  'persistentvolume-binder': 'persistent-volume-binder',
};

const ACTOR_OF_ACCOUNT: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ACCOUNT_OF_ACTOR).map(([actor, sa]) => [sa, actor]));

/** The service account (name only, in kube-system) a kube-controller-manager actor runs as. */
export function serviceAccountOfActor(actor: string): string {
  return ACCOUNT_OF_ACTOR[actor] ?? actor;
}

/** The actor a kube-controller-manager service account stands for. */
export function actorOfServiceAccount(sa: string): string {
  return ACTOR_OF_ACCOUNT[sa] ?? sa;
}

/** Whether `sa` is one of the renamed accounts above. */
export function isRenamedAccount(sa: string): boolean {
  return Object.hasOwn(ACTOR_OF_ACCOUNT, sa);
}
