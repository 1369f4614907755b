import { fromLabelSelector } from '../../api/labels.js';
import { kindInfo, type KindInfo } from '../../api/kinds.js';
import { ApiError, conflict } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { controllerRef } from '../controller-ref.js';
import { computeHash } from '../deployment/pod-template-hash.js';
import { CONTROLLER_UID_INDEX } from '../replicaset/replica-set-controller.js';
import type { DaemonSetSync } from './context.js';
import { claimFor, nodesToDaemonPods } from './manage.js';
import { revisionData, revisionMatches } from './revision-data.js';
import { CONTROLLER_REVISION_HASH } from './util/daemonset-util.js';

/*
 * The DaemonSet's history (upstream's update.go: constructHistory, dedupCurHistories,
 * cleanupHistory, snapshot): one ControllerRevision per pod template it has had, named
 * `<ds>-<hash>`, labelled with the hash, numbered 1, 2, 3 ... Putting an old template
 * back (`kubectl rollout undo`) reuses that template's revision and gives it the next
 * number: 1, 2, then undo to 1 makes revision 1 into revision 3.
 */

/**
 * constructHistory: the revision of the current template (created if missing, renumbered
 * to max(old) + 1 if it is an older one coming back) and the old ones.
 */
export function constructHistory(s: DaemonSetSync): { cur: Readonly<KObject>; old: Array<Readonly<KObject>> } {
  const current: Array<Readonly<KObject>> = [];
  const old: Array<Readonly<KObject>> = [];
  for (let history of controlledHistories(s)) {
    // The hash label is the revision's name suffix when someone removed it: no recomputation, no collision worries.
    if (history.metadata.labels?.[CONTROLLER_REVISION_HASH] === undefined) {
      history = s.client.update({ ...history, metadata: { ...history.metadata, labels: { ...(history.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH]: history.metadata.name ?? '' } } } as KObject, {
        reason: 'RevisionLabeled',
        message: `${history.metadata.name} gets back its ${CONTROLLER_REVISION_HASH} label`,
      });
    }
    (revisionMatches(s.ds, history) ? current : old).push(history);
  }
  const next = maxRevision(old) + 1;
  if (current.length === 0) return { cur: snapshot(s, next), old };
  let cur = dedupCurHistories(s, current);
  if (revisionOf(cur) < next) {
    cur = s.client.update({ ...cur, revision: next } as KObject, {
      reason: 'RevisionRenumbered',
      message: `${s.ds.metadata.name}'s template is ${cur.metadata.name}'s again: revision ${revisionOf(cur)} becomes revision ${next}`,
    });
  }
  return { cur, old };
}

/**
 * snapshot: a new ControllerRevision for the current template. The name clashing with a
 * revision of another template (a hash collision) bumps status.collisionCount, which
 * changes the hash, and fails this sync so the next one retries with it.
 */
function snapshot(s: DaemonSetSync, revision: number): Readonly<KObject> {
  const { ds, client } = s;
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const name = `${ds.metadata.name}-${hash}`;
  const cr: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ds.metadata.namespace ?? 'default',
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash },
      ...(ds.metadata.annotations !== undefined ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(ds)],
    },
    data: revisionData(ds),
    revision,
  };
  try {
    return client.create(cr, { reason: 'RevisionCreated', message: `DaemonSet ${ds.metadata.name}'s pod template is new: revision ${revision} (${name})` });
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 409 || e.reason !== 'AlreadyExists') throw e;
    const existing = client.get('ControllerRevision', ds.metadata.namespace, name);
    if (revisionMatches(ds, existing)) return existing; // made by an earlier sync whose cache had not seen it yet
    const live = client.get('DaemonSet', ds.metadata.namespace, ds.metadata.name ?? '');
    if ((live.status?.collisionCount ?? 0) !== (ds.status?.collisionCount ?? 0)) {
      // An error the work queue retries with backoff, as upstream returns one.
      throw conflict(kindInfo('DaemonSet') as KindInfo, ds.metadata.name ?? '', `found a stale collision count (${ds.status?.collisionCount ?? 0}, expected ${live.status?.collisionCount ?? 0}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`);
    }
    const collisionCount = (live.status?.collisionCount ?? 0) + 1;
    client.updateStatus({ ...live, status: { ...(live.status ?? {}), collisionCount } } as KObject, {
      reason: 'HashCollision',
      message: `${name} already holds another template: collisionCount ${collisionCount} gives ${ds.metadata.name} a new hash`,
    });
    throw e;
  }
}

