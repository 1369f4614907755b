import type { KObject, OwnerReference } from '../api/types.js';

// Reading ownership is apimachinery's (api/owner-references.ts); controllers also stamp it.
export { controllerOf, isControlledBy } from '../api/owner-references.js';

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
