import type { KObject } from '../../../api/types.js';
import { ANN_DYNAMICALLY_PROVISIONED } from './annotations.js';
import { unbindVolume, updateVolumePhase, type BinderWrites } from './bind.js';
import { checkVolumeModeMismatches } from './volume-util.js';

/** What a volume sync reads: the claim a volume points at (cache first, then the API server). */
export interface VolumeView {
  claim(namespace: string, name: string): Readonly<KObject> | undefined;
  liveClaim(namespace: string, name: string): Readonly<KObject> | undefined;
  enqueueClaim(claim: Readonly<KObject>): void;
}

/**
 * syncVolume (pv_controller.go, v1.32): a volume without a claim, or pre-bound to one
 * by name only, is Available; one bound to a claim that still wants it is Bound; one
 * whose claim is gone (or was replaced by another of the same name) is Released and
 * reclaimed by its policy. A just-provisioned volume whose claim has not yet been
 * bound sends the claim back to the claim sync, which finishes the binding.
 */
export function syncVolume(w: BinderWrites, view: VolumeView, volume: Readonly<KObject>): void {
  const ref = volume.spec?.claimRef;
  if (ref === undefined || ref === null || (ref.uid ?? '') === '') {
    updateVolumePhase(w, volume, 'Available', '');
    return;
  }
  let claim = view.claim(ref.namespace, ref.name);
  // Under load a provisioned volume can be seen before its claim: ask the API server before releasing it.
  if (claim === undefined && volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') claim = view.liveClaim(ref.namespace, ref.name);
  if (claim !== undefined && claim.metadata.uid !== ref.uid) {
    claim = view.liveClaim(ref.namespace, ref.name);
    if (claim !== undefined && claim.metadata.uid !== ref.uid) claim = undefined;
  }
  if (claim === undefined) {
    // The claim is gone: Released (a Failed volume stays Failed), then the reclaim policy.
    let v = volume;
    if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = updateVolumePhase(w, v, 'Released', '');
    reclaimVolume(w, v);
    return;
  }
  const bound = claim.spec?.volumeName ?? '';
  if (bound === '') {
    if (checkVolumeModeMismatches(claim.spec, volume.spec)) {
      w.events.record(w.client, volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`);
      w.events.record(w.client, claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
      return;
    }
    view.enqueueClaim(claim);
    return;
  }
  if (bound === volume.metadata.name) {
    updateVolumePhase(w, volume, 'Bound', '');
    return;
  }
  // Bound to a claim that is bound elsewhere.
  if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== undefined && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
    let v = volume;
    if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = updateVolumePhase(w, v, 'Released', '');
    reclaimVolume(w, v);
    return;
  }
  // Bound by the controller: undo it; pre-bound by the user: keep the name, drop the uid.
  unbindVolume(w, volume);
}

/**
 * reclaimVolume: Retain does nothing (the volume stays Released until an admin acts);
 * Delete of a dynamically provisioned volume is its external provisioner's to do (the
 * binder does nothing more); Delete of any other volume needs an in-tree deleter,
 * which the simulator has not: VolumeFailedDelete and Failed. Recycle is deprecated and
 * has no recycler here either.
 */
export function reclaimVolume(w: BinderWrites, volume: Readonly<KObject>): void {
  const policy = volume.spec?.persistentVolumeReclaimPolicy;
  const name = volume.metadata.name ?? '';
  switch (policy) {
    case 'Retain':
      return;
    case 'Delete': {
      const provisioner = volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
      if (provisioner !== undefined && !provisioner.startsWith('kubernetes.io/')) return; // external deleter
      if (volume.status?.phase === 'Failed') return;
      const message = `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`;
      const updated = updateVolumePhase(w, volume, 'Failed', message);
      w.events.record(w.client, updated, 'Warning', 'VolumeFailedDelete', message);
      return;
    }
    case 'Recycle': {
      if (volume.status?.phase === 'Failed') return;
      const updated = updateVolumePhase(w, volume, 'Failed', 'No recycler plugin found for the volume!');
      w.events.record(w.client, updated, 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
      return;
    }
    default: {
      if (volume.status?.phase === 'Failed') return;
      const updated = updateVolumePhase(w, volume, 'Failed', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
      w.events.record(w.client, updated, 'Warning', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
    }
  }
}
