import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { controllerRef, isControlledBy } from '../controller-ref.js';
import { desiredReplicasOf, maxRevision, POD_TEMPLATE_HASH, REVISION, revisionOf, setNewReplicaSetAnnotations } from './annotations.js';
import { getCondition, hasProgressDeadline, newCondition, setCondition } from './conditions.js';
import type { DeploymentSync } from './deployment-sync.js';
import { computeHash, equalIgnoreHash } from './pod-template-hash.js';
import { calculateStatus, statusSentence } from './progress.js';
import {
  bySizeNewer,
  bySizeOlder,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  newRSNewReplicas,
  proportion,
  replicaCount,
  replicasOf,
} from './util.js';

type RS = Readonly<KObject>;

export interface RolloutSets {
  newRS: RS | undefined;
  oldRSs: RS[];
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing)
 * and the old ones, with the Deployment's revision annotation brought up to date.
 */
export function replicaSetsAndSyncRevision(s: DeploymentSync, rsList: RS[], createIfMissing: boolean): RolloutSets {
  const existing = findNewReplicaSet(s.d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== existing);
  const newRS = newReplicaSet(s, oldRSs, existing, createIfMissing);
  return { newRS, oldRSs };
}

function newReplicaSet(s: DeploymentSync, oldRSs: RS[], existing: RS | undefined, create: boolean): RS | undefined {
  const d = s.d;
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing !== undefined) {
    // The template went back to one an old ReplicaSet has (a rollback): it becomes the new one, at a new revision.
    const copy = structuredClone(existing) as KObject;
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge(d));
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (annotationsUpdated || (copy.spec?.minReadySeconds ?? 0) !== minReady) {
      copy.spec.minReadySeconds = minReady;
      return s.client.update(copy, {
        reason: 'RevisionUpdated',
        message: `${copy.metadata.name} is the new replica set of ${d.metadata.name} at revision ${copy.metadata.annotations?.[REVISION]}`,
      });
    }
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? '');
    if (hasProgressDeadline(d) && getCondition(d.status, 'Progressing') === undefined) {
      setCondition(d.status, newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${copy.metadata.name}"`, s.timestamp()));
      needsUpdate = true;
    }
    if (needsUpdate) s.writeStatus('FoundNewReplicaSet', `${d.metadata.name} is at revision ${revisionOf(copy)} (replica set ${copy.metadata.name})`);
    return existing;
  }
  if (!create) return undefined;

  const template = structuredClone(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const rs: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace ?? 'default', labels: template.metadata.labels, ownerReferences: [controllerRef(d)] },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  const newReplicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec.replicas = newReplicas;
  setNewReplicaSetAnnotations(d, rs, newRevision, false, maxSurge(d));
  let created: RS;
  let alreadyExists = false;
  try {
    created = s.client.create(rs, {
      reason: 'NewReplicaSet',
      message: `${d.metadata.name}'s pod template changed: new replica set ${rs.metadata.name} (revision ${newRevision}) with ${newReplicas} replicas`,
    });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status.reason !== 'AlreadyExists') throw e;
    const live = s.client.api.tryGet('ReplicaSet', rs.metadata.namespace, rs.metadata.name ?? '');
    if (live !== undefined && isControlledBy(live, d) && equalIgnoreHash(live.spec?.template, d.spec?.template)) {
      created = live;
      alreadyExists = true;
    } else {
      // A hash collision: count it so the next hash differs, and try again.
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      s.writeStatus('HashCollision', `replica set name ${rs.metadata.name} is taken; collisionCount ${d.status.collisionCount}`);
      throw e;
    }
  }
  if (!alreadyExists && newReplicas > 0) {
    s.events.record(s.client, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicas}`);
  }
  setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition(d.status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`, s.timestamp()));
  }
  s.writeStatus('NewReplicaSetCreated', `${d.metadata.name} is at revision ${newRevision} (replica set ${created.metadata.name})`);
  return created;
}

