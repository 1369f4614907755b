/**
 * What each inference rule's cause was, in words, for `why`, `events`, `history` and
 * the viewer: "inferred: ReplicaSet scaled 4 ms earlier (rule rs-scale)". One entry per
 * rule name of core/import/infer/rules/ (docs/import.md lists them), and the two no rule
 * infers any more (bind-pod-update, kubelet-pod-update: wrong 15 times of 15 over the
 * shipped scenarios) for the recordings imported before.
 */
export const RULE_LABELS: Readonly<Record<string, string>> = {
  'rs-scale': 'ReplicaSet scaled',
  'rs-status': 'ReplicaSet status written',
  'rs-pod-change': 'a pod of the ReplicaSet changed',
  'deployment-spec': 'Deployment spec changed',
  'deployment-status': 'Deployment status written',
  'deployment-rs-change': 'a ReplicaSet of the Deployment changed',
  'deployment-pod-change': 'a pod of the Recreate Deployment was deleted',
  'ds-spec': 'DaemonSet changed',
  'ds-status': 'DaemonSet status written',
  'ds-pod-change': 'a pod of the DaemonSet changed',
  'ds-node-change': 'a node was added or changed',
  'bind-pod-create': 'pod created',
  'bind-pod-update': 'unbound pod changed',
  'bind-node-change': 'a node was added or changed while the pod waited',
  'bind-pod-gone': 'a pod left its node while the pod waited',
  'kubelet-binding': 'pod bound to the node',
  'kubelet-status': 'previous pod status',
  'kubelet-pod-delete': 'pod deletion requested',
  'kubelet-pod-update': 'pod changed',
  'kubelet-final-delete': 'last status written',
  'lease-renew': 'lease renewed',
  'endpoints-pod-ready': "a selected pod's readiness changed",
  'endpoints-service': 'Service changed',
  'gc-owner-delete': 'owner deleted',
  'taint-eviction': 'node tainted',
  'node-status': 'node last reported',
};

/** 4 -> "4 ms", 1_250 -> "1.3 s", 200_000 -> "3m20s". */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}m${s > 0 ? `${s}s` : ''}`;
}

/** "inferred: ReplicaSet scaled 4 ms earlier (rule rs-scale)" */
export function inferredLabel(rule: string, delayMs: number): string {
  return `inferred: ${RULE_LABELS[rule] ?? rule} ${formatDelay(delayMs)} earlier (rule ${rule})`;
}
