import type { Rule } from '../rule.js';
import { subjectOf } from '../rule.js';
import { keyOf } from '../write-facts.js';

/**
 * scheduler: binds a pod it saw created without a node.
 *   bind-pod-create: the pod's create
 *   bind-pod-update: a later write to the still-unbound pod (a retry after it changed)
 */
export const schedulerRule: Rule = {
  queue: 'scheduler',
  windowMs: 60_000,
  syncKey(f, t, idx) {
    if (f.actor !== 'scheduler') return undefined;
    const s = subjectOf(f, t, idx);
    return s?.kind === 'Pod' ? s.key : undefined;
  },
  enqueues(f, t) {
    if (f.kind !== 'Pod' || t.after.nodeName !== undefined) return [];
    return [[keyOf(f.kind, f.namespace, f.name), f.verb === 'create' ? 'bind-pod-create' : 'bind-pod-update']];
  },
};

/**
 * kubelet/<node>: its pod worker acts on the newest change of a pod bound to its node.
 *   kubelet-binding: the pod was bound to the node (pods/binding, or spec.nodeName set)
 *   kubelet-status: its own previous status write (a container started, a probe passed)
 *   kubelet-pod-delete: the pod's deletion was requested (deletionTimestamp set)
 *   kubelet-pod-update: any other change of the pod
 *   kubelet-final-delete: the grace-0 delete right after its last status write (same instant)
 * Window 10 min: a container can take minutes to pull and start.
 */
export const kubeletRule: Rule = {
  queue: 'kubelet',
  windowMs: 600_000,
  syncKey(f, t, idx) {
    if (!f.actor.startsWith('kubelet/')) return undefined;
    // A pod's deletionTimestamp is set by the API server for a DELETE request, never by
    // the kubelet's sync: a watch names the previous writer for it (actor.ts: the deleter
    // is unknown), which is the kubelet once it wrote status, and the binding 24 s
    // earlier was then given as its cause (the real k8shark capture's seq 85).
    if (f.kind === 'Pod' && t.after.deleting && t.before?.deleting !== true) return undefined;
    const s = subjectOf(f, t, idx);
    return s?.kind === 'Pod' ? s.key : undefined;
  },
  // The final delete follows the status write of the same sync; so does an Event it
  // records there (a failed probe's Unhealthy goes with the status that says not ready).
  sameInstant: (f) => (f.kind === 'Pod' && f.verb === 'delete') || f.kind === 'Event',
  rename: (f, e) => (f.kind === 'Pod' && f.verb === 'delete' ? 'kubelet-final-delete' : e.rule),
  enqueues(f, t) {
    if (f.kind !== 'Pod' || t.after.nodeName === undefined) return [];
    const key = keyOf(f.kind, f.namespace, f.name);
    if (t.before?.nodeName === undefined) return [[key, 'kubelet-binding']];
    // The deletion first: a watch may name the kubelet for it (see syncKey), and what the kubelet does next answers the deletion, not a status of its own.
    if (t.after.deleting && t.before.deleting !== true) return [[key, 'kubelet-pod-delete']];
    if (f.actor.startsWith('kubelet/')) return [[key, 'kubelet-status']];
    return [[key, 'kubelet-pod-update']];
  },
};

/**
 * kubelet/<node>'s node lease: renewed every 10 s (nodeLeaseRenewInterval is 1/4 of the
 * 40 s lease), each renewal following the previous one.
 *   lease-renew: the lease's previous write
 */
export const leaseRule: Rule = {
  queue: 'lease',
  windowMs: 60_000,
  syncKey(f) {
    return f.actor.startsWith('kubelet/') && f.kind === 'Lease' ? keyOf(f.kind, f.namespace, f.name) : undefined;
  },
  enqueues(f) {
    return f.kind === 'Lease' ? [[keyOf(f.kind, f.namespace, f.name), 'lease-renew']] : [];
  },
};
