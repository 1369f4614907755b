import type { KObject } from '../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- node selector terms are open JSON */

/** metav1.ObjectNameField: the one field a node selector's matchFields may name. */
export const OBJECT_NAME_FIELD = 'metadata.name';

/**
 * component-helpers' nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): the pod's
 * nodeSelector (every label equal) and then its required node affinity terms (ORed).
 * The scheduler's NodeAffinity filter and the DaemonSet controller's
 * nodeShouldRunDaemonPod both ask this, as upstream shares the helper between them.
 */
export function matchesRequiredNodeAffinity(pod: Readonly<KObject>, node: Readonly<KObject>): boolean {
  // for-in, not Object.entries: the scheduler asks this of every node it filters (420 a
  // pod at 1,000 nodes), and a pair array per label per node was its largest garbage.
  // Same keys in the same order (a JSON object has no inherited enumerable keys).
  const selector: Record<string, string> | undefined = pod.spec?.nodeSelector ?? undefined;
  if (selector !== undefined) {
    const labels: Record<string, string> = node.metadata.labels ?? {};
    for (const k in selector) if (labels[k] !== selector[k]) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined || required === null) return true;
  return matchesNodeSelectorTerms(required.nodeSelectorTerms ?? [], node);
}

/**
 * NodeSelector.Match: any term matches. A term with neither matchExpressions nor
 * matchFields selects nothing, and a term that does not parse (`In` without values, `Gt`
 * with two, matchFields `Exists`) never matches: upstream's lazy parse errors. So
 * `[{matchFields: [{key: metadata.name, operator: In, values: [node-2]}]}]` matches only
 * node-2, and `[]` matches no node at all.
 */
export function matchesNodeSelectorTerms(terms: readonly any[], node: Readonly<KObject>): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  const name = node.metadata.name ?? '';
  return terms.some((term) => {
    const exprs: any[] = term?.matchExpressions ?? [];
    const fields: any[] = term?.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((e) => labelRequirementMatches(e, labels)) && fields.every((f) => fieldRequirementMatches(f, name));
  });
}

/** labels.NewRequirement and Requirement.Matches for node selector operators (In, NotIn, Exists, DoesNotExist, Gt, Lt). */
function labelRequirementMatches(e: any, labels: Record<string, string>): boolean {
  const values: unknown[] = e?.values ?? [];
  const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
  const v = labels[e?.key];
  switch (e?.operator) {
    case 'In':
      return values.length > 0 && has && values.includes(v);
    case 'NotIn':
      return values.length > 0 && !(has && values.includes(v));
    case 'Exists':
      return values.length === 0 && has;
    case 'DoesNotExist':
      return values.length === 0 && !has;
    case 'Gt':
    case 'Lt': {
      // One integer value; a label that is not an integer does not match.
      if (values.length !== 1 || !isInteger(values[0]) || !has || !isInteger(v)) return false;
      return e.operator === 'Gt' ? BigInt(v as string) > BigInt(values[0] as string) : BigInt(v as string) < BigInt(values[0] as string);
    }
    default:
      return false;
  }
}

/**
 * NodeSelectorRequirementsAsFieldSelector: `In` and `NotIn` with exactly one value, over
 * the node's fields, of which only metadata.name exists (another key reads as "").
 */
function fieldRequirementMatches(f: any, nodeName: string): boolean {
  const values: unknown[] = f?.values ?? [];
  if (values.length !== 1) return false;
  const actual = f?.key === OBJECT_NAME_FIELD ? nodeName : '';
  if (f?.operator === 'In') return actual === values[0];
  if (f?.operator === 'NotIn') return actual !== values[0];
  return false;
}

function isInteger(v: unknown): boolean {
  return typeof v === 'string' && /^[+-]?\d+$/.test(v);
}

/**
 * The NodeAffinity plugin's PreFilter: when every required term names nodes through
 * `matchFields metadata.name In [...]`, only those nodes are worth filtering (a DaemonSet
 * pod's one node); undefined means every node. An empty set means the terms conflict.
 */
export function affinityNodeNames(pod: Readonly<KObject>): Set<string> | undefined {
  const terms: any[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined || terms === null || terms.length === 0) return undefined;
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t?.matchFields ?? []) {
      if (r?.key !== OBJECT_NAME_FIELD || r?.operator !== 'In') continue;
      // Requirements of one term are ANDed: intersect.
      const s = new Set<string>(r.values ?? []);
      termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
    }
    // A term without a name requirement lets every node through (terms are ORed).
    if (termNames === undefined) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}
