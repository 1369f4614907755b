import { ApiError } from '../../api/status.js';
import { jsonEqual } from '../../api/equal.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { maxSurge, replicasOf } from './util.js';
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';

/**
 * One reconcile of one Deployment: the client carrying the cause, a working copy of the
 * Deployment whose status is built up and written once, and the latest version of each
 * ReplicaSet this reconcile has written (so later steps see earlier ones).
 */
export class DeploymentSync {
  /** Mutable working copy; status and the revision annotation are written with updateStatus. */
  readonly d: KObject;

  constructor(
    readonly client: Client,
    deployment: Readonly<KObject>,
    readonly events: EventRecorder,
    readonly requeueAfter: (ms: number) => void,
  ) {
    this.d = structuredClone(deployment) as KObject;
    this.d.status ??= {};
  }

  now(): number {
    return this.client.api.now();
  }

  timestamp(): string {
    return this.client.api.timestamp();
  }

  /** UpdateStatus of the working copy, which then carries the stored resourceVersion. */
  writeStatus(reason: string, message: string): void {
    const stored = this.client.updateStatus(this.d, { reason, message });
    this.d.metadata.resourceVersion = stored.metadata.resourceVersion;
  }

  /**
   * scaleReplicaSetAndRecordEvent: resize a ReplicaSet and stamp the Deployment's size
   * (desired-replicas, max-replicas) on it; the ScalingReplicaSet event says by how much.
   */
  scaleReplicaSet(rs: Readonly<KObject>, newScale: number): { scaled: boolean; rs: Readonly<KObject> } {
    const old = rs.spec?.replicas ?? 0;
    const sizeNeedsUpdate = old !== newScale;
    const replicas = replicasOf(this.d);
    const surge = maxSurge(this.d);
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicas, replicas + surge)) return { scaled: false, rs };
    const copy = structuredClone(rs) as KObject;
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, replicas, replicas + surge);
    const direction = newScale > old ? 'up' : 'down';
    const message = `Scaled ${direction} replica set ${rs.metadata.name} to ${newScale} from ${old}`;
    const updated = this.client.update(copy, sizeNeedsUpdate ? { reason: 'ScalingReplicaSet', message } : { reason: 'ReplicaSetAnnotations', message: `recorded deployment size ${replicas} (max ${replicas + surge}) on ${rs.metadata.name}` });
    if (sizeNeedsUpdate) this.events.record(this.client, this.d, 'Normal', 'ScalingReplicaSet', message);
    return { scaled: sizeNeedsUpdate, rs: updated };
  }

  deleteReplicaSet(rs: Readonly<KObject>, why: string): void {
    try {
      this.client.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid ?? '' } }, { reason: 'RevisionHistoryLimit', message: why });
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status.code !== 404 && e.status.code !== 409)) throw e;
    }
  }

  statusChanged(next: unknown): boolean {
    return !jsonEqual(next, this.d.status);
  }
}
