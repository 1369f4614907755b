import { UNSURE } from '../enqueue-log.js';
import { WAITING } from '../wake-log.js';
import type { Rule } from '../rule.js';
import { subjectOf } from '../rule.js';
import { keyOf, metadataOf } from '../write-facts.js';

/**
 * The annotation a kubelet puts on the mirror pod of a static pod (upstream
 * pkg/kubelet/types/pod_update.go ConfigMirrorAnnotationKey).
 */
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** The kubelet's first status write of a mirror pod it created (see kubeletRule). */
function isMirrorAdmission(f: { object: Record<string, unknown> }, t: { before: { writes: number } | undefined }): boolean {
  return metadataOf(f.object).annotations?.[MIRROR_ANNOTATION] !== undefined && t.before?.writes === 1;
}

/**
 * scheduler: binds a pod it saw created without a node.
 *   bind-pod-create: the pod's create
 *   bind-node-change: a node added, or its taints, labels, unschedulable flag or
 *   allocatable changed, while the pod waited as unschedulable
 *   bind-pod-gone: a pod on a node deleted or finished (it freed room), while it waited
 * A pod the scheduler found no node for (its own FailedScheduling status) WAITs: its
 * retry is woken by the first such cluster event after it (the scheduler's queueing
 * hints move every unschedulable pod at once: autoscaler-scale-out's pods bound after the
 * first of three nodes added in one millisecond), and a retry with no wake before it (the
 * 5-minute flush) has no cause. As `bind-pod-update`, the pod's own status as the cause,
 * it was right 0 times of 8 over the shipped scenarios. Another writer's change of the
 * unbound pod is UNSURE.
 * Window 10 min: a wait ends by itself after 5 min (DefaultPodMaxInUnschedulablePodsDuration,
 * pkg/scheduler/internal/queue/scheduling_queue.go), then one more attempt.
 */
export const schedulerRule: Rule = {
  queue: 'scheduler',
  windowMs: 600_000,
  wakeKeepMs: 600_000,
  syncKey(f, t, idx) {
    if (f.actor !== 'scheduler') return undefined;
    const s = subjectOf(f, t, idx);
    return s?.kind === 'Pod' ? s.key : undefined;
  },
  enqueues(f, t, idx) {
    // A failed attempt shows as the FailedScheduling Event even when the pod's status is
    // unchanged (the Event's count goes up, the status is not written again): the wait
    // starts there (autoscaler-scale-out's too-big pod, 7 retries tied to a wake from
    // before its last attempt otherwise).
    if (f.kind === 'Event' && f.actor === 'scheduler' && f.object.reason === 'FailedScheduling') {
      const s = subjectOf(f, t, idx);
      return s?.kind === 'Pod' && idx.get(s.key)?.nodeName === undefined ? [[s.key, WAITING]] : [];
    }
    if (f.kind !== 'Pod' || t.after.nodeName !== undefined) return [];
    return [[keyOf(f.kind, f.namespace, f.name), f.verb === 'create' ? 'bind-pod-create' : f.actor === 'scheduler' ? WAITING : UNSURE]];
  },
  wakes(f, t) {
    if (f.partial) return undefined;
    const b = t.before;
    const a = t.after;
    if (f.kind === 'Node' && !a.gone && (b === undefined || b.taints !== a.taints || b.schedulable !== a.schedulable || JSON.stringify(b.labels) !== JSON.stringify(a.labels))) return 'bind-node-change';
    if (f.kind === 'Pod' && b?.nodeName !== undefined && (a.gone || (a.terminal && !b.terminal))) return 'bind-pod-gone';
    return undefined;
  },
};

/**
 * kubelet/<node>: its pod worker acts on the newest change of a pod bound to its node.
 *   kubelet-binding: the pod was bound to the node (pods/binding, or spec.nodeName set)
 *   kubelet-status: its own previous status write (a container started, a probe passed)
 *   kubelet-pod-delete: the pod's deletion was requested (deletionTimestamp set)
 *   kubelet-final-delete: the grace-0 delete right after its last status write (same instant)
 * Any other writer's change of the pod (a finalizer removed, the node-controller's
 * NodeNotReady status) is UNSURE: the pod worker goes on with what it was doing (killing
 * the pod, or nothing while its node is down); as `kubelet-pod-update` it was right 0
 * times of 7 over the shipped scenarios. A mirror pod's first status (a static pod's,
 * annotated kubernetes.io/config.mirror) enqueues nothing: the kubelet creates the mirror
 * and admits the pod from its manifest file in one step, so what it does next (Pulled,
 * ContainerStarted) answers the mirror's create (autoscaler-scale-out's control-plane
 * pods: 27 Events and 15 statuses wrong before); its later statuses enqueue as any pod's.
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
    if (f.actor.startsWith('kubelet/')) return isMirrorAdmission(f, t) ? [] : [[key, 'kubelet-status']];
    return [[key, UNSURE]];
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
