import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import { SyncError } from '../../client/work-queue.js';
import { claimOwnerRefsFor, hasStaleOwnerRef, hasUnexpectedController, isClaimOwnerUpToDate, retentionPolicy } from './claim-retention.js';
import { claimName, claimsFor, identityMatches, ordinalOf, storageMatches, updateIdentity, updateStorage } from './stateful-set-utils.js';

/**
 * StatefulPodControl (stateful_pod_control.go): creates a pod's claims before the pod,
 * deletes pods, repairs a pod's identity and storage, and keeps claim owner references
 * in line with the retention policy. Every action is an Event on the StatefulSet in
 * upstream's words: "create Pod web-0 in StatefulSet web successful",
 * "create Claim data-web-0 Pod web-0 in StatefulSet web success".
 */
export class StatefulPodControl {
  constructor(
    private readonly client: Client,
    private readonly claims: Informer,
    private readonly events: EventRecorder,
  ) {}

  createStatefulPod(set: Readonly<KObject>, pod: KObject): void {
    try {
      this.createPersistentVolumeClaims(set, pod);
    } catch (e) {
      this.recordPodEvent('create', set, pod, e);
      throw e;
    }
    try {
      this.client.create(pod, { reason: 'SuccessfulCreate', message: `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful` });
    } catch (e) {
      // AlreadyExists is sunk without an Event: the cache had not seen the pod yet.
      if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') this.recordPodEvent('create', set, pod, e);
      throw e;
    }
    try {
      this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.recordPodEvent('update', set, pod, e);
      throw e;
    }
    this.recordPodEvent('create', set, pod);
  }

  /** UpdateStatefulPod: identity, storage and claim references repaired in one pod update (retried on conflict). */
  updateStatefulPod(set: Readonly<KObject>, current: Readonly<KObject>): void {
    let pod = structuredClone(current) as KObject;
    let attempted = false;
    for (let attempt = 0; ; attempt++) {
      let consistent = true;
      if (!identityMatches(set, pod)) {
        updateIdentity(set, pod);
        consistent = false;
      }
      try {
        if (!storageMatches(set, pod)) {
          updateStorage(set, pod);
          consistent = false;
          this.createPersistentVolumeClaims(set, pod);
        }
        if (!this.claimsMatchRetentionPolicy(set, pod)) {
          this.updatePodClaimForRetentionPolicy(set, pod);
          consistent = false;
        }
      } catch (e) {
        this.recordPodEvent('update', set, pod, e);
        throw e;
      }
      if (consistent) return;
      attempted = true;
      try {
        this.client.update(pod, { reason: 'SuccessfulUpdate', message: `update Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful` });
        this.recordPodEvent('update', set, pod);
        return;
      } catch (e) {
        // retry.RetryOnConflict with DefaultBackoff: 4 tries, each on a fresh copy.
        const fresh = this.client.api.tryGet('Pod', set.metadata.namespace, pod.metadata.name ?? '');
        if (!(e instanceof ApiError) || e.status.code !== 409 || attempt >= 3 || fresh === undefined) {
          if (attempted) this.recordPodEvent('update', set, pod, e);
          throw e;
        }
        pod = structuredClone(fresh) as KObject;
      }
    }
  }

  deleteStatefulPod(set: Readonly<KObject>, pod: Readonly<KObject>): void {
    try {
      this.client.delete('Pod', pod.metadata.namespace, pod.metadata.name ?? '', {}, { reason: 'SuccessfulDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful` });
    } catch (e) {
      this.recordPodEvent('delete', set, pod, e);
      throw e;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the references the policy asks for. */
  claimsMatchRetentionPolicy(set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
    const ordinal = ordinalOf(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claim = this.claims.get(set.metadata.namespace, claimName(set, t, ordinal));
      if (claim !== undefined && !isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  /** UpdatePodClaimForRetentionPolicy: rewrites the owner references of the pod's claims that need it. */
  updatePodClaimForRetentionPolicy(set: Readonly<KObject>, pod: Readonly<KObject>): void {
    const ordinal = ordinalOf(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(set, t, ordinal);
      const claim = this.claims.get(set.metadata.namespace, name);
      if (claim === undefined) continue; // picked up on a later sync
      if (hasUnexpectedController(claim, set, pod)) {
        this.events.record(this.client, set, 'Warning', 'ConflictingController', `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`);
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const refs = claimOwnerRefsFor(claim, set, pod);
      const policy = retentionPolicy(set);
      try {
        this.client.update({ ...(claim as KObject), metadata: { ...claim.metadata, ownerReferences: refs } }, {
          reason: 'ClaimOwnerUpdated',
          message: `${name}: owner references for whenDeleted ${policy.whenDeleted}, whenScaled ${policy.whenScaled}: ${refs.map((r) => `${r.kind} ${r.name}`).join(', ') || 'none'}`,
        });
      } catch (e) {
        if (e instanceof ApiError) throw new SyncError(`could not update claim ${name} for delete policy ownerRefs: ${e.message}`);
        throw e;
      }
    }
  }

  /** PodClaimIsStale: with whenScaled Delete, a claim still owned by an earlier pod of this name blocks the new one. */
  podClaimIsStale(set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    return claimsFor(set, pod).some(({ claim }) => {
      const existing = this.claims.get(claim.metadata.namespace, claim.metadata.name ?? '');
      return existing !== undefined && hasStaleOwnerRef(existing, pod, 'v1', 'Pod');
    });
  }

  /** createMissingPersistentVolumeClaims: for a Pending pod whose claim was deleted meanwhile. */
  createMissingPersistentVolumeClaims(set: Readonly<KObject>, pod: Readonly<KObject>): void {
    this.createPersistentVolumeClaims(set, pod);
    try {
      this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.recordPodEvent('update', set, pod, e);
      throw e;
    }
  }

  /**
   * createPersistentVolumeClaims: each missing claim is created (an Event each); a claim
   * being deleted is an error until it is gone, so the pod waits for a fresh one.
   */
  createPersistentVolumeClaims(set: Readonly<KObject>, pod: Readonly<KObject>): void {
    const errors: string[] = [];
    for (const { claim } of claimsFor(set, pod)) {
      const name = claim.metadata.name ?? '';
      const existing = this.claims.get(claim.metadata.namespace, name);
      if (existing === undefined) {
        try {
          this.client.create(claim, { reason: 'SuccessfulCreate', message: `create Claim ${name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success` });
          this.recordClaimEvent(set, pod, name);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          errors.push(`failed to create PVC ${name}: ${e.message}`);
          if (e.reason !== 'AlreadyExists') this.recordClaimEvent(set, pod, name, e);
        }
      } else if (existing.metadata.deletionTimestamp !== undefined) {
        errors.push(`pvc ${name} is being deleted`);
      }
    }
    if (errors.length > 0) throw new SyncError(errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`);
  }

  private recordPodEvent(verb: 'create' | 'update' | 'delete', set: Readonly<KObject>, pod: Readonly<KObject>, error?: unknown): void {
    const Verb = verb[0]?.toUpperCase() + verb.slice(1);
    if (error === undefined) this.events.record(this.client, set, 'Normal', `Successful${Verb}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    else this.events.record(this.client, set, 'Warning', `Failed${Verb}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(error)}`);
  }

  private recordClaimEvent(set: Readonly<KObject>, pod: Readonly<KObject>, claim: string, error?: unknown): void {
    if (error === undefined) this.events.record(this.client, set, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
    else this.events.record(this.client, set, 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${errorText(error)}`);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
