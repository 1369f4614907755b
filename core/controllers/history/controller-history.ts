import type { Selector } from '../../api/labels.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { Informer } from '../../client/informer.js';
import { compareTimestamps } from '../../sim/time.js';
import { controllerOf, controllerRef } from '../controller-ref.js';
import { controllerRevisionName, hashControllerRevision, rawData } from './revision-hash.js';

/** The label a ControllerRevision carries with its hash. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/**
 * pkg/controller/history: the ControllerRevisions of a StatefulSet (or DaemonSet), one
 * per distinct template it has had, numbered by `revision`. Reads come from the
 * informer; writes go through the controller's client.
 */
export function newControllerRevision(parent: Readonly<KObject>, templateLabels: Record<string, string>, data: unknown, revision: number, collisionCount: number): KObject {
  const hash = hashControllerRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata.name ?? '', hash),
      namespace: parent.metadata.namespace ?? 'default',
      labels: { ...templateLabels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [controllerRef(parent)],
    },
    data,
    revision,
  };
}

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortControllerRevisions(revisions: Array<Readonly<KObject>>): Array<Readonly<KObject>> {
  return revisions.sort((a, b) => {
    const ra = Number(a.revision ?? 0);
    const rb = Number(b.revision ?? 0);
    if (ra !== rb) return ra - rb;
    const byTime = compareTimestamps(a.metadata.creationTimestamp, b.metadata.creationTimestamp);
    if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

/** EqualRevision: the same data, byte for byte. */
export function equalRevision(a: Readonly<KObject> | undefined, b: Readonly<KObject> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return rawData(a.data) === rawData(b.data);
}

/** FindEqualRevisions: every revision whose data equals `needle`'s, in the given order. */
export function findEqualRevisions(revisions: ReadonlyArray<Readonly<KObject>>, needle: Readonly<KObject>): Array<Readonly<KObject>> {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** realHistory: list, create (with name collisions), renumber, delete and adopt revisions. */
export class ControllerHistory {
  constructor(private readonly revisions: Informer) {}

  /** ListControllerRevisions: the parent's own revisions and orphans its selector matches. */
  list(parent: Readonly<KObject>, selector: Selector): Array<Readonly<KObject>> {
    return this.revisions.list(parent.metadata.namespace, selector).filter((r) => {
      const ref = controllerOf(r);
      return ref === undefined || ref.uid === parent.metadata.uid;
    });
  }

  /**
   * CreateControllerRevision: an AlreadyExists for a revision with other data is a hash
   * collision, so collisionCount goes up and the name is hashed again; one with the
   * same data is that revision. The count is returned for the parent's status.
   */
  create(client: Client, parent: Readonly<KObject>, revision: KObject, collisionCount: number): { revision: Readonly<KObject>; collisionCount: number } {
    let count = collisionCount;
    for (;;) {
      const hash = hashControllerRevision(revision.data, count);
      const name = controllerRevisionName(parent.metadata.name ?? '', hash);
      const candidate: KObject = { ...revision, metadata: { ...revision.metadata, name, labels: { ...(revision.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash } } };
      try {
        const created = client.create(candidate, { reason: 'RevisionCreated', message: `${parent.kind} ${parent.metadata.name}: revision ${String(revision.revision)} of its template saved as ${name}` });
        return { revision: created, collisionCount: count };
      } catch (e) {
        if (!(e instanceof ApiError) || e.status.code !== 409 || e.reason !== 'AlreadyExists') throw e;
        const exists = client.api.get('ControllerRevision', parent.metadata.namespace, name);
        if (rawData(exists.data) === rawData(revision.data)) return { revision: exists, collisionCount: count };
        count++;
      }
    }
  }

  /** UpdateControllerRevision: a rollback to an old template renumbers its revision. */
  renumber(client: Client, revision: Readonly<KObject>, newRevision: number): Readonly<KObject> {
    if (revision.revision === newRevision) return revision;
    return client.patch('ControllerRevision', revision.metadata.namespace, revision.metadata.name ?? '', { revision: newRevision }, 'merge', {
      reason: 'RevisionUpdated',
      message: `${revision.metadata.name}: the template is back, now revision ${newRevision}`,
    });
  }

  delete(client: Client, revision: Readonly<KObject>): void {
    try {
      client.delete('ControllerRevision', revision.metadata.namespace, revision.metadata.name ?? '', { preconditions: { uid: revision.metadata.uid ?? '' } }, {
        reason: 'RevisionHistoryLimit',
        message: `${revision.metadata.name}: beyond the revision history limit`,
      });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status.code !== 404) throw e;
    }
  }

  /** AdoptControllerRevision: an orphan whose labels the parent's selector matches becomes its own. */
  adopt(client: Client, parent: Readonly<KObject>, revision: Readonly<KObject>): Readonly<KObject> {
    const refs = [...(revision.metadata.ownerReferences ?? []), controllerRef(parent)];
    return client.patch('ControllerRevision', revision.metadata.namespace, revision.metadata.name ?? '', { metadata: { ownerReferences: refs, uid: revision.metadata.uid } }, 'merge', {
      reason: 'Adopted',
      message: `${parent.kind} ${parent.metadata.name} adopted controllerrevision ${revision.metadata.name}: its labels match the selector`,
    });
  }
}
