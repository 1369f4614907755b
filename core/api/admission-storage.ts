import { compareTimestamps } from '../sim/time.js';
import type { KObject } from './types.js';

/** The annotation that marks the cluster's default StorageClass. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** Before storageClassName existed, claims named their class here; DefaultStorageClass leaves them alone. */
export const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/**
 * The mutating admission plugins of a create that concern storage (v1.32, both on by
 * default):
 * - DefaultStorageClass: a claim that names no class (`storageClassName` absent, not
 *   "") gets the default one; with two defaults, the newest (then the first by name) wins,
 *   as since v1.28. No default class: the claim stays classless.
 * - StorageObjectInUseProtection: every new claim gets the `kubernetes.io/pvc-protection`
 *   finalizer and every new volume `kubernetes.io/pv-protection`, so that a claim a pod
 *   still mounts (a volume still bound) is only marked for deletion until it is free.
 */
export function admitStorageCreate(obj: KObject, storageClasses: () => ReadonlyArray<Readonly<KObject>>): void {
  if (obj.kind === 'PersistentVolumeClaim') {
    obj.spec ??= {};
    if (obj.spec.storageClassName === undefined && obj.metadata.annotations?.[BETA_CLASS_ANNOTATION] === undefined) {
      const def = defaultClass(storageClasses());
      if (def !== undefined) obj.spec.storageClassName = def.metadata.name;
    }
    addFinalizer(obj, PVC_PROTECTION_FINALIZER);
  } else if (obj.kind === 'PersistentVolume') {
    addFinalizer(obj, PV_PROTECTION_FINALIZER);
  }
}

/** GetDefaultClass: among classes annotated "true", the most recently created; ties by name. */
export function defaultClass(classes: ReadonlyArray<Readonly<KObject>>): Readonly<KObject> | undefined {
  const defaults = classes.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => compareTimestamps(b.metadata.creationTimestamp, a.metadata.creationTimestamp) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  return defaults[0];
}

function addFinalizer(obj: KObject, finalizer: string): void {
  const list = obj.metadata.finalizers ?? [];
  if (!list.includes(finalizer)) obj.metadata.finalizers = [...list, finalizer];
}
