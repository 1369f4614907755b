import type { KObject } from './types.js';
import { badRequest } from './status.js';

export interface FieldRequirement {
  path: string[];
  negate: boolean;
  value: string;
}

/** The fields kubectl and the components select on; upstream refuses others per kind. */
const SUPPORTED: Record<string, readonly string[]> = {
  '*': ['metadata.name', 'metadata.namespace'],
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
};

/** Parses `spec.nodeName=node-2,status.phase!=Running`. */
export function parseFieldSelector(text: string, kind: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of text.split(',')) {
    const term = part.trim();
    if (term === '') continue;
    const m = /^([A-Za-z0-9_.]+)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (m === null) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [, field = '', op, value = ''] = m;
    const allowed = [...(SUPPORTED['*'] ?? []), ...(SUPPORTED[kind] ?? [])];
    if (!allowed.includes(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    out.push({ path: field.split('.'), negate: op === '!=', value });
  }
  return out;
}

export function matchesFields(reqs: readonly FieldRequirement[], obj: Readonly<KObject>): boolean {
  for (const r of reqs) {
    let cur: unknown = obj;
    for (const p of r.path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    // Missing fields compare as the empty string, like upstream's field sets
    // (an unscheduled pod matches spec.nodeName=).
    const actual = cur === undefined || cur === null ? '' : String(cur);
    if ((actual === r.value) === r.negate) return false;
  }
  return true;
}

/**
 * The value a field selector requires of a pod's spec.nodeName (`spec.nodeName=node-2`,
 * or '' for `spec.nodeName=`, the scheduler's unscheduled pods), if it has such a term:
 * what the watch hub indexes watchers by. A negated term (`!=`) is no index.
 */
export function nodeNameOf(kind: string, text: string | undefined): string | undefined {
  if (kind !== 'Pod' || text === undefined || text === '') return undefined;
  for (const r of parseFieldSelector(text, kind)) {
    if (!r.negate && r.path.length === 2 && r.path[0] === 'spec' && r.path[1] === 'nodeName') return r.value;
  }
  return undefined;
}
