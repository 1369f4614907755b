/**
 * Who made an imported write, named as the simulator names its components, so the
 * viewer's lanes and stories read a real cluster's history as they read a simulated one
 * (docs/import.md, "Actors"). Two sources:
 *
 * - an audit line's user and user agent (audit logs);
 * - for watch data, which has no user, the object's newest managedFields entry (for a
 *   create, the creator's: creatorManager): its
 *   manager (the binary: kube-controller-manager, kube-scheduler, kubelet) and
 *   subresource, sharpened by kind where one binary runs many controllers.
 */

import { actorOfServiceAccount, isRenamedAccount } from '../controllers/service-accounts.js';
import { eventReporterActor } from './event-reporter.js';

const SERVICE_ACCOUNT = /^system:serviceaccount:kube-system:(.+)$/;

/** The simulator's actor for a controller's service account (controllers/service-accounts.ts: the four whose names differ). */
function controllerName(sa: string): string {
  return actorOfServiceAccount(sa);
}

/**
 * The last `/`-separated part of a kube-controller-manager user agent names the
 * controller: client-go's AddUserAgent appends it, so replicaset-controller's requests
 * carry "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/70d3cc9/system:serviceaccount:kube-system:replicaset-controller"
 * (or ".../replicaset-controller" without per-controller credentials).
 */
function controllerFromAgent(userAgent: string | null): string | undefined {
  if (userAgent === null) return undefined;
  const tail = userAgent.slice(userAgent.lastIndexOf('/') + 1);
  const sa = SERVICE_ACCOUNT.exec(tail)?.[1];
  if (sa !== undefined) return controllerName(sa);
  return /-controller$|^generic-garbage-collector$|^horizontal-pod-autoscaler$|^pod-garbage-collector$/.test(tail) ? controllerName(tail) : undefined;
}

/**
 * An audit user (and user agent) as an actor:
 *   system:kube-scheduler -> scheduler; system:node:node-1 -> kubelet/node-1;
 *   system:serviceaccount:kube-system:replicaset-controller -> replicaset-controller;
 *   system:kube-controller-manager with ".../deployment-controller" -> deployment-controller;
 *   system:apiserver -> kube-apiserver; a kubectl/v1.32.4 user agent -> kubectl;
 *   anyone else keeps their username (alice@example.com).
 */
