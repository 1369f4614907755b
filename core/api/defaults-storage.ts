import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- defaulting walks open JSON */

/**
 * The core/v1 and storage/v1 defaults of the volume kinds (SetDefaults_PersistentVolume,
 * SetDefaults_PersistentVolumeClaim(Spec), SetDefaults_StorageClass, v1.32). A claim
 * and a volume are Filesystem unless they say Block; a volume is Retain unless it says
 * otherwise (a dynamically provisioned one takes its class's Delete); a class is
 * Delete + Immediate.
 */
export function defaultStorageKind(obj: KObject): void {
  switch (obj.kind) {
    case 'PersistentVolume': {
      const spec = (obj.spec ??= {});
      spec.persistentVolumeReclaimPolicy ??= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      break;
    }
    case 'PersistentVolumeClaim':
      defaultClaimSpec((obj.spec ??= {}));
      break;
    case 'StorageClass':
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
      break;
  }
}

/** SetDefaults_PersistentVolumeClaimSpec: volumeMode Filesystem. */
export function defaultClaimSpec(spec: any): void {
  spec.volumeMode ??= 'Filesystem';
}
