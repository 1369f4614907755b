import { jsonEqual } from '../../../api/equal.js';
import type { KObject } from '../../../api/types.js';
import type { Client } from '../../../client/client.js';
import type { EventRecorder } from '../../../client/event-recorder.js';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from './annotations.js';
import { isVolumeBoundToClaim } from './volume-util.js';

/** What the binder's writes need: its client (with the cause), its Event recorder, and its own cache of what it wrote. */
export interface BinderWrites {
  client: Client;
  events: EventRecorder;
  /** storeObjectUpdate: the binder reads its own writes before the watch brings them back. */
  remember(obj: Readonly<KObject>): Readonly<KObject>;
}

/** reference.GetReference of a claim: what a bound volume's claimRef holds. */
export function claimReference(claim: Readonly<KObject>): Record<string, string> {
  return { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace ?? '', name: claim.metadata.name ?? '', uid: claim.metadata.uid ?? '', apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion ?? '' };
}

/**
 * bind: the four writes of a binding, in upstream's order: the volume's claimRef, the
 * volume's phase Bound, the claim's volumeName (with bind-completed and, unless the
 * user pre-bound it, bound-by-controller), the claim's phase Bound with the volume's
 * capacity and access modes. Each is skipped when already so; any can fail and the
 * next sync finishes the rest.
 */
export function bind(w: BinderWrites, volume: Readonly<KObject>, claim: Readonly<KObject>): void {
  let v = bindVolumeToClaim(w, volume, claim);
  v = updateVolumePhase(w, v, 'Bound', '');
  const c = bindClaimToVolume(w, claim, v);
  updateClaimStatus(w, c, 'Bound', v);
}

function bindVolumeToClaim(w: BinderWrites, volume: Readonly<KObject>, claim: Readonly<KObject>): Readonly<KObject> {
  const byController = !isVolumeBoundToClaim(volume, claim);
  const next = structuredClone(volume) as KObject;
  let dirty = false;
  const ref = volume.spec?.claimRef;
  if (ref === undefined || ref === null || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace || ref.uid !== claim.metadata.uid) {
    next.spec = { ...next.spec, claimRef: claimReference(claim) };
    dirty = true;
  }
  if (byController && next.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] === undefined) {
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    dirty = true;
  }
  if (!dirty) return volume;
  return w.remember(w.client.update(next, { reason: 'VolumeBound', message: `volume ${volume.metadata.name} bound to claim ${claim.metadata.namespace}/${claim.metadata.name}` }));
}

function bindClaimToVolume(w: BinderWrites, claim: Readonly<KObject>, volume: Readonly<KObject>): Readonly<KObject> {
  // Not named by the user: the controller chose this volume.
  const byController = volume.metadata.name !== claim.spec?.volumeName;
  const next = structuredClone(claim) as KObject;
  let dirty = false;
  if (byController) {
    next.spec = { ...next.spec, volumeName: volume.metadata.name };
    dirty = true;
  }
  const annotations = { ...(next.metadata.annotations ?? {}) };
  if (byController && annotations[ANN_BOUND_BY_CONTROLLER] === undefined) {
    annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
    dirty = true;
  }
  if (annotations[ANN_BIND_COMPLETED] === undefined) {
    annotations[ANN_BIND_COMPLETED] = 'yes';
    dirty = true;
  }
  if (!dirty) return claim;
  next.metadata.annotations = annotations;
  return w.remember(w.client.update(next, { reason: 'ClaimBound', message: `claim ${claim.metadata.namespace}/${claim.metadata.name} bound to volume ${volume.metadata.name}` }));
}

/** updateClaimStatus: phase, and the volume's access modes and (on becoming Bound) capacity. */
export function updateClaimStatus(w: BinderWrites, claim: Readonly<KObject>, phase: string, volume: Readonly<KObject> | undefined): Readonly<KObject> {
  const status = { ...(claim.status ?? {}) };
  let dirty = false;
  if (status.phase !== phase) {
    status.phase = phase;
    dirty = true;
  }
  if (volume === undefined) {
    if (status.accessModes !== undefined || status.capacity !== undefined) {
      delete status.accessModes;
      delete status.capacity;
      dirty = true;
    }
  } else {
    if (!jsonEqual(status.accessModes, volume.spec?.accessModes)) {
      status.accessModes = volume.spec?.accessModes;
      dirty = true;
    }
    if (claim.status?.phase !== phase && status.capacity?.storage !== volume.spec?.capacity?.storage) {
      status.capacity = volume.spec?.capacity;
      dirty = true;
    }
  }
  if (!dirty) return claim;
  const what = volume === undefined ? '' : ` to ${volume.metadata.name} (${volume.spec?.capacity?.storage ?? '?'})`;
  return w.remember(w.client.updateStatus({ ...(claim as KObject), status }, { reason: `Claim${phase}`, message: `claim ${claim.metadata.namespace}/${claim.metadata.name} is ${phase}${what}` }));
}

/** updateClaimStatusWithEvent: a phase change, and an Event about it (a claim that lost its volume). */
export function updateClaimStatusWithEvent(w: BinderWrites, claim: Readonly<KObject>, phase: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
  if (claim.status?.phase === phase) return;
  const updated = updateClaimStatus(w, claim, phase, undefined);
  w.events.record(w.client, updated, type, reason, message);
}

/** updateVolumePhase: Available, Bound, Released or Failed; nothing when it already is. */
export function updateVolumePhase(w: BinderWrites, volume: Readonly<KObject>, phase: string, message: string): Readonly<KObject> {
  if (volume.status?.phase === phase) return volume;
  const status: Record<string, unknown> = { ...(volume.status ?? {}), phase };
  if (message === '') delete status.message;
  else status.message = message;
  return w.remember(w.client.updateStatus({ ...(volume as KObject), status }, { reason: `Volume${phase}`, message: `volume ${volume.metadata.name} is ${phase}${message === '' ? '' : `: ${message}`}` }));
}

/**
 * unbindVolume: a volume the controller bound loses its claimRef and bound-by-controller;
 * one the user pre-bound keeps its claimRef without the uid. Either way it is Available.
 */
export function unbindVolume(w: BinderWrites, volume: Readonly<KObject>): void {
  const next = structuredClone(volume) as KObject;
  if (volume.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) {
    delete next.spec.claimRef;
    const annotations = { ...(next.metadata.annotations ?? {}) };
    delete annotations[ANN_BOUND_BY_CONTROLLER];
    if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
    else next.metadata.annotations = annotations;
  } else {
    next.spec.claimRef = { ...next.spec.claimRef };
    delete next.spec.claimRef.uid;
  }
  const updated = w.remember(w.client.update(next, { reason: 'VolumeUnbound', message: `volume ${volume.metadata.name} unbound: its claim is bound to another volume` }));
  updateVolumePhase(w, updated, 'Available', '');
}
