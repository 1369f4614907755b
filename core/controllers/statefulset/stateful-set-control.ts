import type { Selector } from '../../api/labels.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { SyncError } from '../../client/work-queue.js';
import { ControllerHistory, findEqualRevisions, equalRevision, sortControllerRevisions } from '../history/controller-history.js';
import { applyRevision, newRevision, nextRevision } from './revisions.js';
import type { StatefulPodControl } from './stateful-pod-control.js';
import { updateStatefulSetStatus, type StatefulSetStatus } from './stateful-set-status-updater.js';
import { completeRollingUpdate, inconsistentStatus } from './stateful-set-status.js';
import { updateReplicas } from './stateful-set-update.js';
import { podRevision } from './stateful-set-utils.js';

/**
 * defaultStatefulSetControl.UpdateStatefulSet: find (or make) the current and update
 * revisions, bring the pods in line (stateful-set-update.ts), write the status even
 * when that stopped on an error, and trim the revision history. A failed step is thrown
 * after the status is written, so the sync is retried with backoff.
 */
export function updateStatefulSet(client: Client, history: ControllerHistory, podControl: StatefulPodControl, set: Readonly<KObject>, selector: Selector, pods: ReadonlyArray<Readonly<KObject>>): StatefulSetStatus {
  const revisions = sortControllerRevisions(history.list(set, selector));
  const { current, update, collisionCount } = statefulSetRevisions(client, history, set, revisions);
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation ?? 1,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    currentRevision: current.metadata.name ?? '',
    updateRevision: update.metadata.name ?? '',
    collisionCount,
    availableReplicas: 0,
  };
  let failure: unknown;
  try {
    updateReplicas(client, podControl, set, applyRevision(set, current), applyRevision(set, update), status, pods);
  } catch (e) {
    if (!(e instanceof ApiError) && !(e instanceof SyncError)) throw e;
    failure = e;
  }
  let statusFailure: unknown;
  try {
    completeRollingUpdate(set, status);
    if (inconsistentStatus(set, status)) updateStatefulSetStatus(client, set, status);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    statusFailure = e;
  }
  truncateHistory(client, history, set, pods, revisions, current, update);
  if (failure !== undefined) throw failure;
  if (statusFailure !== undefined) throw statusFailure;
  return status;
}

/**
 * getStatefulSetRevisions: the update revision is the set's template as it is now. If
 * the newest stored revision has the same data, that is it; if an older one has (a
 * rollback to an earlier template), it is renumbered to be the newest; otherwise a new
 * revision is created. The current revision is the one status.currentRevision names,
 * or the update revision for a new set.
 */
function statefulSetRevisions(client: Client, history: ControllerHistory, set: Readonly<KObject>, revisions: Array<Readonly<KObject>>): { current: Readonly<KObject>; update: Readonly<KObject>; collisionCount: number } {
  let collisionCount = set.status?.collisionCount ?? 0;
  const candidate = newRevision(set, nextRevision(revisions), collisionCount);
  const equal = findEqualRevisions(revisions, candidate);
  const last = revisions[revisions.length - 1];
  let update: Readonly<KObject>;
  if (equal.length > 0 && equalRevision(last, equal[equal.length - 1])) update = last as Readonly<KObject>;
  else if (equal.length > 0) update = history.renumber(client, equal[equal.length - 1] as Readonly<KObject>, Number(candidate.revision));
  else {
    const created = history.create(client, set, candidate, collisionCount);
    update = created.revision;
    collisionCount = created.collisionCount;
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount };
}

/**
 * truncateHistory: revisions that no pod and neither status revision uses are history;
 * beyond revisionHistoryLimit (10) the oldest of them are deleted.
 */
function truncateHistory(client: Client, history: ControllerHistory, set: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>, revisions: ReadonlyArray<Readonly<KObject>>, current: Readonly<KObject>, update: Readonly<KObject>): void {
  const live = new Set<string>([current.metadata.name ?? '', update.metadata.name ?? '', ...pods.map(podRevision)]);
  const old = revisions.filter((r) => !live.has(r.metadata.name ?? ''));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (limit < 0 || old.length <= limit) return;
  for (const r of old.slice(0, old.length - limit)) history.delete(client, r);
}
