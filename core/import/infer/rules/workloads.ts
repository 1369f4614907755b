import { UNSURE } from '../enqueue-log.js';
import type { Rule } from '../rule.js';
import { subjectOf } from '../rule.js';
import { keyOf } from '../write-facts.js';

/**
 * replicaset-controller: syncs a ReplicaSet when the ReplicaSet or one of its pods
 * changes (upstream's addPod/updatePod/deletePod enqueue the controlling owner). Its
 * pod creates and deletes, its status write and its Events carry that sync's cause.
 *   rs-scale: the ReplicaSet was created or its spec written (deployment-controller scaled it)
 *   rs-status: its own status write (the next sync sees it)
 *   rs-pod-change: one of its pods was created, changed or deleted
 * Window 30 s: a controller reacts within milliseconds; the rest is a resync.
 */
export const replicaSetRule: Rule = {
  queue: 'replicaset',
  windowMs: 30_000,
  syncKey(f, t, idx) {
    if (f.actor !== 'replicaset-controller') return undefined;
    const s = subjectOf(f, t, idx);
    if (s?.kind === 'ReplicaSet') return s.key;
    if (s?.kind === 'Pod' && s.owner?.startsWith('ReplicaSet/')) return s.owner;
    return undefined;
  },
  enqueues(f, t) {
    if (f.kind === 'ReplicaSet') return [[keyOf(f.kind, f.namespace, f.name), f.subresource === 'status' ? 'rs-status' : 'rs-scale']];
    if (f.kind === 'Pod' && t.after.owner?.startsWith('ReplicaSet/')) return [[t.after.owner, 'rs-pod-change']];
    return [];
  },
};

/**
 * deployment-controller: syncs a Deployment when it or one of its ReplicaSets changes.
 *   deployment-spec: the Deployment was created or its spec written (kubectl apply, set image)
 *   deployment-status: its own status write
 *   deployment-rs-change: a ReplicaSet it owns changed (a rollout step: the new RS's
 *   status moved, so the next scale up/down follows)
 *   deployment-pod-change: for a Recreate Deployment, one of its pods (through its
 *   ReplicaSet) was deleted: the rollout waits for the old pods to be gone before it
 *   scales the new ReplicaSet up (upstream's only pod handler: deletePod, registered
 *   alone in pkg/controller/deployment/deployment_controller.go NewDeploymentController)
 * A pod's phase change is UNSURE for a Recreate Deployment: the simulator's controller
 * (core/controllers/deployment onPod) also wakes on it, upstream does not, so the sync
 * that follows may answer either (the shipped recreate scenario's status writes after a
 * pod started: 5 wrong of 68 deployment-status links before).
 */
export const deploymentRule: Rule = {
  queue: 'deployment',
  windowMs: 30_000,
  syncKey(f, t, idx) {
    if (f.actor !== 'deployment-controller') return undefined;
    const s = subjectOf(f, t, idx);
    if (s?.kind === 'Deployment') return s.key;
    if (s?.kind === 'ReplicaSet' && s.owner?.startsWith('Deployment/')) return s.owner;
    return undefined;
  },
  enqueues(f, t, idx) {
    if (f.kind === 'Deployment') return [[keyOf(f.kind, f.namespace, f.name), f.subresource === 'status' ? 'deployment-status' : 'deployment-spec']];
    if (f.kind === 'ReplicaSet' && t.after.owner?.startsWith('Deployment/')) return [[t.after.owner, 'deployment-rs-change']];
    if (f.kind === 'Pod' && t.before !== undefined && (t.after.gone || t.before.phase !== t.after.phase)) {
      const deployment = t.after.owner === undefined ? undefined : idx.get(t.after.owner)?.owner;
      if (deployment !== undefined && idx.get(deployment)?.recreate === true) return [[deployment, t.after.gone ? 'deployment-pod-change' : UNSURE]];
    }
    return [];
  },
};

/**
 * daemonset-controller: syncs a DaemonSet when it, one of its pods, or the set of nodes
 * changes (a node added, removed, relabelled or retainted may need or lose a pod).
 *   ds-spec / ds-status: the DaemonSet itself was written
 *   ds-pod-change: one of its pods changed
 *   ds-node-change: a node was created or deleted, or its labels or taints changed
 */
export const daemonSetRule: Rule = {
  queue: 'daemonset',
  windowMs: 30_000,
  syncKey(f, t, idx) {
    if (f.actor !== 'daemonset-controller') return undefined;
    const s = f.kind === 'ControllerRevision' ? { kind: 'Pod', key: '', owner: t.after.owner } : subjectOf(f, t, idx);
    const ds = s?.kind === 'DaemonSet' ? s.key : s?.owner?.startsWith('DaemonSet/') ? s.owner : undefined;
    return ds === undefined ? undefined : [ds, 'nodes'];
  },
  enqueues(f, t) {
    if (f.kind === 'DaemonSet') return [[keyOf(f.kind, f.namespace, f.name), f.subresource === 'status' ? 'ds-status' : 'ds-spec']];
    if (f.kind === 'Pod' && t.after.owner?.startsWith('DaemonSet/')) return [[t.after.owner, 'ds-pod-change']];
    const b = t.before;
    const a = t.after;
    if (f.kind === 'Node' && (b === undefined || a.gone || b.taints !== a.taints || JSON.stringify(b.labels) !== JSON.stringify(a.labels))) return [['nodes', 'ds-node-change']];
    return [];
  },
};
