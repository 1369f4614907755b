import { templateGeneration } from '../../../api/daemonset-strategy.js';
import { jsonEqual } from '../../../api/equal.js';
import type { KObject } from '../../../api/types.js';
import { scaledValue } from '../../int-or-percent.js';
import { OBJECT_NAME_FIELD } from '../../node-affinity.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/** apps.DefaultDaemonSetUniqueLabelKey (= ControllerRevisionHashLabelKey): the revision hash on pods and revisions. */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey: the DaemonSet's template generation on its pods. */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/**
 * AddOrUpdateDaemonPodTolerations: a daemon pod tolerates not-ready and unreachable
 * NoExecute for ever (no tolerationSeconds: node problems never evict it, unlike the 300 s
 * every other pod gets), and NoSchedule disk-, memory- and pid-pressure, unschedulable
 * (a cordoned node still gets its daemon) and, for hostNetwork pods, network-unavailable.
 */
export function addOrUpdateDaemonPodTolerations(spec: any): void {
  const add = (key: string, effect: string): void => addOrUpdateToleration(spec, { key, operator: 'Exists', effect });
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork === true) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
}

/**
 * v1helper.AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator,
 * value and effect (MatchToleration) is replaced by the new one, else it is appended. So
 * a pod's own `not-ready` toleration with 300 s stays beside the infinite one (other
 * operator), and `operator: Exists` with no key does not stop the additions.
 */
export function addOrUpdateToleration(spec: any, toleration: { key: string; operator: string; effect: string }): void {
  // MatchToleration compares the raw fields: an unset operator ("", meaning Equal) is not Exists.
  const same = (t: any): boolean => (t.key ?? '') === toleration.key && (t.operator ?? '') === toleration.operator && (t.value ?? '') === '' && (t.effect ?? '') === toleration.effect;
  const out: any[] = [];
  let updated = false;
  for (const t of Array.isArray(spec.tolerations) ? spec.tolerations : []) {
    if (!same(t)) {
      out.push(t);
      continue;
    }
    if (jsonEqual(t, toleration)) return;
    out.push({ ...toleration });
    updated = true;
  }
  if (!updated) out.push({ ...toleration });
  spec.tolerations = out;
}

/**
 * CreatePodTemplate: the DaemonSet's template with the daemon tolerations, its
 * `pod-template-generation` label (when the DaemonSet has one) and the revision's
 * `controller-revision-hash` label.
 */
export function createPodTemplate(template: any, generation: number | undefined, hash: string): any {
  const t = structuredClone(template ?? {});
  t.spec ??= {};
  addOrUpdateDaemonPodTolerations(t.spec);
  t.metadata ??= {};
  t.metadata.labels = { ...(t.metadata.labels ?? {}) };
  if (generation !== undefined) t.metadata.labels[TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash !== '') t.metadata.labels[CONTROLLER_REVISION_HASH] = hash;
  return t;
}

/** The DaemonSet's template generation, from the apps/v1 annotation. */
export function getTemplateGeneration(ds: Readonly<KObject>): number | undefined {
  return templateGeneration(ds);
}

/** IsPodUpdated: the pod carries the current revision's hash, or the current template generation. */
export function isPodUpdated(pod: Readonly<KObject>, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  const templateMatches = generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash !== '' && labels[CONTROLLER_REVISION_HASH] === hash;
  return hashMatches || templateMatches;
}

/** SurgeCount: maxSurge of `desired` nodes (rounded up), 0 for OnDelete or no surge. */
export function surgeCount(ds: Readonly<KObject>, desired: number): number {
  const strategy = ds.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate' || strategy.rollingUpdate === undefined) return 0;
  return strategy.rollingUpdate.maxSurge === undefined ? 0 : scaledValue(strategy.rollingUpdate.maxSurge, desired, true);
}

/**
 * UnavailableCount: maxUnavailable of `desired` nodes, rounded up (unlike a Deployment's,
 * which rounds down): 10% of 15 nodes lets 2 be replaced at once.
 */
export function unavailableCount(ds: Readonly<KObject>, desired: number): number {
  const strategy = ds.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate' || strategy.rollingUpdate === undefined) return 0;
  return scaledValue(strategy.rollingUpdate.maxUnavailable, desired, true);
}

/** AllowsSurge: more than one pod may run on a node during an update. */
export function allowsSurge(ds: Readonly<KObject>): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes the
 * one term `matchFields metadata.name In [node]`, so the default scheduler can put it
 * nowhere else; preferred terms stay.
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: any, nodeName: string): any {
  const selector = { nodeSelectorTerms: [{ matchFields: [{ key: OBJECT_NAME_FIELD, operator: 'In', values: [nodeName] }] }] };
  if (affinity === undefined || affinity === null) return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: selector } };
  if (affinity.nodeAffinity === undefined || affinity.nodeAffinity === null) return { ...affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: selector } };
  return { ...affinity, nodeAffinity: { ...affinity.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { ...(affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}), nodeSelectorTerms: selector.nodeSelectorTerms } } };
}

/**
 * GetTargetNodeName: spec.nodeName once bound, else the node the affinity names; an
 * error for a pod that names no single node (it is then nobody's daemon pod).
 */
export function getTargetNodeName(pod: Readonly<KObject>): string {
  const bound = pod.spec?.nodeName;
  if (typeof bound === 'string' && bound !== '') return bound;
  const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined || required === null) throw new Error(`no spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution for pod ${who}`);
  const terms: any[] = required.nodeSelectorTerms ?? [];
  if (terms.length < 1) throw new Error(`no nodeSelectorTerms in requiredDuringSchedulingIgnoredDuringExecution of pod ${who}`);
  for (const term of terms) {
    for (const exp of term.matchFields ?? []) {
      if (exp.key !== OBJECT_NAME_FIELD || exp.operator !== 'In') continue;
      if ((exp.values ?? []).length !== 1) throw new Error(`the matchFields value of '${OBJECT_NAME_FIELD}' is not unique for pod ${who}`);
      return exp.values[0];
    }
  }
  throw new Error(`no node name found for pod ${who}`);
}
