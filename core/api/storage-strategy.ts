import type { KObject } from './types.js';

/**
 * The registry strategies of PersistentVolume and PersistentVolumeClaim (v1.32) for
 * what the API server itself writes into their status:
 * - a new claim or volume starts `Pending` whatever the client sent;
 * - a volume records when its phase last changed (`lastPhaseTransitionTime`, GA in
 *   v1.31): set on create, and by a /status write that changes the phase without
 *   setting it itself. A volume created at 00:00:05 and bound at 00:00:09 reads
 *   `phase: Bound, lastPhaseTransitionTime: ...:09Z`.
 */
export function prepareStorageForCreate(obj: KObject, now: string): void {
  if (obj.kind === 'PersistentVolumeClaim') obj.status = { phase: 'Pending' };
  else if (obj.kind === 'PersistentVolume') obj.status = { phase: 'Pending', lastPhaseTransitionTime: now };
}

export function prepareStorageForUpdate(next: KObject, old: Readonly<KObject>, now: string): void {
  if (next.kind !== 'PersistentVolume' || next.status === undefined) return;
  const phase = next.status.phase;
  if (phase === old.status?.phase) return;
  const stamped = next.status.lastPhaseTransitionTime;
  if (stamped === undefined || stamped === null || stamped === old.status?.lastPhaseTransitionTime) {
    next.status = { ...next.status, lastPhaseTransitionTime: now };
  }
}
