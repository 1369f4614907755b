import { KINDS, type KindInfo } from '../../api/kinds.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { ConditionUpdater, type ContentTotals } from './status-conditions.js';

/** finalizerEstimateSeconds: content held by finalizers is given 15 s before the next look. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** What one pass over the namespace's content found. */
export interface ContentResult {
  /** Seconds the remaining content may still need (0: none is expected to go by itself). */
  estimate: number;
  /** Errors, one per resource that could not be emptied (NamespaceDeletionContentFailure). */
  errors: string[];
  conditions: ConditionUpdater;
}

/**
 * Every namespaced resource the API server serves, in discovery order: what upstream's
 * deleter finds through discovery (every resource with the delete verb). v1.32 walks
 * them in no particular order; pods are not deleted first (OrderedNamespaceDeletion
 * came later), so a ReplicaSet and its pods go in the same pass.
 */
export function deletableResources(): KindInfo[] {
  return KINDS.filter((k) => k.namespaced);
}

/** `pods.` or `deployments.apps`: upstream's `%s.%s` of resource and group. */
function resourceLabel(info: KindInfo): string {
  return `${info.resource}.${info.group}`;
}

/** `/v1, Resource=pods`: how Go prints a GroupVersionResource in the leftover-content error. */
function gvrString(info: KindInfo): string {
  return `${info.group}/${info.version}, Resource=${info.resource}`;
}

/**
 * estimateGracefulTerminationForPods: the longest terminationGracePeriodSeconds of the
 * pods not yet finished, or 0 once that long has passed since the namespace was deleted.
 * Pods of 30 s grace, namespace deleted at 0:10: the estimate is 30 until 0:40, then 0.
 */
function podEstimate(client: Client, namespace: string, deletedAtMs: number): number {
  let estimate = 0;
  for (const pod of client.list('Pod', { namespace }).items) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (typeof grace === 'number' && grace > estimate) estimate = grace;
  }
  return client.api.now() - deletedAtMs >= estimate * 1000 ? 0 : estimate;
}

/**
 * deleteAllContent: for each resource, a DeleteCollection with propagationPolicy
 * Background (each pod with its own grace period, as a DELETE without options gives it),
 * then a list of what is left. Left-overs are expected while pods terminate (estimate >
 * 0) or finalizers run (15 s); otherwise they are an error, and the pass is retried.
 */
export function deleteAllContent(client: Client, ns: Readonly<KObject>, deletedAtMs: number): ContentResult {
  const namespace = ns.metadata.name ?? '';
  const conditions = new ConditionUpdater(client.api.timestamp());
  const totals: ContentTotals = { byResource: new Map(), byFinalizer: new Map() };
  const errors: string[] = [];
  let estimate = 0;
  for (const info of deletableResources()) {
    const local = info.kind === 'Pod' ? podEstimate(client, namespace, deletedAtMs) : 0;
    for (const item of client.list(info.kind, { namespace }).items) {
      try {
        client.delete(info.kind, namespace, item.metadata.name ?? '', { propagationPolicy: 'Background' }, {
          reason: 'NamespaceDeletion',
          message: `namespace ${namespace} is terminating: ${info.singular} ${item.metadata.name} deleted`,
        });
      } catch (e) {
        // Gone meanwhile, or refused: what is left is counted below, as upstream does.
        if (!(e instanceof ApiError)) throw e;
      }
    }
    const left = client.list(info.kind, { namespace }).items;
    if (left.length === 0) continue;
    totals.byResource.set(resourceLabel(info), left.length);
    let withFinalizers = false;
    for (const item of left) {
      for (const f of item.metadata.finalizers ?? []) {
        totals.byFinalizer.set(f, (totals.byFinalizer.get(f) ?? 0) + 1);
        withFinalizers = true;
      }
    }
    if (local > 0) estimate = Math.max(estimate, local);
    else if (withFinalizers) estimate = Math.max(estimate, FINALIZER_ESTIMATE_SECONDS);
    else {
      const err = `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(info)}`;
      errors.push(err);
      conditions.deleteContentError(err);
    }
  }
  conditions.contentTotals(totals);
  return { estimate, errors, conditions };
}