export function actorOfAuditUser(user: string, userAgent: string | null): string {
  if (user === 'system:kube-scheduler') return 'scheduler';
  if (user.startsWith('system:node:')) return `kubelet/${user.slice('system:node:'.length)}`;
  if (user === 'system:apiserver') return 'kube-apiserver';
  if (user === 'system:kube-proxy') return 'kube-proxy';
  const sa = SERVICE_ACCOUNT.exec(user)?.[1];
  if (sa !== undefined && (/-controller$/.test(sa) || isRenamedAccount(sa) || sa === 'horizontal-pod-autoscaler' || sa === 'pod-garbage-collector' || sa === 'root-ca-cert-publisher')) return controllerName(sa);
  if (user === 'system:kube-controller-manager') return controllerFromAgent(userAgent) ?? 'kube-controller-manager';
  if (userAgent !== null && /^kubectl(\.exe)?\//.test(userAgent)) return 'kubectl';
  return user;
}

interface ManagedEntry {
  manager?: unknown;
  operation?: unknown;
  subresource?: unknown;
  time?: unknown;
}

function entriesOf(object: Record<string, unknown> | null): ManagedEntry[] {
  const entries = (object?.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!Array.isArray(entries)) return [];
  return (entries as ManagedEntry[]).filter((e) => e !== null && typeof e === 'object' && typeof e.manager === 'string');
}

function managerOf(e: ManagedEntry): { manager: string; subresource: string } {
  return { manager: String(e.manager), subresource: typeof e.subresource === 'string' ? e.subresource : '' };
}

/** The newest managedFields entry: the latest `time` (RFC 3339 sorts as text), the last listed on a tie. */
export function newestManager(object: Record<string, unknown> | null): { manager: string; subresource: string } | undefined {
  let best: ManagedEntry | undefined;
  for (const e of entriesOf(object)) if (best === undefined || String(e.time ?? '') >= String(best.time ?? '')) best = e;
  return best === undefined ? undefined : managerOf(best);
}

/**
 * Who created the object, for a `create` write: the newest entry names whoever wrote
 * last, which for an object that existed before the capture is seldom its creator (the
 * real k8shark capture's pod api-58dd68c5db-r5smx, first seen 90 s after its creation,
 * lists kube-controller-manager `Update` at 21:17:28 = creationTimestamp and kubelet
 * `Update` status at 21:17:31: the newest named kubelet; its Deployment lists
 * kubectl-client-side-apply at 21:17:28 and kube-controller-manager status at 21:17:32).
 *
 * Upstream (k8s.io/apimachinery pkg/util/managedfields/internal): an entry's `time` is
 * when that manager last changed its fields (managedfieldsupdater.go resets it on a
 * change), and the list is sorted by operation (Apply before Update), then time, then
 * manager (managedfields.go sortEncodedManagedFields): so neither the first listed nor
 * an entry's time is its creation. What holds: a create is a POST to the resource itself,
 * never to a subresource, and adds the creator's entry at creationTimestamp. So:
 *   1. among the entries without a subresource (Update or Apply), one whose time is
 *      creationTimestamp (both to the second): the creator; several: the first listed;
 *   2. else the oldest of them: the creator's entry whose time moved on when it changed
 *      its fields again (the capture's old ReplicaSet: kube-controller-manager at
 *      21:19:19, created 21:17:28 by the deployment-controller, which then scaled it);
 *   3. no entry without a subresource: the newest, as for other writes.
 * Wrong when another manager took over every field the creator set (its entry is
 * dropped): then the oldest remaining manager is named (docs/import.md says so).
 */
export function creatorManager(object: Record<string, unknown> | null): { manager: string; subresource: string } | undefined {
  const main = entriesOf(object).filter((e) => managerOf(e).subresource === '' && (e.operation === undefined || e.operation === 'Update' || e.operation === 'Apply'));
  const created = (object?.metadata as { creationTimestamp?: unknown } | undefined)?.creationTimestamp;
  const atCreation = typeof created === 'string' ? main.find((e) => e.time === created) : undefined;
  if (atCreation !== undefined) return managerOf(atCreation);
  let oldest: ManagedEntry | undefined;
  for (const e of main) if (oldest === undefined || String(e.time ?? '') < String(oldest.time ?? '')) oldest = e;
  return oldest !== undefined ? managerOf(oldest) : newestManager(object);
}

function ownerKind(object: Record<string, unknown>): string | undefined {
  const refs = (object.metadata as { ownerReferences?: Array<{ kind?: string; controller?: boolean }> } | undefined)?.ownerReferences;
  return refs?.find((r) => r.controller === true)?.kind ?? refs?.[0]?.kind;
}

/**
 * kube-controller-manager writes as one manager for all its controllers; which one
 * wrote is told by what was written: a pod owned by a ReplicaSet is created by
 * replicaset-controller, a ReplicaSet's spec by deployment-controller and its status by
 * replicaset-controller, an EndpointSlice by endpointslice-controller, a Node's taints
 * by node-controller.
 */
function controllerByKind(kind: string, subresource: string, object: Record<string, unknown>): string {
  if (kind === 'Pod') {
    const owner = ownerKind(object);
    return owner === 'ReplicaSet' ? 'replicaset-controller' : owner === 'Job' ? 'job-controller' : owner === 'StatefulSet' ? 'statefulset-controller' : owner === 'DaemonSet' ? 'daemonset-controller' : 'kube-controller-manager';
  }
  if (kind === 'ReplicaSet') return subresource === 'status' ? 'replicaset-controller' : 'deployment-controller';
  const byKind: Record<string, string> = {
    Deployment: 'deployment-controller', EndpointSlice: 'endpointslice-controller', Endpoints: 'endpoint-controller', Node: 'node-controller',
    Job: 'job-controller', CronJob: 'cronjob-controller', StatefulSet: 'statefulset-controller', DaemonSet: 'daemonset-controller',
    ServiceAccount: 'serviceaccount-controller', ConfigMap: 'root-ca-cert-publisher', ResourceQuota: 'resourcequota-controller',
    PodDisruptionBudget: 'disruption-controller', HorizontalPodAutoscaler: 'horizontal-pod-autoscaler', Namespace: 'namespace-controller',
    ControllerRevision: subresource === '' ? 'daemonset-controller' : 'kube-controller-manager',
  };
  return byKind[kind] ?? 'kube-controller-manager';
}

/**
 * A watched write's actor, from what it wrote through and the object's newest
 * managedFields entry (a create: its creator's entry, creatorManager):
 *   a binding (subresource `binding`: spec.nodeName set from empty, write-subresource.ts)
 *   -> scheduler. POST pods/NAME/binding adds no managedFields entry to the pod (the
 *   request's body is a Binding, not the pod), so the newest entry is still the pod's
 *   creator (replicaset-controller) and would name it; only a scheduler binds.
 *   kube-scheduler -> scheduler; kubelet -> kubelet/<spec.nodeName> for a pod,
 *   kubelet/<name> for a node; kube-controller-manager -> the controller by kind;
 *   kubectl-create, kubectl-client-side-apply, kubectl ... -> kubectl;
 *   any other manager (helm, argocd-controller) keeps its name; no entry: `unknown`.
 * A graceful delete (only metadata.deletionTimestamp set) adds no entry either: the
 * deleter is unknown and the previous writer is named (docs/import.md says so).
 */
export function actorOfManagedFields(kind: string, object: Record<string, unknown> | null, subresource: string | null = null, verb = 'update'): string {
  if (kind === 'Pod' && subresource === 'binding') return 'scheduler';
  if (kind === 'Event' && verb !== 'delete' && verb !== 'deletecollection') {
    // The Event names its reporter (event-reporter.ts); its managedFields only the binary.
    // A repeat's count bump (an update) comes from the same recorder: client-go's
    // EventCorrelator keys an Event by its source, so only its reporter patches it. A
    // delete is the API server's TTL or anyone's: today's rule.
    const reporter = eventReporterActor(object);
    if (reporter !== undefined) return reporter;
  }
  const newest = verb === 'create' ? creatorManager(object) : newestManager(object);
  if (newest === undefined || object === null) return 'unknown';
  const { manager, subresource: entrySubresource } = newest;
  if (manager === 'kube-scheduler') return 'scheduler';
  if (manager === 'kubelet') {
    const node = kind === 'Node' ? (object.metadata as { name?: string } | undefined)?.name : (object.spec as { nodeName?: string } | undefined)?.nodeName;
    return node ? `kubelet/${node}` : 'kubelet';
  }
  // Which controller, by what this write wrote through: a ReplicaSet's spec (scale) is the
  // deployment-controller's, its status the replicaset-controller's. The write's own
  // subresource, not the entry's: entries' times are whole seconds, so the newest entry
  // of a scale-down written in the same second as a status write is the status one (the
  // real k8shark capture's api-58dd68c5db, 2 -> 1 and 1 -> 0, named replicaset-controller).
  // A create has no subresource of its own: its creator's entry says.
  if (manager === 'kube-controller-manager') return controllerByKind(kind, verb === 'create' ? entrySubresource : (subresource ?? ''), object);
  if (manager === 'cloud-controller-manager') return 'cloud-node-lifecycle-controller';
  if (manager === 'kubectl' || manager.startsWith('kubectl-')) return 'kubectl';
  return manager;
}