function setDeploymentRevision(d: KObject, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION] === revision) return false;
  a[REVISION] = revision;
  return true;
}

/** isScalingEvent: some active ReplicaSet was sized for a different spec.replicas. */
export function isScalingEvent(s: DeploymentSync, rsList: RS[]): boolean {
  const { newRS, oldRSs } = replicaSetsAndSyncRevision(s, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = desiredReplicasOf(rs);
    if (desired !== undefined && desired !== replicasOf(s.d)) return true;
  }
  return false;
}

/**
 * scale: a resize while a rollout is under way is shared out in proportion. 10 -> 20
 * with old and new at 6 each (maxSurge 2, sized for 12): each gets round(6 * 22 / 12) = 11.
 */
export function scale(s: DeploymentSync, newRS: RS | undefined, oldRSs: RS[]): void {
  const d = s.d;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if ((activeOrLatest.spec?.replicas ?? 0) === replicasOf(d)) return;
    s.scaleReplicaSet(activeOrLatest, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) s.scaleReplicaSet(old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(all);
  all.sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  let added = 0;
  const sizes = new Map<RS, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      sizes.set(rs, (rs.spec?.replicas ?? 0) + p);
      added += p;
    } else sizes.set(rs, rs.spec?.replicas ?? 0);
  }
  all.forEach((rs, i) => {
    let size = sizes.get(rs) as number;
    // Whatever rounding left over goes to the largest (newest when growing, oldest when shrinking).
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    s.scaleReplicaSet(rs, size);
  });
}

/** sync: scaling and paused Deployments; no rollout steps, only sizes and status. */
export function syncScaleOnly(s: DeploymentSync, rsList: RS[]): void {
  const { newRS, oldRSs } = replicaSetsAndSyncRevision(s, rsList, false);
  scale(s, newRS, oldRSs);
  const olds = refreshed(s, oldRSs);
  const fresh = newRS === undefined ? undefined : refreshed(s, [newRS])[0];
  if (s.d.spec?.paused === true) cleanupDeployment(s, olds);
  syncDeploymentStatus(s, fresh === undefined ? olds : [...olds, fresh], fresh);
}

/** The ReplicaSets as the API server has them now (this reconcile may have written some). */
export function refreshed(s: DeploymentSync, rss: ReadonlyArray<RS | undefined>): RS[] {
  const out: RS[] = [];
  for (const rs of rss) {
    if (rs === undefined) continue;
    out.push(s.client.api.tryGet('ReplicaSet', rs.metadata.namespace, rs.metadata.name ?? '') ?? rs);
  }
  return out;
}

/** syncDeploymentStatus: write the computed status if it differs. */
export function syncDeploymentStatus(s: DeploymentSync, allRSs: RS[], newRS: RS | undefined): void {
  const next = calculateStatus(s, allRSs, newRS);
  if (!s.statusChanged(next)) return;
  s.d.status = next;
  s.writeStatus('DeploymentStatus', statusSentence(s.d));
}

/**
 * cleanupDeployment: keep revisionHistoryLimit old ReplicaSets (default 10), deleting the
 * oldest revisions first, and only those with no pods left.
 */
export function cleanupDeployment(s: DeploymentSync, oldRSs: RS[]): void {
  const limit = s.d.spec?.revisionHistoryLimit;
  if (typeof limit !== 'number') return;
  const alive = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const diff = alive.length - limit;
  if (diff <= 0) return;
  alive.sort((a, b) => revisionOf(a) - revisionOf(b) || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (let i = 0; i < diff; i++) {
    const rs = alive[i] as RS;
    if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec?.replicas ?? 0) !== 0) continue;
    if ((rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
    s.deleteReplicaSet(rs, `${s.d.metadata.name} keeps ${limit} old replica sets (revisionHistoryLimit): deleted revision ${revisionOf(rs)}, ${rs.metadata.name}`);
  }
}
