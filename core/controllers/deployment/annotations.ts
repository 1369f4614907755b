import type { KObject } from '../../api/types.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** upstream maxRevHistoryLengthInChars */
const MAX_HISTORY_CHARS = 2000;

const SKIP_COPY = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to']);

export function revisionOf(obj: Readonly<KObject> | undefined): number {
  const v = obj?.metadata.annotations?.[REVISION];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

export function maxRevision(rss: ReadonlyArray<Readonly<KObject>>): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs));
  return max;
}

function intAnnotation(rs: Readonly<KObject>, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

export const desiredReplicasOf = (rs: Readonly<KObject>): number | undefined => intAnnotation(rs, DESIRED_REPLICAS);
export const maxReplicasOf = (rs: Readonly<KObject>): number | undefined => intAnnotation(rs, MAX_REPLICAS);

/** SetReplicasAnnotations on a mutable copy; true if something changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: Readonly<KObject>, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's own annotations, give the new
 * ReplicaSet the new revision, and when an old ReplicaSet is reused (a rollback to
 * revision 1 of a Deployment at revision 3 makes it revision 4) remember its former
 * revisions in revision-history ("1").
 */
export function setNewReplicaSetAnnotations(d: Readonly<KObject>, rs: KObject, newRevision: number, exists: boolean, maxSurge: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const hadRevision = a[REVISION] !== undefined;
  const oldRevision = a[REVISION] ?? '';
  const oldRevisionInt = oldRevision === '' ? 0 : Number(oldRevision);
  if (!Number.isInteger(oldRevisionInt)) return false;
  if (oldRevisionInt < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
  }
  if (hadRevision && oldRevisionInt < newRevision) {
    const history = a[REVISION_HISTORY] ?? '';
    let old = history === '' ? [] : history.split(',');
    if (old.length === 0) a[REVISION_HISTORY] = oldRevision;
    else {
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > MAX_HISTORY_CHARS && start < old.length) total -= (old[start++] as string).length + 1;
      if (total <= MAX_HISTORY_CHARS) {
        old = [...old.slice(start), oldRevision];
        a[REVISION_HISTORY] = old.join(',');
      }
    }
  }
  const replicas = d.spec?.replicas ?? 1;
  if (!exists && setReplicasAnnotations(rs, replicas, replicas + maxSurge)) changed = true;
  return changed;
}
