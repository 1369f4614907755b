import type { KObject, OwnerReference } from '../../api/types.js';
import { controllerRef } from '../controller-ref.js';
import { podInOrdinalRange } from './stateful-set-utils.js';

/**
 * persistentVolumeClaimRetentionPolicy as owner references on the claims (v1.32,
 * StatefulSetAutoDeletePVC GA): the garbage collector deletes a claim once its owner
 * is gone, so
 *   Retain/Retain (the default)  no reference: claims outlive the set and its pods;
 *   whenDeleted: Delete          the set controls each claim: deleting the set deletes them;
 *   whenScaled: Delete           a scaled-down pod (ordinal beyond replicas) controls its
 *                                claim: scaling 3 -> 2 deletes data-web-2 with web-2.
 * References that point at an earlier set or pod of the same name (another uid) are
 * stale: such claims are left alone.
 */
export function retentionPolicy(set: Readonly<KObject>): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted || 'Retain', whenScaled: p.whenScaled || 'Retain' };
}

function matchesRef(ref: OwnerReference, obj: Readonly<KObject>, apiVersion: string, kind: string): boolean {
  return ref.apiVersion === apiVersion && ref.kind === kind && ref.name === obj.metadata.name;
}

const isSetRef = (r: OwnerReference, set: Readonly<KObject>): boolean => matchesRef(r, set, 'apps/v1', 'StatefulSet');
const isPodRef = (r: OwnerReference, pod: Readonly<KObject>): boolean => matchesRef(r, pod, 'v1', 'Pod');

export function hasOwnerRef(target: Readonly<KObject>, owner: Readonly<KObject>): boolean {
  return (target.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);
}

/** hasStaleOwnerRef: a reference to an object of this name and kind, but another uid. */
export function hasStaleOwnerRef(target: Readonly<KObject>, obj: Readonly<KObject>, apiVersion: string, kind: string): boolean {
  const ref = (target.metadata.ownerReferences ?? []).find((r) => matchesRef(r, obj, apiVersion, kind));
  return ref !== undefined && ref.uid !== obj.metadata.uid;
}

/** hasUnexpectedController: with a Delete policy, a controller that is neither this set nor this pod. */
export function hasUnexpectedController(claim: Readonly<KObject>, set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const r of claim.metadata.ownerReferences ?? []) {
    if (isSetRef(r, set)) {
      if (r.uid !== set.metadata.uid) return true;
      continue;
    }
    if (isPodRef(r, pod)) {
      if (r.uid !== pod.metadata.uid) return true;
      continue;
    }
    if (r.controller === true) return true;
  }
  return false;
}

export function hasNonControllerOwner(claim: Readonly<KObject>, set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  return (claim.metadata.ownerReferences ?? []).some((r) => (r.uid === set.metadata.uid || r.uid === pod.metadata.uid) && r.controller !== true);
}

/** isClaimOwnerUpToDate: whether the claim's references already say what the policy wants. */
export function isClaimOwnerUpToDate(claim: Readonly<KObject>, set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  if (hasStaleOwnerRef(claim, set, 'apps/v1', 'StatefulSet') || hasStaleOwnerRef(claim, pod, 'v1', 'Pod')) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (whenScaled === 'Delete' && whenDeleted === 'Delete') return scaledDown !== hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  if (whenScaled === 'Delete') return !hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  if (whenDeleted === 'Delete') return hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
  return !hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
}

/** updateClaimOwnerRefForSetAndPod: the claim's references rewritten to the policy (a copy). */
export function claimOwnerRefsFor(claim: Readonly<KObject>, set: Readonly<KObject>, pod: Readonly<KObject>): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = (claim.metadata.ownerReferences ?? []).filter((r) => !isSetRef(r, set) && !isPodRef(r, pod));
  if (unexpected) return refs;
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const add = (owner: Readonly<KObject>): void => {
    if (!refs.some((r) => r.uid === owner.metadata.uid)) refs = [...refs, controllerRef(owner)];
  };
  if (whenScaled === 'Delete' && scaledDown) add(pod);
  if (whenDeleted === 'Delete' && !(whenScaled === 'Delete' && scaledDown)) add(set);
  return refs;
}
