import type { KObject } from '../../../api/types.js';
import { findMatchingVolume } from './volume-util.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON */

const MODE_ORDER: Array<[string, string]> = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];

/** GetAccessModesAsString: the index key of a set of modes ("RWO,ROX"), in upstream's fixed order. */
export function accessModesKey(modes: readonly string[]): string {
  return MODE_ORDER.filter(([m]) => modes.includes(m)).map(([, s]) => s).join(',');
}

/**
 * persistentVolumeOrderedIndex: volumes grouped by their set of access modes. A claim
 * asking for RWO is matched first against volumes offering exactly RWO, then RWO+ROX,
 * then RWO+ROX+RWX: the fewest extra modes win before the smallest size does.
 */
export function allPossibleMatchingAccessModes(volumes: ReadonlyArray<Readonly<KObject>>, requested: readonly string[]): string[][] {
  const sets = new Map<string, string[]>();
  for (const v of volumes) {
    const modes: string[] = v.spec?.accessModes ?? [];
    const key = accessModesKey(modes);
    if (!sets.has(key)) sets.set(key, MODE_ORDER.map(([m]) => m).filter((m) => modes.includes(m)));
  }
  const matching = [...sets.values()].filter((modes) => requested.every((m) => modes.includes(m)));
  // byAccessModes sorts by the number of modes; equal counts keep the key order.
  return matching.sort((a, b) => a.length - b.length || (accessModesKey(a) < accessModesKey(b) ? -1 : 1));
}

export function listByAccessModes(volumes: ReadonlyArray<Readonly<KObject>>, modes: readonly string[]): Array<Readonly<KObject>> {
  const key = accessModesKey(modes);
  return volumes.filter((v) => accessModesKey(v.spec?.accessModes ?? []) === key);
}

/** findBestMatchForClaim (findByClaim): the best volume of the least-capable mode set that has one. */
export function findBestMatchForClaim(volumes: ReadonlyArray<Readonly<KObject>>, claim: Readonly<KObject>, delayBinding: boolean): Readonly<KObject> | undefined {
  for (const modes of allPossibleMatchingAccessModes(volumes, claim.spec?.accessModes ?? [])) {
    const best = findMatchingVolume(claim, listByAccessModes(volumes, modes), undefined, new Set(), delayBinding);
    if (best !== undefined) return best;
  }
  return undefined;
}
