import { isNamespaceTerminating } from '../../api/namespace-strategy.js';
import { objectKey } from '../../api/object-store.js';
import { ApiError, errorText } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { controllerRef } from '../controller-ref.js';
import type { DaemonSetSync } from './context.js';
import type { Doomed } from './manage.js';
import { createPodTemplate, getTemplateGeneration, replaceDaemonSetPodNodeNameNodeAffinity } from './util/daemonset-util.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/** upstream BurstReplicas: at most 250 creates and 250 deletes per sync ("too high can cause registry DoS issues"). */
export const BURST_REPLICAS = 250;

/**
 * syncNodes: create a pod for each node that needs one and delete the doomed pods, with
 * expectations set first so a lagging cache does not double-create. Creates go in
 * slow-start batches (1, 2, 4 ...) and stop at the first failing batch: 100 nodes in a
 * namespace that refuses pods cost one failed request, not 100. Returns the first refusal
 * (the sync is then retried with backoff), after everything else was tried.
 */
export function syncNodes(s: DaemonSetSync, remove: readonly Doomed[], nodesNeedingPods: readonly string[], hash: string): ApiError | undefined {
  const { ds, client, dsc, key } = s;
  const creates = nodesNeedingPods.slice(0, BURST_REPLICAS);
  const deletes = remove.slice(0, BURST_REPLICAS);
  dsc.expectations.expect(key, creates.length, deletes.map((d) => objectKey(d.pod.metadata.namespace, d.pod.metadata.name ?? '')));
  // Built only when there is something to create: most syncs of a rollout only delete or count.
  const template = creates.length > 0 ? createPodTemplate(ds.spec?.template, getTemplateGeneration(ds), hash) : undefined;
  let firstError: ApiError | undefined;
  let pos = 0;
  for (let batch = Math.min(creates.length, 1); pos < creates.length; batch = Math.min(2 * batch, creates.length - pos)) {
    let failed = false;
    for (const node of creates.slice(pos, pos + batch)) {
      const err = createPod(s, template as any, node);
      if (err === 'namespace-terminating') continue; // every later create would fail the same way: nothing to report
      if (err !== undefined) {
        dsc.expectations.creationFailed(key);
        firstError ??= err;
        failed = true;
      }
    }
    pos += batch;
    const skipped = creates.length - pos;
    if (failed && skipped > 0) {
      // Never attempted: they will not be observed either. The next sync tries again.
      dsc.expectations.creationFailed(key, skipped);
      break;
    }
  }
  for (const d of deletes) {
    const name = d.pod.metadata.name ?? '';
    try {
      client.delete('Pod', d.pod.metadata.namespace, name, {}, { reason: 'SuccessfulDelete', message: `DaemonSet ${ds.metadata.name} deleted pod ${name}: ${d.why}` });
      dsc.events.record(client, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      dsc.expectations.deletionObserved(key, objectKey(d.pod.metadata.namespace, name));
      if (e.code === 404) continue; // already gone: no event, no error
      dsc.events.record(client, ds, 'Warning', 'FailedDelete', `Error deleting: ${errorText(e)}`);
      firstError ??= e;
    }
  }
  return firstError;
}

/** RealPodControl.CreatePods: `<ds>-<5 chars>` from the template, pinned to its node by node affinity, the DaemonSet as controller. */
function createPod(s: DaemonSetSync, template: any, node: string): ApiError | 'namespace-terminating' | undefined {
  const { ds, client, dsc } = s;
  const spec = structuredClone(template.spec ?? {});
  // Safe to replace: a node that passed nodeShouldRunDaemonPod satisfies the template's own affinity.
  spec.affinity = replaceDaemonSetPodNodeNameNodeAffinity(spec.affinity, node);
  const meta: KObject['metadata'] = {
    generateName: `${ds.metadata.name}-`,
    namespace: ds.metadata.namespace ?? 'default',
    labels: { ...(template.metadata?.labels ?? {}) },
    ownerReferences: [controllerRef(ds)],
  };
  if (template.metadata?.annotations !== undefined) meta.annotations = { ...template.metadata.annotations };
  if (template.metadata?.finalizers !== undefined) meta.finalizers = [...template.metadata.finalizers];
  try {
    const pod = client.create({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec }, { reason: 'SuccessfulCreate', message: `DaemonSet ${ds.metadata.name} wants a pod on ${node}: created one` });
    dsc.events.record(client, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    return undefined;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // The namespace is going away: no event either (createPods skips it), the expectation stays.
    if (isNamespaceTerminating(e)) return 'namespace-terminating';
    dsc.events.record(client, ds, 'Warning', 'FailedCreate', `Error creating: ${errorText(e)}`);
    return e;
  }
}
