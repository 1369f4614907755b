import type { KObject } from '../api/types.js';
import type { Printer } from './printer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';
const DEFAULT_CLASS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** GetAccessModesAsString: each mode once, in the fixed order RWO, ROX, RWX, RWOP. */
export function accessModes(modes: readonly string[] | undefined): string {
  const have = new Set(modes ?? []);
  return (
    [
      ['ReadWriteOnce', 'RWO'],
      ['ReadOnlyMany', 'ROX'],
      ['ReadWriteMany', 'RWX'],
      ['ReadWriteOncePod', 'RWOP'],
    ] as const
  )
    .filter(([mode]) => have.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The class of a volume or claim: the beta annotation wins over spec.storageClassName. */
function storageClassOf(o: Readonly<KObject>): string {
  return o.metadata.annotations?.[BETA_CLASS] ?? o.spec?.storageClassName ?? '';
}

/** storageutil.IsDefaultAnnotation: the GA or the beta annotation says "true". */
export function isDefaultClass(o: Readonly<KObject>): boolean {
  return DEFAULT_CLASS.some((a) => o.metadata.annotations?.[a] === 'true');
}

/** A capacity as stored (upstream prints the canonical Quantity; "10Gi" reads the same). */
const storage = (resources: any): string => String(resources?.storage ?? '0');

/** `kubectl get pv|pvc|sc`, as printPersistentVolume, printPersistentVolumeClaim and printStorageClass of v1.32. */
export const STORAGE_PRINTERS: Record<string, Printer> = {
  PersistentVolume: {
    columns: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
    wide: ['VOLUMEMODE'],
    row: (o, age) => {
      const ref = o.spec?.claimRef;
      return [
        o.metadata.name ?? '',
        storage(o.spec?.capacity),
        accessModes(o.spec?.accessModes),
        String(o.spec?.persistentVolumeReclaimPolicy ?? ''),
        o.metadata.deletionTimestamp !== undefined ? 'Terminating' : String(o.status?.phase ?? ''),
        ref === undefined ? '' : `${ref.namespace ?? ''}/${ref.name ?? ''}`,
        storageClassOf(o),
        o.spec?.volumeAttributesClassName ?? '<unset>',
        String(o.status?.reason ?? ''),
        age,
      ];
    },
    wideRow: (o) => [o.spec?.volumeMode ?? '<unset>'],
  },
  PersistentVolumeClaim: {
    // CAPACITY and ACCESS MODES are the bound volume's, shown once spec.volumeName is set.
    columns: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    wide: ['VOLUMEMODE'],
    row: (o, age) => {
      const bound = (o.spec?.volumeName ?? '') !== '';
      return [
        o.metadata.name ?? '',
        o.metadata.deletionTimestamp !== undefined ? 'Terminating' : String(o.status?.phase ?? ''),
        o.spec?.volumeName ?? '',
        bound ? storage(o.status?.capacity) : '',
        bound ? accessModes(o.status?.accessModes) : '',
        storageClassOf(o),
        o.spec?.volumeAttributesClassName ?? '<unset>',
        age,
      ];
    },
    wideRow: (o) => [o.spec?.volumeMode ?? '<unset>'],
  },
  StorageClass: {
    columns: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    wide: [],
    row: (o, age) => {
      const sc = o as any;
      return [
        `${o.metadata.name ?? ''}${isDefaultClass(o) ? ' (default)' : ''}`,
        String(sc.provisioner ?? ''),
        String(sc.reclaimPolicy ?? 'Delete'),
        String(sc.volumeBindingMode ?? 'Immediate'),
        String(sc.allowVolumeExpansion ?? false),
        age,
      ];
    },
  },
};
