import type { KObject, OwnerReference } from './types.js';

/*
 * apimachinery's owner-reference helpers (metav1.GetControllerOf, IsControlledBy), for
 * the clients that read ownership without being controllers: kubectl, the printers.
 */

/** metav1.GetControllerOf: the owner reference with controller: true. */
export function controllerOf(obj: Readonly<KObject>): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** metav1.IsControlledBy: `obj`'s controller is the object with `owner`'s uid. */
export function isControlledBy(obj: Readonly<KObject>, owner: Readonly<KObject>): boolean {
  const ref = controllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}
