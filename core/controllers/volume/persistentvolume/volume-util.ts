import { fromLabelSelector, matches } from '../../../api/labels.js';
import { parseQuantity } from '../../../api/quantity.js';
import type { KObject } from '../../../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON */

/**
 * pkg/controller/volume/persistentvolume/util (v1.32): what the binder and the
 * scheduler's VolumeBinding plugin both ask of a volume and a claim.
 */

/** GetPersistentVolumeClaimClass: spec.storageClassName, else the beta annotation, else "". */
export function claimClass(claim: Readonly<KObject>): string {
  const beta = claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return claim.spec?.storageClassName ?? '';
}

export function volumeClass(volume: Readonly<KObject>): string {
  const beta = volume.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return volume.spec?.storageClassName ?? '';
}

/** IsVolumeBoundToClaim: claimRef names this claim (and its uid, when the ref has one). */
export function isVolumeBoundToClaim(volume: Readonly<KObject>, claim: Readonly<KObject>): boolean {
  const ref = volume.spec?.claimRef;
  if (ref === undefined || ref === null) return false;
  if (claim.metadata.name !== ref.name || claim.metadata.namespace !== ref.namespace) return false;
  return ref.uid === undefined || ref.uid === '' || ref.uid === claim.metadata.uid;
}

/** CheckVolumeModeMismatches: both default to Filesystem. */
export function checkVolumeModeMismatches(claimSpec: any, volumeSpec: any): boolean {
  return (claimSpec?.volumeMode ?? 'Filesystem') !== (volumeSpec?.volumeMode ?? 'Filesystem');
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function checkAccessModes(claim: Readonly<KObject>, volume: Readonly<KObject>): boolean {
  const offered: string[] = volume.spec?.accessModes ?? [];
  return (claim.spec?.accessModes ?? []).every((m: string) => offered.includes(m));
}

export function storageOf(obj: any, path: 'capacity' | 'request'): number {
  const q = path === 'capacity' ? obj?.spec?.capacity?.storage : obj?.spec?.resources?.requests?.storage;
  return parseQuantity(q) ?? 0;
}

/**
 * CheckNodeAffinity: a volume without node affinity fits every node; with it, one of
 * its required terms must match the node (labels, and the `metadata.name` field).
 * A local-path volume made on node-2 fits only node-2.
 */
export function checkNodeAffinity(volume: Readonly<KObject>, node: Readonly<KObject>): boolean {
  const terms: any[] | undefined = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (terms === undefined || terms === null) return true;
  return terms.some((t) => termMatches(t, node));
}

function termMatches(term: any, node: Readonly<KObject>): boolean {
  const exprs: any[] = term?.matchExpressions ?? [];
  const fields: any[] = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels: Record<string, string> = node.metadata.labels ?? {};
  return exprs.every((e) => requirementMatches(e, labels)) && fields.every((f) => f.key === 'metadata.name' && requirementMatches(f, { 'metadata.name': node.metadata.name ?? '' }));
}

function requirementMatches(e: any, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  const v = labels[e.key];
  const values: string[] = e.values ?? [];
  switch (e.operator) {
    case 'In': return has && values.includes(v as string);
    case 'NotIn': return !has || !values.includes(v as string);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && Number(v) > Number(values[0]);
    case 'Lt': return has && Number(v) < Number(values[0]);
    default: return false;
  }
}

/**
 * FindMatchingVolume: a volume pre-bound to the claim wins outright (unless its node
 * affinity rules out the node); otherwise the smallest Available volume of the claim's
 * class that is big enough, matches the selector and (scheduler path) fits the node and
 * the access modes. The binder (node undefined) leaves WaitForFirstConsumer claims to
 * the scheduler. 8G asked of 1G (bound), 5G and 10G volumes: the 10G one.
 */
export function findMatchingVolume(
  claim: Readonly<KObject>,
  volumes: ReadonlyArray<Readonly<KObject>>,
  node: Readonly<KObject> | undefined,
  excluded: ReadonlySet<string>,
  delayBinding: boolean,
): Readonly<KObject> | undefined {
  const requested = storageOf(claim, 'request');
  const cls = claimClass(claim);
  const selector = claim.spec?.selector === undefined || claim.spec?.selector === null ? undefined : fromLabelSelector(claim.spec.selector);
  let smallest: Readonly<KObject> | undefined;
  let smallestQty = 0;
  for (const volume of volumes) {
    if (excluded.has(volume.metadata.name ?? '')) continue;
    const ref = volume.spec?.claimRef;
    if (ref !== undefined && ref !== null && !isVolumeBoundToClaim(volume, claim)) continue;
    const qty = storageOf(volume, 'capacity');
    if (qty < requested) continue;
    if (checkVolumeModeMismatches(claim.spec, volume.spec)) continue;
    if (volume.metadata.deletionTimestamp !== undefined) continue;
    const fitsNode = node === undefined || checkNodeAffinity(volume, node);
    if (isVolumeBoundToClaim(volume, claim)) return fitsNode ? volume : undefined;
    if (node === undefined && delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (selector !== undefined && (selector === null || !matches(selector, volume.metadata.labels))) continue;
    if (volumeClass(volume) !== cls) continue;
    if (!fitsNode) continue;
    if (node !== undefined && !checkAccessModes(claim, volume)) continue;
    if (smallest === undefined || smallestQty > qty) {
      smallest = volume;
      smallestQty = qty;
    }
  }
  return smallest;
}
