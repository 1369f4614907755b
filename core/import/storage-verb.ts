import type { ObservedVerb } from './observed-write.js';

/**
 * The events table's verb is the storage effect (docs/recording-format.md), not the
 * request: create stays create (a create of a subresource, pods/binding or
 * pods/eviction, updates the pod), update and patch are updates, and a DELETE request is
 * an `update` when the object stays in storage: a pod with a grace period (the API
 * server sets deletionTimestamp and deletionGracePeriodSeconds 30; the kubelet deletes
 * it later with grace 0) or an object that still has finalizers. Otherwise it is the
 * `delete`, carrying the object's last state.
 */
export function storageVerb(verb: ObservedVerb, subresource: string | null, object: Record<string, unknown>): 'create' | 'update' | 'delete' {
  // POST pods/binding and pods/eviction create a subresource: the pod is updated (bound, marked for deletion).
  if (verb === 'create') return subresource === null ? 'create' : 'update';
  if (verb === 'update' || verb === 'patch') return 'update';
  const meta = (object.metadata ?? {}) as { deletionTimestamp?: unknown; deletionGracePeriodSeconds?: unknown; finalizers?: unknown };
  if (meta.deletionTimestamp === undefined || meta.deletionTimestamp === null) return 'delete';
  if (Array.isArray(meta.finalizers) && meta.finalizers.length > 0) return 'update';
  if (object.kind === 'Pod' && typeof meta.deletionGracePeriodSeconds === 'number' && meta.deletionGracePeriodSeconds > 0) return 'update';
  return 'delete';
}
