import type { KObject, OwnerReference } from '../api/types.js';

/** metav1.GetControllerOf: the owner reference with controller: true. */
export function controllerOf(obj: Readonly<KObject>): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.NewControllerRef: what a controller stamps on what it creates or adopts. */
export function controllerRef(owner: Readonly<KObject>): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(obj: Readonly<KObject>, owner: Readonly<KObject>): boolean {
  return controllerOf(obj)?.uid === owner.metadata.uid;
}
