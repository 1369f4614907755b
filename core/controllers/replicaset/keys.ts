import { objectKey } from '../../api/object-store.js';
import { controllerOf } from '../../api/owner-references.js';
import type { KObject } from '../../api/types.js';

/*
 * The ReplicaSet controller's keys and index, apart from the controller so that the
 * files it delegates to (manage-replicas.ts) and the Deployment controller can share
 * them without importing the controller back.
 */

/** Informer index: pods and ReplicaSets by the uid of their controller. */
export const CONTROLLER_UID_INDEX = 'controller-uid';

/**
 * The index's values of an object: its controller's uid ('' for none). The shared pod
 * informer calls this for the old and the new version of every pod event (10 events a pod
 * in a scale-up), and they name the same controller as the call before nearly always: the
 * list of the last uid is handed back again (frozen; the informer only reads it) instead
 * of a new one-element list each call.
 */
export function controllerUidKeys(obj: Readonly<KObject>): readonly string[] {
  const uid = controllerOf(obj)?.uid ?? '';
  if (uid !== lastUid) {
    lastUid = uid;
    lastKeys = Object.freeze([uid]);
  }
  return lastKeys;
}

let lastUid = '';
let lastKeys: readonly string[] = Object.freeze(['']);

export function keyOf(obj: Readonly<KObject>): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}
