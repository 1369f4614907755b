import type { KObject } from '../api/types.js';
import { KubectlError } from './command.js';
import { deploymentCondition, TIMED_OUT } from './deployment-util.js';

/*
 * What `kubectl rollout status` prints, from kubectl's status viewers
 * (polymorphichelpers/rollout_status.go), for the object as it is now. kubectl would go
 * on watching until "successfully rolled out"; a scenario step prints the instant.
 */

export function deploymentStatus(d: Readonly<KObject>): string {
  const name = d.metadata.name;
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 1) > (st.observedGeneration ?? 0)) return 'Waiting for deployment spec update to be observed...';
  if (deploymentCondition(d, 'Progressing')?.reason === TIMED_OUT) throw new KubectlError(`deployment "${name}" exceeded its progress deadline`);
  const replicas = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  if (updated < replicas) return `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`;
  if ((st.replicas ?? 0) > updated) return `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...`;
  if ((st.availableReplicas ?? 0) < updated) return `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...`;
  return `deployment "${name}" successfully rolled out`;
}

/** Upstream names the StatefulSet's constant in the DaemonSet's message too. */
const ONLY_ROLLING = 'rollout status is only available for RollingUpdate strategy type';

export function daemonSetStatus(ds: Readonly<KObject>): string {
  const name = ds.metadata.name;
  const st = ds.status ?? {};
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') throw new KubectlError(ONLY_ROLLING);
  if ((ds.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return 'Waiting for daemon set spec update to be observed...';
  const desired = st.desiredNumberScheduled ?? 0;
  if ((st.updatedNumberScheduled ?? 0) < desired) return `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`;
  if ((st.numberAvailable ?? 0) < desired) return `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...`;
  return `daemon set "${name}" successfully rolled out`;
}

/**
 * StatefulSetStatusViewer: ready replicas first, then a partitioned rollout's progress
 * (replicas 5, partition 2: done when 3 are updated), then the revisions.
 */
export function statefulSetStatus(sts: Readonly<KObject>): string {
  const st = sts.status ?? {};
  const strategy = sts.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate') throw new KubectlError(ONLY_ROLLING);
  if ((st.observedGeneration ?? 0) === 0 || (sts.metadata.generation ?? 0) > st.observedGeneration) return 'Waiting for statefulset spec update to be observed...';
  const replicas: number | undefined = sts.spec?.replicas;
  if (replicas !== undefined && (st.readyReplicas ?? 0) < replicas) return `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...`;
  if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
    const partition: number | undefined = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
      return `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...`;
    }
    return `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...`;
  }
  if (st.updateRevision !== st.currentRevision) return `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision ?? ''}...`;
  return `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ''}...`;
}
