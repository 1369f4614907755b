import { jsonEqual } from '../api/equal.js';
import type { KObject } from '../api/types.js';
import { ANNOTATIONS_TO_SKIP, equalIgnoreHash, POD_TEMPLATE_HASH, revisionOf } from './deployment-util.js';
import { KubectlError } from './command.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- templates are open JSON */

/*
 * `kubectl rollout undo` as kubectl's rollbackers (polymorphichelpers/rollback.go). A
 * Deployment gets back the pod template of the ReplicaSet of the wanted revision (a JSON
 * patch of spec.template and the annotations). A DaemonSet or StatefulSet gets the data
 * of the wanted ControllerRevision, which is itself a strategic merge patch replacing
 * spec.template: `{"spec":{"template":{..., "$patch":"replace"}}}`.
 */

export const ROLLED_BACK = 'rolled back';
const SKIPPED = 'skipped rollback';

/** revisionNotFoundErr */
function notFound(toRevision: number): KubectlError {
  return new KubectlError(`unable to find specified revision ${toRevision} in history`);
}

/** What an undo does: send `patch` (of `type`), or say why nothing is sent. */
export type RollbackPlan = { patch: unknown; type: 'json' | 'strategic'; from: Readonly<KObject> } | { skipped: string };

/**
 * deploymentRevision: the ReplicaSet of `toRevision`, or with 0 the one of the second
 * newest revision (revisions 1, 2, 3 -> 2).
 */
function replicaSetForRevision(d: Readonly<KObject>, rss: ReadonlyArray<Readonly<KObject>>, toRevision: number): Readonly<KObject> {
  let latest = -1;
  let previous = -1;
  let previousRS: Readonly<KObject> | undefined;
  let latestRS: Readonly<KObject> | undefined;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === toRevision) return rs;
      continue;
    }
    if (latest < v) {
      previous = latest;
      previousRS = latestRS;
      latest = v;
      latestRS = rs;
    } else if (previous < v) {
      previous = v;
      previousRS = rs;
    }
  }
  if (toRevision > 0) throw notFound(toRevision);
  if (previousRS === undefined) throw new KubectlError(`no rollout history found for deployment "${d.metadata.name}"`);
  return previousRS;
}

/** DeploymentRollbacker.Rollback: the JSON patch restoring the template and the ReplicaSet's annotations. */
export function deploymentRollback(d: Readonly<KObject>, rss: ReadonlyArray<Readonly<KObject>>, toRevision: number): RollbackPlan {
  const rs = replicaSetForRevision(d, rss, toRevision);
  if (d.spec?.paused === true) throw new KubectlError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) return { skipped: `${SKIPPED} (current template already matches revision ${toRevision})` };
  const template = structuredClone(rs.spec?.template ?? {});
  if (template.metadata?.labels !== undefined) delete template.metadata.labels[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  return { patch, type: 'json', from: rs };
}

/** findHistory: the revision asked for, or with 0 the second newest. */
function findHistory(toRevision: number, history: ReadonlyArray<Readonly<KObject>>): Readonly<KObject> | undefined {
  if (toRevision === 0 && history.length <= 1) return undefined;
  if (toRevision === 0) {
    const sorted = [...history].sort((a, b) => Number((a as any).revision ?? 0) - Number((b as any).revision ?? 0));
    return sorted[sorted.length - 2];
  }
  return history.find((h) => Number((h as any).revision ?? 0) === toRevision);
}

/** getDaemonSetPatch / getStatefulSetPatch: the owner's template as a revision's data would hold it. */
export function templatePatch(owner: Readonly<KObject>): unknown {
  return { spec: { template: { ...(owner.spec?.template ?? {}), $patch: 'replace' } } };
}

/** DaemonSetRollbacker / StatefulSetRollbacker: the ControllerRevision's data, unless the owner already has it. */
export function controllerRevisionRollback(owner: Readonly<KObject>, history: ReadonlyArray<Readonly<KObject>>, toRevision: number): RollbackPlan {
  if (toRevision === 0 && history.length <= 1) throw new KubectlError('no last revision to roll back to');
  const to = findHistory(toRevision, history);
  if (to === undefined) throw notFound(toRevision);
  // daemonSetMatch compares the bytes of the two patches; equal JSON is the same test.
  if (jsonEqual(templatePatch(owner), (to as any).data)) return { skipped: `${SKIPPED} (current template already matches revision ${toRevision})` };
  return { patch: (to as any).data, type: 'strategic', from: to };
}
