import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';

/** apps/v1 StatefulSetStatus, in the order Go writes it; zero counts are omitted where upstream omits them. */
export interface StatefulSetStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
  availableReplicas: number;
}

/** The status as JSON: `readyReplicas: 0` and an empty revision are left out (omitempty), `replicas` and `availableReplicas` never. */
export function statusJson(s: StatefulSetStatus, conditions?: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.observedGeneration !== 0) out.observedGeneration = s.observedGeneration;
  out.replicas = s.replicas;
  if (s.readyReplicas !== 0) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas !== 0) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas !== 0) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision !== '') out.currentRevision = s.currentRevision;
  if (s.updateRevision !== '') out.updateRevision = s.updateRevision;
  out.collisionCount = s.collisionCount;
  if (conditions !== undefined) out.conditions = conditions;
  out.availableReplicas = s.availableReplicas;
  return out;
}

/**
 * realStatefulSetStatusUpdater: writes the status through /status, retrying a conflict
 * (retry.DefaultRetry: 5 tries) on a fresh copy of the set.
 */
export function updateStatefulSetStatus(client: Client, set: Readonly<KObject>, status: StatefulSetStatus): void {
  let current = set;
  const message = `StatefulSet ${set.metadata.name}: ${status.replicas} pods, ${status.readyReplicas} ready, ${status.currentReplicas} at ${status.currentRevision || 'no revision'}, ${status.updatedReplicas} at ${status.updateRevision || 'no revision'} (wants ${set.spec?.replicas ?? 1})`;
  for (let attempt = 0; ; attempt++) {
    try {
      client.updateStatus({ ...(current as KObject), status: statusJson(status, current.status?.conditions) }, { reason: 'StatefulSetStatus', message });
      return;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status.code !== 409 || attempt >= 4) throw e;
      const fresh = client.api.tryGet('StatefulSet', set.metadata.namespace, set.metadata.name ?? '');
      if (fresh === undefined) throw e;
      current = fresh;
    }
  }
}
