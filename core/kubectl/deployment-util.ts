import { jsonEqual } from '../api/equal.js';
import { isControlledBy } from '../api/owner-references.js';
import type { KObject } from '../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- deployments are open JSON */

/*
 * kubectl's own deployment helpers (k8s.io/kubectl/pkg/util/deployment): the annotation
 * names, conditions and template comparison that `rollout status|history|undo` need.
 * kubectl reads what the Deployment controller writes; it does not share its code.
 */

export const REVISION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** deploymentutil.TimedOutReason: Progressing=False after progressDeadlineSeconds. */
export const TIMED_OUT = 'ProgressDeadlineExceeded';
/** appsv1.DefaultDeploymentUniqueLabelKey */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/**
 * annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet, when
 * a rollback puts a ReplicaSet's annotations back.
 */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** deploymentutil.Revision: the revision annotation as a number; undefined when missing or not one. */
export function revisionOf(obj: Readonly<KObject>): number | undefined {
  const v = obj.metadata.annotations?.[REVISION];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

export function deploymentCondition(d: Readonly<KObject>, type: string): any {
  return ((d.status?.conditions ?? []) as any[]).find((c) => c.type === type);
}

/** The ReplicaSets a Deployment controls (GetAllReplicaSets: by controller reference). */
export function replicaSetsOf(d: Readonly<KObject>, all: ReadonlyArray<Readonly<KObject>>): Array<Readonly<KObject>> {
  return all.filter((rs) => isControlledBy(rs, d));
}

/** equalIgnoreHash: two pod templates alike but for their pod-template-hash label. */
export function equalIgnoreHash(a: any, b: any): boolean {
  const strip = (t: any): any => {
    if (t?.metadata?.labels?.[POD_TEMPLATE_HASH] === undefined) return t;
    const labels = { ...t.metadata.labels };
    delete labels[POD_TEMPLATE_HASH];
    return { ...t, metadata: { ...t.metadata, labels } };
  };
  return jsonEqual(strip(a), strip(b));
}
