import type { KObject } from '../../api/types.js';
import { getCondition, hasProgressDeadline, NEW_RS_AVAILABLE, newCondition, removeCondition, setCondition, TIMED_OUT } from './conditions.js';
import type { DeploymentSync } from './deployment-sync.js';
import { counts, deploymentComplete, deploymentProgressing, maxUnavailable, replicasOf } from './util.js';

type RS = Readonly<KObject>;

/* eslint-disable @typescript-eslint/no-explicit-any -- status is open JSON */

/**
 * calculateStatus: counters over all ReplicaSets, and Available = at least
 * replicas - maxUnavailable available (10 replicas, 25%: 8 are enough). Zero counters are
 * left out, as the API's omitempty does.
 */
export function calculateStatus(s: DeploymentSync, allRSs: RS[], newRS: RS | undefined): any {
  const d = s.d;
  const c = counts(allRSs, newRS);
  const status: any = { observedGeneration: d.metadata.generation ?? 1 };
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) {
    if (c[k] !== 0) status[k] = c[k];
  }
  status.conditions = structuredClone(d.status?.conditions ?? []);
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const now = s.timestamp();
  if (c.availableReplicas >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  }
  if (status.conditions.length === 0) delete status.conditions;
  return status;
}

/**
 * syncRolloutStatus: the Progressing condition. It moves (lastUpdateTime = now) whenever
 * the rollout makes progress; with no progress for progressDeadlineSeconds (600 s by
 * default) it turns False with ProgressDeadlineExceeded. Nothing else wakes a stuck
 * rollout, so the controller requeues itself for the moment the deadline would pass.
 */
export function syncRolloutStatus(s: DeploymentSync, allRSs: RS[], newRS: RS | undefined): void {
  const d = s.d;
  const next = calculateStatus(s, allRSs, newRS);
  const now = s.timestamp();
  if (!hasProgressDeadline(d)) removeCondition(next, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = (next.replicas ?? 0) === (next.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE;
  if (hasProgressDeadline(d) && !complete) {
    const who = newRS === undefined ? `Deployment "${d.metadata.name}"` : `ReplicaSet "${newRS.metadata.name}"`;
    const c = counts(allRSs, newRS);
    if (deploymentComplete(d, next)) {
      setCondition(next, newCondition('Progressing', 'True', NEW_RS_AVAILABLE, `${who} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, c)) {
      const cond = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `${who} is progressing.`, now);
      if (current !== undefined) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(next, 'Progressing');
      }
      setCondition(next, cond);
    } else if (timedOut(s, d)) {
      setCondition(next, newCondition('Progressing', 'False', TIMED_OUT, `${who} has timed out progressing.`, now));
    }
  }
  if (next.conditions?.length === 0) delete next.conditions;
  if (!s.statusChanged(next)) {
    requeueStuck(s, next);
    return;
  }
  const wasTimedOut = getCondition(d.status, 'Progressing')?.reason === TIMED_OUT;
  d.status = next;
  const nowCond = getCondition(next, 'Progressing');
  if (nowCond?.reason === TIMED_OUT && !wasTimedOut) {
    s.writeStatus(TIMED_OUT, `${d.metadata.name}: ${nowCond.message} (no progress for ${d.spec.progressDeadlineSeconds}s)`);
  } else if (nowCond?.reason === NEW_RS_AVAILABLE && current?.reason !== NEW_RS_AVAILABLE) {
    s.writeStatus('RolloutComplete', `${d.metadata.name}: ${nowCond.message}`);
  } else {
    s.writeStatus('DeploymentStatus', statusSentence(d));
  }
  requeueStuck(s, next);
}

/**
 * The virtual time the Progressing condition's deadline passes: lastUpdateTime +
 * progressDeadlineSeconds. A condition without lastUpdateTime (Go's zero Time) is long past.
 */
function deadlineOf(s: DeploymentSync, c: any, d: Readonly<KObject>): number {
  const since = s.client.api.virtualOf(c.lastUpdateTime);
  return Number.isNaN(since) ? -Infinity : since + (d.spec.progressDeadlineSeconds as number) * 1000;
}

/** DeploymentTimedOut: no progress since the condition's lastUpdateTime + deadline (strictly before now). */
function timedOut(s: DeploymentSync, d: Readonly<KObject>): boolean {
  const c = getCondition(d.status, 'Progressing');
  if (c === undefined || c.reason === NEW_RS_AVAILABLE) return false;
  if (c.reason === TIMED_OUT) return true;
  return deadlineOf(s, c, d) < s.now();
}

/** requeueStuckDeployment: wake up when the progress deadline would run out. */
function requeueStuck(s: DeploymentSync, status: any): void {
  const d = s.d;
  const c = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || c === undefined) return;
  if (c.reason === NEW_RS_AVAILABLE || c.reason === TIMED_OUT) return;
  if ((status.replicas ?? 0) === (status.updatedReplicas ?? 0) && (status.availableReplicas ?? 0) === replicasOf(d) && (status.replicas ?? 0) === replicasOf(d)) return;
  // lastUpdateTime 00:00:00, now 00:03:00, deadline 600 s: look again in 7 min, plus
  // upstream's second against skew (timestamps keep whole seconds; the deadline must be past).
  s.requeueAfter(Math.max(0, deadlineOf(s, c, d) - s.now()) + 1000);
}

export function statusSentence(d: Readonly<KObject>): string {
  const st = d.status ?? {};
  return `${d.metadata.name}: ${st.replicas ?? 0} replicas, ${st.updatedReplicas ?? 0} updated, ${st.readyReplicas ?? 0} ready, ${st.availableReplicas ?? 0} available (wants ${replicasOf(d)})`;
}
