import { ApiError, errorText } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { controllerOf, controllerRef } from '../controller-ref.js';
import { runSteps, slowStartSteps } from '../slow-start.js';
import { podsToDelete } from './pod-ranking.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import type { Expectations } from '../expectations.js';
import { CONTROLLER_UID_INDEX, keyOf } from './keys.js';

/** What manageReplicas uses of the ReplicaSet controller (upstream: methods of ReplicaSetController). */
export interface ReplicaManager {
  readonly expectations: Expectations;
  readonly events: EventRecorder;
  readonly pods: Informer;
  readonly replicaSets: Informer;
}

/** upstream BurstReplicas: at most 500 creates or deletes per sync. */
export const BURST_REPLICAS = 500;

/**
 * Requests a stepwise sync (live mode) makes in one task at most. A 250-pod batch of
 * slow-start is 123 creates, and deletes are one batch of up to 250 upstream (goroutines,
 * all at once); at 10,000 pods a create or delete took 1.6-11 ms of the server's thread
 * (round 5), so 16 hold a request or a watch delivery for ~25-180 ms, not 0.2-1.4 s.
 */
export const REQUESTS_PER_STEP = 16;

/**
 * manageReplicas: 3 active pods and spec.replicas 5 creates 2 (in slow-start batches);
 * 5 active and spec.replicas 3 deletes the 2 that rank first for deletion. Returns false
 * when a request failed, so the sync is retried with backoff.
 */
export function manageReplicas(rsc: ReplicaManager, client: Client, rs: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): boolean {
  return runSteps(manageReplicasSteps(rsc, client, rs, pods));
}

/**
 * manageReplicas in steps: it yields between two slow-start batches of creates and every
 * REQUESTS_PER_STEP creates or deletes, where live mode's sync ends its task (replica-set-controller.ts);
 * run without pausing it makes the same requests in the same order as one call.
 */
export function* manageReplicasSteps(rsc: ReplicaManager, client: Client, rs: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): Generator<void, boolean, void> {
  const key = keyOf(rs);
  const want = rs.spec?.replicas ?? 1;
  const diff = pods.length - want;
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    rsc.expectations.expectCreations(key, n);
    const { successes } = yield* slowStartSteps(n, 1, () => createPod(rsc, client, rs), REQUESTS_PER_STEP);
    const skipped = n - successes;
    // Creations that were never attempted (or failed) will never be observed.
    if (skipped > 0) rsc.expectations.creationFailed(key, skipped);
    return skipped === 0;
  }
  if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const victims = podsToDelete(pods, relatedPods(rsc, rs), n, client.api);
    rsc.expectations.expectDeletions(key, victims.map(keyOf));
    let ok = true;
    for (const [i, pod] of victims.entries()) {
      if (i > 0 && i % REQUESTS_PER_STEP === 0) yield;
      try {
        client.delete('Pod', pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid ?? '' } }, {
          reason: 'SuccessfulDelete',
          message: `ReplicaSet ${rs.metadata.name} has ${pods.length} pods and wants ${want}: deleted pod ${pod.metadata.name}`,
        });
        rsc.events.record(client, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        rsc.expectations.deletionObserved(key, keyOf(pod));
        if (e.status.code !== 404) {
          ok = false;
          rsc.events.record(client, rs, 'Warning', 'FailedDelete', `Error deleting: ${errorText(e)}`);
        }
      }
    }
    return ok;
  }
  return true;
}

/** getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller (or of this one). */
function relatedPods(rsc: ReplicaManager, rs: Readonly<KObject>): Array<Readonly<KObject>> {
  const owner = controllerOf(rs);
  const siblings = owner === undefined ? [rs] : rsc.replicaSets.byIndex(CONTROLLER_UID_INDEX, owner.uid);
  const related: Array<Readonly<KObject>> = [];
  for (const s of siblings) related.push(...rsc.pods.byIndex(CONTROLLER_UID_INDEX, s.metadata.uid ?? ''));
  return related;
}

/**
 * controller.GetPodFromTemplate: `<rs>-<5 chars>`, the template's labels, the RS as controller.
 * The spec is the template's own (frozen, as the store keeps it), not a copy: the API server's
 * create copies its input before it defaults or admits anything, so a structuredClone here was a
 * second copy of every pod's spec, and one with its own strings (image, schedulerName, policies:
 * ~0.25-0.3 kB a pod that the API server's copy shares, 25-30 MB at 100,000 pods).
 */
export function podFromTemplate(rs: Readonly<KObject>): KObject {
  const t = rs.spec?.template ?? {};
  const meta: KObject['metadata'] = {
    generateName: `${rs.metadata.name}-`,
    namespace: rs.metadata.namespace ?? 'default',
    labels: { ...(t.metadata?.labels ?? {}) },
    ownerReferences: [controllerRef(rs)],
  };
  if (t.metadata?.annotations !== undefined) meta.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers !== undefined) meta.finalizers = [...t.metadata.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: t.spec ?? {} };
}

function createPod(rsc: ReplicaManager, client: Client, rs: Readonly<KObject>): boolean {
  try {
    const want = rs.spec?.replicas ?? 1;
    const pod = client.create(podFromTemplate(rs), {
      reason: 'SuccessfulCreate',
      message: `ReplicaSet ${rs.metadata.name} wants ${want} pods: created one`,
    });
    rsc.events.record(client, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    return true;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    rsc.events.record(client, rs, 'Warning', 'FailedCreate', `Error creating: ${errorText(e)}`);
    return false;
  }
}
