import { objectKey } from '../../api/object-store.js';
import type { KObject } from '../../api/types.js';

/*
 * The ReplicaSet controller's keys and index, apart from the controller so that the
 * files it delegates to (manage-replicas.ts) and the Deployment controller can share
 * them without importing the controller back.
 */

/** Informer index: pods and ReplicaSets by the uid of their controller. */
export const CONTROLLER_UID_INDEX = 'controller-uid';

export function keyOf(obj: Readonly<KObject>): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}
