import { fromLabelSelector } from '../api/labels.js';
import { isControlledBy } from '../api/owner-references.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { CHANGE_CAUSE, replicaSetsOf, revisionOf } from './deployment-util.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- revisions are open JSON */

/*
 * `kubectl rollout history` as kubectl's history viewers (polymorphichelpers/history.go):
 * a Deployment's revisions are its ReplicaSets' revision annotations; a DaemonSet's or
 * StatefulSet's are the ControllerRevisions its selector matches and it controls (their
 * `revision` field, change-cause from their annotations).
 */

export interface Revision {
  revision: number;
  changeCause: string;
}

/** The Deployment's ReplicaSets that carry a revision, as revisions. */
export function deploymentRevisions(client: Client, d: Readonly<KObject>): Revision[] {
  const rss = replicaSetsOf(d, client.list('ReplicaSet', { namespace: d.metadata.namespace ?? 'default' }).items);
  const byRevision = new Map<number, Revision>();
  for (const rs of rss) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    byRevision.set(revision, { revision, changeCause: rs.metadata.annotations?.[CHANGE_CAUSE] ?? '' });
  }
  return [...byRevision.values()];
}

/**
 * daemonSetHistory / statefulSetHistory: the ControllerRevisions listed with the owner's
 * label selector, kept when the owner is their controller (metav1.IsControlledBy).
 */
export function controllerRevisions(client: Client, owner: Readonly<KObject>): Array<Readonly<KObject>> {
  const selector = fromLabelSelector(owner.spec?.selector) ?? [];
  const listed = client.list('ControllerRevision', { namespace: owner.metadata.namespace ?? 'default', labelSelector: selector }).items;
  return listed.filter((cr) => isControlledBy(cr, owner));
}

export function revisionsOf(history: ReadonlyArray<Readonly<KObject>>): Revision[] {
  // Upstream keys them by revision (a later one with the same number wins).
  const byRevision = new Map<number, Revision>();
  for (const cr of history) {
    const revision = Number((cr as any).revision ?? 0);
    byRevision.set(revision, { revision, changeCause: cr.metadata.annotations?.[CHANGE_CAUSE] ?? '' });
  }
  return [...byRevision.values()];
}

/**
 * printHistory: REVISION and CHANGE-CAUSE (<none> when empty) sorted by revision, as
 * tabwriter lays them out (padding 2), or "No rollout history found." for none.
 */
export function historyLines(revisions: readonly Revision[]): string[] {
  if (revisions.length === 0) return ['No rollout history found.'];
  const sorted = [...revisions].sort((a, b) => a.revision - b.revision);
  const width = Math.max('REVISION'.length, ...sorted.map((r) => String(r.revision).length)) + 2;
  return [`${'REVISION'.padEnd(width)}CHANGE-CAUSE`, ...sorted.map((r) => `${String(r.revision).padEnd(width)}${r.changeCause === '' ? '<none>' : r.changeCause}`)];
}