/**
 * dedupCurHistories: two revisions of the current template (an old controller's) become
 * one: the highest-numbered stays, pods labelled with the others get its hash, the
 * others are deleted.
 */
function dedupCurHistories(s: DaemonSetSync, current: Array<Readonly<KObject>>): Readonly<KObject> {
  if (current.length === 1) return current[0] as Readonly<KObject>;
  let keep = current[0] as Readonly<KObject>;
  for (const h of current) if (revisionOf(h) >= revisionOf(keep)) keep = h;
  const hash = keep.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '';
  for (const pods of nodesToDaemonPods(s, true).values()) {
    for (const pod of pods) {
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash) continue;
      s.client.patch('Pod', pod.metadata.namespace, pod.metadata.name ?? '', { metadata: { labels: { [CONTROLLER_REVISION_HASH]: hash } } }, 'merge', {
        reason: 'RevisionRelabeled',
        message: `${pod.metadata.name} belongs to ${keep.metadata.name}, the one revision of its template`,
      });
    }
  }
  for (const h of current) {
    if (h.metadata.name === keep.metadata.name) continue;
    s.client.delete('ControllerRevision', h.metadata.namespace, h.metadata.name ?? '', {}, { reason: 'RevisionDeduplicated', message: `${h.metadata.name} duplicates ${keep.metadata.name}: deleted` });
  }
  return keep;
}

/**
 * cleanupHistory: beyond revisionHistoryLimit (10) old revisions, the oldest go first,
 * but never one whose hash a pod still carries (a node not yet updated).
 */
export function cleanupHistory(s: DaemonSetSync, old: ReadonlyArray<Readonly<KObject>>): void {
  let toKill = old.length - (s.ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set<string>();
  for (const pods of nodesToDaemonPods(s, true).values()) for (const pod of pods) {
    const hash = pod.metadata.labels?.[CONTROLLER_REVISION_HASH];
    if (hash !== undefined && hash !== '') live.add(hash);
  }
  for (const h of [...old].sort((a, b) => revisionOf(a) - revisionOf(b))) {
    if (toKill <= 0) break;
    if (live.has(h.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '')) continue;
    s.client.delete('ControllerRevision', h.metadata.namespace, h.metadata.name ?? '', {}, {
      reason: 'RevisionPruned',
      message: `${s.ds.metadata.name} keeps ${s.ds.spec?.revisionHistoryLimit ?? 10} old revisions: ${h.metadata.name} (revision ${revisionOf(h)}) deleted`,
    });
    toKill--;
  }
}

/** controlledHistories: the revisions it controls, plus matching orphans of its namespace it adopts. */
function controlledHistories(s: DaemonSetSync): Array<Readonly<KObject>> {
  const { ds } = s;
  const selector = fromLabelSelector(ds.spec?.selector);
  if (selector === null) return [];
  const ns = ds.metadata.namespace;
  const candidates = [...s.dsc.revisions.byIndex(CONTROLLER_UID_INDEX, ds.metadata.uid ?? ''), ...s.dsc.revisions.byIndex(CONTROLLER_UID_INDEX, '').filter((h) => h.metadata.namespace === ns)];
  return claimFor(s, selector, candidates);
}

function maxRevision(histories: ReadonlyArray<Readonly<KObject>>): number {
  let max = 0;
  for (const h of histories) max = Math.max(max, revisionOf(h));
  return max;
}

export function revisionOf(h: Readonly<KObject>): number {
  return typeof h.revision === 'number' ? h.revision : 0;
}
