import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';

/** protectionutil.NeedToAddFinalizer / IsDeletionCandidate for one finalizer. */
export function needsFinalizer(obj: Readonly<KObject>, finalizer: string): boolean {
  return obj.metadata.deletionTimestamp === undefined && !(obj.metadata.finalizers ?? []).includes(finalizer);
}

export function isDeletionCandidate(obj: Readonly<KObject>, finalizer: string): boolean {
  return obj.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers ?? []).includes(finalizer);
}

/** Adds or removes one finalizer with a merge patch guarded by the uid; NotFound means it is gone already. */
export function patchFinalizer(client: Client, obj: Readonly<KObject>, finalizer: string, add: boolean, message: string): void {
  const current = obj.metadata.finalizers ?? [];
  const finalizers = add ? [...current, finalizer] : current.filter((f) => f !== finalizer);
  try {
    client.patch(obj.kind, obj.metadata.namespace, obj.metadata.name ?? '', { metadata: { finalizers: finalizers.length > 0 ? finalizers : null, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion } }, 'merge', {
      reason: add ? 'FinalizerAdded' : 'FinalizerRemoved',
      message,
    });
  } catch (e) {
    if (e instanceof ApiError && e.status.code === 404) return;
    throw e;
  }
}
