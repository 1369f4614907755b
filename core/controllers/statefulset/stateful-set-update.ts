import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { slowStartBatch } from '../slow-start.js';
import type { StatefulPodControl } from './stateful-pod-control.js';
import type { StatefulSetStatus } from './stateful-set-status-updater.js';
import { countReplicas } from './stateful-set-status.js';
import {
  allowsBurst, descendingOrdinal, endOrdinal, identityMatches, isCreated, isFailed, isHealthy, isPending, isRunningAndAvailable,
  isRunningAndReady, isSucceeded, isTerminating, newVersionedStatefulSetPod, ordinalOf, podInOrdinalRange, podRevision, startOrdinal, storageMatches,
} from './stateful-set-utils.js';

/**
 * updateStatefulSet (stateful_set_control.go, v1.32): the pods in [start, end] are the
 * replicas, the others with an ordinal are condemned. With OrderedReady ("monotonic")
 * each step may stop the pass:
 *   1. replicas in ascending order: a missing one is created and the pass ends; one
 *      that is terminating, or not Running and Ready (and available after
 *      minReadySeconds), ends the pass. Scaling 0 -> 3: web-0 is created, and web-1 only
 *      on a sync that finds web-0 Running and Ready.
 *   2. condemned pods in descending order: deleted one at a time, each once the ones
 *      below it are healthy (the first unhealthy pod may go).
 *   3. RollingUpdate: from the highest ordinal down to the partition, the first pod not
 *      at the update revision is deleted (it comes back at the new revision); an
 *      unhealthy pod on the way ends the pass. OnDelete stops before this.
 * Parallel does steps 1 and 2 for all pods at once (slow-start batches), without waiting.
 */
export function updateReplicas(client: Client, control: StatefulPodControl, set: Readonly<KObject>, currentSet: KObject, updateSet: KObject, status: StatefulSetStatus, pods: ReadonlyArray<Readonly<KObject>>): void {
  const minReady = set.spec?.minReadySeconds ?? 0;
  countReplicas(status, minReady, client.api, pods);
  const start = startOrdinal(set);
  const replicas: Array<Readonly<KObject>> = [];
  const condemned: Array<Readonly<KObject>> = [];
  for (const pod of pods) {
    if (podInOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  for (let ord = start; ord <= endOrdinal(set); ord++) {
    replicas[ord - start] ??= newVersionedStatefulSetPod(currentSet, updateSet, status.currentRevision, status.updateRevision, ord);
  }
  condemned.sort(descendingOrdinal);
  const firstUnhealthy = replicas.find((p) => !isHealthy(p)) ?? [...condemned].reverse().find((p) => !isHealthy(p));
  const recount = (): void => countReplicas(status, minReady, client.api, replicas, condemned);
  if (set.metadata.deletionTimestamp !== undefined) return;
  const monotonic = !allowsBurst(set);
  try {
    if (runForAll(replicas, (i) => processReplica(client, control, set, updateSet, monotonic, replicas, i), monotonic)) return recount();
    if (runForAll(condemned, (i) => fixClaims(control, updateSet, condemned[i] as Readonly<KObject>), monotonic)) return recount();
    if (runForAll(condemned, (i) => processCondemned(client, control, set, firstUnhealthy, monotonic, condemned[i] as Readonly<KObject>), monotonic)) return recount();
  } catch (e) {
    recount();
    throw e;
  }
  recount();
  if (set.spec?.updateStrategy?.type === 'OnDelete') return;
  // MaxUnavailableStatefulSet is off in v1.32: one pod at a time, whatever maxUnavailable says.
  const updateMin = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target] as Readonly<KObject>;
    if (podRevision(pod) !== status.updateRevision && !isTerminating(pod)) {
      try {
        control.deleteStatefulPod(set, pod);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status.code !== 404) throw e;
      }
      status.currentReplicas--;
      return;
    }
    if (!isHealthy(pod)) return;
  }
}

/** runForAll: in order, stopping at the first pod that says stop; Parallel: all of them in slow-start batches. Returns "stop". */
function runForAll(pods: ReadonlyArray<Readonly<KObject>>, fn: (i: number) => boolean, monotonic: boolean): boolean {
  if (monotonic) {
    for (let i = 0; i < pods.length; i++) if (fn(i)) return true;
    return false;
  }
  let failure: unknown;
  slowStartBatch(pods.length, 1, (i) => {
    try {
      fn(i);
      return true;
    } catch (e) {
      failure ??= e;
      return false;
    }
  });
  if (failure !== undefined) throw failure;
  return false;
}

/** processReplica: returns true when the pass must stop at this pod. */
function processReplica(client: Client, control: StatefulPodControl, set: Readonly<KObject>, updateSet: KObject, monotonic: boolean, replicas: Array<Readonly<KObject>>, i: number): boolean {
  const pod = replicas[i] as Readonly<KObject>;
  // A Failed or Succeeded pod (evicted, or stopped by a node reboot) is deleted and made again.
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!isTerminating(pod)) control.deleteStatefulPod(set, pod);
    return true;
  }
  if (!isCreated(pod)) {
    if (control.podClaimIsStale(set, pod)) return true;
    control.createStatefulPod(set, pod as KObject);
    if (monotonic) return true;
  }
  if (isPending(pod)) control.createMissingPersistentVolumeClaims(set, pod);
  if (isTerminating(pod) && monotonic) return true;
  if (!isRunningAndReady(pod) && monotonic) return true;
  if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, client.api) && monotonic) return true;
  // An error here means the pod is not fully updated yet: treated as matching.
  let retentionMatch = true;
  try {
    retentionMatch = control.claimsMatchRetentionPolicy(updateSet, pod);
  } catch {
    retentionMatch = true;
  }
  if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
  control.updateStatefulPod(updateSet, pod);
  return false;
}

/** Condemned pods' claims get the scaled-down owner (whenScaled: Delete) before the pods go. */
function fixClaims(control: StatefulPodControl, updateSet: KObject, pod: Readonly<KObject>): boolean {
  if (!control.claimsMatchRetentionPolicy(updateSet, pod)) control.updatePodClaimForRetentionPolicy(updateSet, pod);
  return false;
}

/** processCondemned: scale down from the top, each after its predecessors are healthy. */
function processCondemned(client: Client, control: StatefulPodControl, set: Readonly<KObject>, firstUnhealthy: Readonly<KObject> | undefined, monotonic: boolean, pod: Readonly<KObject>): boolean {
  if (isTerminating(pod)) return monotonic;
  if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return true;
  if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, client.api) && monotonic && pod !== firstUnhealthy) return true;
  control.deleteStatefulPod(set, pod);
  return true;
}
