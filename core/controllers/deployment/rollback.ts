import type { KObject } from '../../api/types.js';
import { controllerOf } from '../controller-ref.js';
import { DESIRED_REPLICAS, LAST_APPLIED, MAX_REPLICAS, POD_TEMPLATE_HASH, REVISION, REVISION_HISTORY, revisionOf } from './annotations.js';

/*
 * Rollback as kubectl does it since apps/v1 (the controller's old rollbackTo is gone):
 * find the ReplicaSet of the wanted revision and put its pod template back into the
 * Deployment. The Deployment controller then finds that old ReplicaSet as the "new" one
 * and gives it the next revision: rolling back from revision 3 to 1 makes it revision 4.
 */

const SKIP = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to']);

export class RollbackError extends Error {}

/** The Deployment's ReplicaSets, by controller reference. */
export function replicaSetsOf(d: Readonly<KObject>, all: ReadonlyArray<Readonly<KObject>>): Array<Readonly<KObject>> {
  return all.filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
}

/** The ReplicaSet of `toRevision`, or of the revision before the current one when 0. */
export function replicaSetForRevision(d: Readonly<KObject>, rss: ReadonlyArray<Readonly<KObject>>, toRevision: number): Readonly<KObject> {
  const name = d.metadata.name ?? '';
  if (toRevision > 0) {
    const rs = rss.find((r) => revisionOf(r) === toRevision);
    if (rs === undefined) throw new RollbackError(`unable to find specified revision ${toRevision} in history`);
    return rs;
  }
  let max = -1;
  let previous = -1;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v > max) {
      previous = max;
      max = v;
    } else if (v > previous && v < max) previous = v;
  }
  if (previous <= 0) throw new RollbackError(`no rollout history found for deployment "${name}"`);
  return rss.find((r) => revisionOf(r) === previous) as Readonly<KObject>;
}

/** The JSON patch kubectl sends: the old template (without its hash label) and the old annotations. */
export function rollbackPatch(d: Readonly<KObject>, rs: Readonly<KObject>): unknown[] {
  const template = structuredClone(rs.spec?.template ?? {});
  if (template.metadata?.labels !== undefined) delete template.metadata.labels[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!SKIP.has(k)) annotations[k] = v;
  return [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
}

/** `kubectl rollout history`: one row per revision, oldest first. */
export function revisionHistory(rss: ReadonlyArray<Readonly<KObject>>): Array<{ revision: number; changeCause: string; rs: Readonly<KObject> }> {
  return rss
    .filter((rs) => revisionOf(rs) > 0)
    .map((rs) => ({ revision: revisionOf(rs), changeCause: rs.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>', rs }))
    .sort((a, b) => a.revision - b.revision);
}
