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
  // The template's labels listed once per sync, not once per pod (a ReplicaSet of 1,000
  // pods made 1,000 lists of pairs and closures each time its status was counted).
  const templateLabels = Object.entries((rs.spec?.template?.metadata?.labels ?? {}) as Record<string, string>);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (hasLabels(p.metadata.labels ?? {}, templateLabels)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, clock)) available++;
    }
  }
  return { replicas: pods.length, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available, observedGeneration: rs.metadata.generation ?? 1 };
}

/** Every one of `wanted` (pairs) is among `labels`. */
function hasLabels(labels: Record<string, string>, wanted: ReadonlyArray<[string, string]>): boolean {
  for (let i = 0; i < wanted.length; i++) {
    const [k, v] = wanted[i] as [string, string];
    if (labels[k] !== v) return false;
  }
  return true;
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
