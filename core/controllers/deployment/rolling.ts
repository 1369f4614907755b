import type { KObject } from '../../api/types.js';
import type { DeploymentSync } from './deployment-sync.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, refreshed, replicaSetsAndSyncRevision } from './sync.js';
import { availableReplicaCount, byCreation, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, replicaCount, replicasOf } from './util.js';

type RS = Readonly<KObject>;

/**
 * rolloutRolling: one step per reconcile. Grow the new ReplicaSet as far as maxSurge
 * allows; if it could not grow, shrink old ones as far as maxUnavailable allows; when
 * everything is new and available, trim history. Each step waits for the pods it
 * changed to show up in ReplicaSet status before the next one.
 */
export function rolloutRolling(s: DeploymentSync, rsList: RS[]): void {
  const sets = replicaSetsAndSyncRevision(s, rsList, true);
  const newRS = sets.newRS as RS;
  let oldRSs = sets.oldRSs;
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(s, allRSs, newRS)) return syncRolloutStatus(s, refreshed(s, allRSs), newRS);
  if (reconcileOldReplicaSets(s, allRSs, filterActive(oldRSs), newRS)) return syncRolloutStatus(s, refreshed(s, allRSs), newRS);
  oldRSs = refreshed(s, oldRSs);
  if (deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, oldRSs);
  syncRolloutStatus(s, [...oldRSs, newRS], newRS);
}

/** reconcileNewReplicaSet: true if the new ReplicaSet was resized. */
export function reconcileNewReplicaSet(s: DeploymentSync, allRSs: RS[], newRS: RS): boolean {
  const want = replicasOf(s.d);
  const have = newRS.spec?.replicas ?? 0;
  if (have === want) return false;
  if (have > want) return s.scaleReplicaSet(newRS, want).scaled;
  return s.scaleReplicaSet(newRS, newRSNewReplicas(s.d, allRSs, newRS)).scaled;
}

/**
 * reconcileOldReplicaSets: how many old pods may go now. 10 replicas, maxUnavailable 2,
 * 12 pods of which the new ReplicaSet's 2 are not yet available: 12 - 8 - 2 = 2 may go.
 * Unhealthy old pods go first (they cost no availability), then healthy ones.
 */
export function reconcileOldReplicaSets(s: DeploymentSync, allRSs: RS[], oldRSs: RS[], newRS: RS): boolean {
  if (replicaCount(oldRSs) === 0) return false;
  const allPods = replicaCount(allRSs);
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { oldRSs: cleaned, cleanupCount } = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(s, [...cleaned, newRS], cleaned);
  return cleanupCount + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: old ReplicaSets lose their unavailable pods first, oldest set first. */
export function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: RS[], maxCleanupCount: number): { oldRSs: RS[]; cleanupCount: number } {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  const out: RS[] = [];
  for (const rs of sorted) {
    const replicas = rs.spec?.replicas ?? 0;
    const available = rs.status?.availableReplicas ?? 0;
    if (total >= maxCleanupCount || replicas === 0 || replicas === available) {
      out.push(rs);
      continue;
    }
    const n = Math.min(maxCleanupCount - total, replicas - available);
    out.push(s.scaleReplicaSet(rs, replicas - n).rs);
    total += n;
  }
  return { oldRSs: out, cleanupCount: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: available pods above the floor go, oldest ReplicaSet first. */
export function scaleDownOldReplicaSetsForRollingUpdate(s: DeploymentSync, allRSs: RS[], oldRSs: RS[]): number {
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    const replicas = rs.spec?.replicas ?? 0;
    if (replicas === 0) continue;
    const n = Math.min(replicas, target - total);
    s.scaleReplicaSet(rs, replicas - n);
    total += n;
  }
  return total;
}
