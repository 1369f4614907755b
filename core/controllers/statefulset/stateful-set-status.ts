import type { KObject } from '../../api/types.js';
import type { ClusterClock } from '../../sim/time.js';
import type { StatefulSetStatus } from './stateful-set-status-updater.js';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating, podRevision } from './stateful-set-utils.js';

/**
 * updateStatus / computeReplicaStatus: counts over the given pod lists. `replicas` counts
 * pods the API server has (a pod about to be created does not count yet); current and
 * updated count pods at each revision that are not terminating.
 */
export function countReplicas(status: StatefulSetStatus, minReadySeconds: number, clock: ClusterClock, ...lists: ReadonlyArray<ReadonlyArray<Readonly<KObject> | undefined>>): void {
  status.replicas = 0;
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.currentReplicas = 0;
  status.updatedReplicas = 0;
  for (const list of lists) {
    for (const pod of list) {
      if (pod === undefined) continue;
      if (isCreated(pod)) status.replicas++;
      if (isRunningAndReady(pod)) {
        status.readyReplicas++;
        if (isRunningAndAvailable(pod, minReadySeconds, clock)) status.availableReplicas++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        const rev = podRevision(pod);
        if (rev === status.currentRevision) status.currentReplicas++;
        if (rev === status.updateRevision) status.updatedReplicas++;
      }
    }
  }
}

/** inconsistentStatus: a newer generation observed, or any count or revision differs from the stored status. */
export function inconsistentStatus(set: Readonly<KObject>, s: StatefulSetStatus): boolean {
  const cur = set.status ?? {};
  return (
    s.observedGeneration > (cur.observedGeneration ?? 0) ||
    s.replicas !== (cur.replicas ?? 0) ||
    s.currentReplicas !== (cur.currentReplicas ?? 0) ||
    s.readyReplicas !== (cur.readyReplicas ?? 0) ||
    s.updatedReplicas !== (cur.updatedReplicas ?? 0) ||
    s.currentRevision !== (cur.currentRevision ?? '') ||
    s.availableReplicas !== (cur.availableReplicas ?? 0) ||
    s.updateRevision !== (cur.updateRevision ?? '')
  );
}

/**
 * completeRollingUpdate: once every wanted pod is updated and ready, the update revision
 * becomes the current one (3 of 3 updated and ready: currentRevision := updateRevision).
 */
export function completeRollingUpdate(set: Readonly<KObject>, s: StatefulSetStatus): void {
  const want = set.spec?.replicas ?? 1;
  if (set.spec?.updateStrategy?.type === 'RollingUpdate' && s.updatedReplicas === want && s.readyReplicas === want && s.replicas === want) {
    s.currentReplicas = s.updatedReplicas;
    s.currentRevision = s.updateRevision;
  }
}
