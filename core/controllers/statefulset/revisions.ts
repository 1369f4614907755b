import type { KObject } from '../../api/types.js';
import { newControllerRevision } from '../history/controller-history.js';
import { rawData } from '../history/revision-hash.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- templates are open JSON */

/**
 * getPatch: what a StatefulSet's revision stores is a strategic merge patch that puts
 * its pod template back whole: `{"spec":{"template":{"$patch":"replace", ...}}}`. The
 * template is as the API server encodes it, an unset creationTimestamp being `null`,
 * and its keys come out sorted, as Go marshals the map it built (so `kubectl get
 * controllerrevision -o yaml` shows `$patch` first).
 */
export function revisionData(set: Readonly<KObject>): unknown {
  const template = structuredClone(set.spec?.template ?? {});
  template.metadata = { creationTimestamp: null, ...(template.metadata ?? {}) };
  return JSON.parse(rawData({ spec: { template: { $patch: 'replace', ...template } } }));
}

/** newRevision: a ControllerRevision of the set's template, labelled like its pods, annotated like the set. */
export function newRevision(set: Readonly<KObject>, revision: number, collisionCount: number): KObject {
  const cr = newControllerRevision(set, set.spec?.template?.metadata?.labels ?? {}, revisionData(set), revision, collisionCount);
  if (set.metadata.annotations !== undefined) cr.metadata.annotations = { ...set.metadata.annotations };
  return cr;
}

/** ApplyRevision: the set with the revision's template in place of its own. */
export function applyRevision(set: Readonly<KObject>, revision: Readonly<KObject>): KObject {
  const template = structuredClone((revision.data as any)?.spec?.template ?? {});
  delete template.$patch;
  return { ...structuredClone(set), spec: { ...structuredClone(set.spec ?? {}), template } };
}

/** nextRevision: one more than the newest (revisions sorted), 1 for the first. */
export function nextRevision(revisions: ReadonlyArray<Readonly<KObject>>): number {
  const last = revisions[revisions.length - 1];
  return last === undefined ? 1 : Number(last.revision ?? 0) + 1;
}
