import { ApiError } from '../../api/status.js';
import { jsonEqual } from '../../api/equal.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { ClusterClock } from '../../sim/time.js';
import { isPodAvailable, isPodReady } from '../pod-util.js';

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
}

/** calculateStatus: counts over the claimed active pods; "available" is judged at the clock's now. */
export function calculateStatus(rs: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>, clock: ClusterClock): ReplicaSetStatus {
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    const labels = p.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, clock)) available++;
    }
  }
  return { replicas: pods.length, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available, observedGeneration: rs.metadata.generation ?? 1 };
}

/** updateReplicaSetStatus: writes only a changed status, retrying once on a stale cache. */
export function syncStatus(client: Client, rs: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): ReplicaSetStatus | undefined {
  const status = calculateStatus(rs, pods, client.api);
  const current = rs.status ?? {};
  const next = { ...current, ...status };
  if (jsonEqual(next, current)) return status;
  const message = `${rs.metadata.name}: ${status.replicas} pods, ${status.readyReplicas} ready, ${status.availableReplicas} available (wants ${rs.spec?.replicas ?? 1})`;
  try {
    client.updateStatus({ ...rs, status: next } as KObject, { reason: 'ReplicaSetStatus', message });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status.code !== 409) throw e;
    const live = client.api.tryGet('ReplicaSet', rs.metadata.namespace, rs.metadata.name ?? '');
    if (live === undefined) return undefined;
    client.updateStatus({ ...live, status: { ...(live.status ?? {}), ...calculateStatus(live, pods, client.api) } } as KObject, { reason: 'ReplicaSetStatus', message });
  }
  return status;
}
