import type { KObject } from '../../../api/types.js';
import { SyncError } from '../../../client/work-queue.js';
import { defaultClass } from '../../../api/admission-storage.js';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER } from './annotations.js';
import { bind, updateClaimStatus, updateClaimStatusWithEvent, type BinderWrites } from './bind.js';
import { findBestMatchForClaim } from './volume-index.js';
import { checkAccessModes, checkVolumeModeMismatches, claimClass, isVolumeBoundToClaim, storageOf, volumeClass } from './volume-util.js';

/** What a claim sync reads: the binder's view of volumes, classes and the pods using a claim. */
export interface ClaimView {
  volume(name: string): Readonly<KObject> | undefined;
  volumes(): Array<Readonly<KObject>>;
  storageClass(name: string): Readonly<KObject> | undefined;
  storageClasses(): Array<Readonly<KObject>>;
  /** Pods in the claim's namespace that use it and are not yet scheduled (nor finished). */
  unscheduledPodsUsing(claim: Readonly<KObject>): string[];
}

/**
 * syncClaim (pv_controller.go, v1.32): a claim without bind-completed is matched or
 * provisioned; one with it is checked against its volume. A WaitForFirstConsumer claim
 * is left to the scheduler until it carries volume.kubernetes.io/selected-node; then its
 * class's provisioner is asked for a volume.
 */
export function syncClaim(w: BinderWrites, view: ClaimView, claim: Readonly<KObject>): void {
  if (claim.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) syncUnboundClaim(w, view, claim);
  else syncBoundClaim(w, view, claim);
}

function syncUnboundClaim(w: BinderWrites, view: ClaimView, claim: Readonly<KObject>): void {
  const volumeName = claim.spec?.volumeName ?? '';
  if (volumeName !== '') return syncPreboundClaim(w, view, claim, volumeName);
  const cls = view.storageClass(claimClass(claim));
  const delayBinding = claimClass(claim) !== '' && cls?.volumeBindingMode === 'WaitForFirstConsumer';
  const volume = findBestMatchForClaim(view.volumes(), claim, delayBinding);
  if (volume !== undefined) return bind(w, volume, claim);
  // assignDefaultStorageClass: a classless claim made before a default class existed gets it now.
  if (claim.spec?.storageClassName === undefined && claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined) {
    const def = defaultClass(view.storageClasses());
    if (def !== undefined) {
      w.remember(w.client.update({ ...(claim as KObject), spec: { ...claim.spec, storageClassName: def.metadata.name } }, { reason: 'DefaultStorageClassAssigned', message: `claim ${claim.metadata.name} had no class: the default ${def.metadata.name} assigned` }));
      return;
    }
  }
  if (delayBinding && claim.metadata.annotations?.[ANN_SELECTED_NODE] === undefined) {
    // emitEventForUnboundDelayBindingClaim: the scheduler has not placed a pod with it yet.
    const pods = view.unscheduledPodsUsing(claim);
    if (pods.length === 0) w.events.record(w.client, claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    else w.events.record(w.client, claim, 'Normal', 'WaitForPodScheduled', `waiting for ${pods.length > 1 ? 'pods' : 'pod'} ${pods.join(',')} to be scheduled`);
  } else if (claimClass(claim) !== '') {
    provisionClaim(w, view, claim);
    return;
  } else {
    w.events.record(w.client, claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
  }
  updateClaimStatus(w, claim, 'Pending', undefined);
}

/**
 * provisionClaim / provisionClaimOperationExternal: every provisioner is external here
 * (in-tree ones are CSI-migrated in v1.32): the claim is annotated with its class's
 * provisioner, which the provisioner watches for, and an ExternalProvisioning Event
 * says so on every sync until the volume exists. A `kubernetes.io/...` provisioner
 * has no plugin: ProvisioningFailed.
 */
function provisionClaim(w: BinderWrites, view: ClaimView, claim: Readonly<KObject>): void {
  const name = claimClass(claim);
  const cls = view.storageClass(name);
  if (cls === undefined) {
    w.events.record(w.client, claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`);
    return;
  }
  const provisioner = String(cls.provisioner ?? '');
  if (provisioner.startsWith('kubernetes.io/')) {
    w.events.record(w.client, claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
    return;
  }
  let c = claim;
  if (claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] !== provisioner) {
    const annotations = { ...(claim.metadata.annotations ?? {}), [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner };
    c = w.remember(w.client.update({ ...(claim as KObject), metadata: { ...claim.metadata, annotations } }, { reason: 'ExternalProvisioning', message: `claim ${claim.metadata.name}: its class ${name} is provisioned by ${provisioner}` }));
  }
  w.events.record(w.client, c, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
}

function syncPreboundClaim(w: BinderWrites, view: ClaimView, claim: Readonly<KObject>, volumeName: string): void {
  const volume = view.volume(volumeName);
  if (volume === undefined) {
    updateClaimStatus(w, claim, 'Pending', undefined);
    return;
  }
  const ref = volume.spec?.claimRef;
  if (ref === undefined || ref === null) {
    const mismatch = volumeMismatch(volume, claim);
    if (mismatch === undefined) return bind(w, volume, claim);
    w.events.record(w.client, claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${mismatch}`);
    updateClaimStatus(w, claim, 'Pending', undefined);
    return;
  }
  if (isVolumeBoundToClaim(volume, claim)) return bind(w, volume, claim);
  w.events.record(w.client, claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
  if (claim.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) {
    throw new SyncError(`invalid binding of claim "${claim.metadata.namespace}/${claim.metadata.name}" to volume "${volumeName}": volume already claimed by "${ref.namespace}/${ref.name}"`);
  }
  updateClaimStatus(w, claim, 'Pending', undefined);
}

/** checkVolumeSatisfyClaim: why a volume the user named cannot serve the claim, if it cannot. */
export function volumeMismatch(volume: Readonly<KObject>, claim: Readonly<KObject>): string | undefined {
  if (storageOf(volume, 'capacity') < storageOf(claim, 'request')) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (volume.metadata.deletionTimestamp !== undefined) return 'the volume is marked for deletion';
  if (checkVolumeModeMismatches(claim.spec, volume.spec)) return 'incompatible volumeMode';
  if (!checkAccessModes(claim, volume)) return 'incompatible accessMode';
  return undefined;
}

function syncBoundClaim(w: BinderWrites, view: ClaimView, claim: Readonly<KObject>): void {
  const volumeName = claim.spec?.volumeName ?? '';
  if (volumeName === '') return updateClaimStatusWithEvent(w, claim, 'Lost', 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
  const volume = view.volume(volumeName);
  if (volume === undefined) return updateClaimStatusWithEvent(w, claim, 'Lost', 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  const ref = volume.spec?.claimRef;
  // Unbound (or not yet seen bound), or bound to this claim: bind() sets whatever is missing.
  if (ref === undefined || ref === null || ref.uid === claim.metadata.uid) return bind(w, volume, claim);
  updateClaimStatusWithEvent(w, claim, 'Lost', 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
}
