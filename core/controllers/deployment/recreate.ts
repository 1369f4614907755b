import type { KObject } from '../../api/types.js';
import type { DeploymentSync } from './deployment-sync.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, refreshed, replicaSetsAndSyncRevision } from './sync.js';
import { actualReplicaCount, deploymentComplete, filterActive, replicasOf } from './util.js';

type RS = Readonly<KObject>;

/**
 * rolloutRecreate: every old pod goes first, and the new ReplicaSet is created and
 * scaled up only when none of them is running any more (terminating ones included), so
 * old and new never run side by side, at the price of a gap with no pods at all.
 */
export function rolloutRecreate(s: DeploymentSync, rsList: RS[], podsOf: (rs: RS) => ReadonlyArray<Readonly<KObject>>): void {
  let { newRS, oldRSs } = replicaSetsAndSyncRevision(s, rsList, false);
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (s.scaleReplicaSet(rs, 0).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(s, refreshed(s, [...oldRSs, newRS]), newRS);
  if (oldPodsRunning(newRS, oldRSs, podsOf)) return syncRolloutStatus(s, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  if (newRS === undefined) ({ newRS, oldRSs } = replicaSetsAndSyncRevision(s, rsList, true));
  const target = newRS as RS;
  s.scaleReplicaSet(target, replicasOf(s.d));
  const fresh = refreshed(s, [...oldRSs, target]);
  if (deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, fresh.slice(0, -1));
  syncRolloutStatus(s, fresh, fresh[fresh.length - 1]);
}

/** oldPodsRunning: any old ReplicaSet still reports pods, or any old pod is not yet Failed/Succeeded. */
function oldPodsRunning(newRS: RS | undefined, oldRSs: RS[], podsOf: (rs: RS) => ReadonlyArray<Readonly<KObject>>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const rs of oldRSs) {
    if (rs === newRS) continue;
    for (const pod of podsOf(rs)) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}
