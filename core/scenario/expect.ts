import type { ApiServer } from '../api/api-server.js';
import { jsonEqual } from '../api/equal.js';
import type { KObject } from '../api/types.js';
import type { TrafficRow } from '../record/schema.js';
import type { Expectation } from './types.js';

export interface ExpectationResult {
  expectation: Expectation;
  passed: boolean;
  /** One line per field: `readyReplicas = 4` or `readyReplicas is 3, expected 4`. */
  details: string[];
}

/**
 * Checks one expectation against the live cluster (objects) or the recorded traffic.
 * A plain field name is looked up in status, then spec, then metadata
 * (`readyReplicas`, `replicas`, `labels`); a dotted path starts at the object
 * (`spec.template.spec.containers[0].image`); `conditions.Available` is that
 * condition's status. A count status upstream omits when zero (readyReplicas) counts as 0.
 * Expected values may be comparisons: ">= 3", "< 1".
 */
export function evaluate(exp: Expectation, api: ApiServer, traffic: () => TrafficRow[]): ExpectationResult {
  const details: string[] = [];
  let passed = true;
  const check = (field: string, actual: unknown, expected: unknown): void => {
    const ok = compare(actual, expected);
    passed &&= ok;
    details.push(ok ? `${field} = ${show(actual)}` : `${field} is ${show(actual)}, expected ${show(expected)}`);
  };
  if ('traffic' in exp.target) {
    const service = exp.target.traffic;
    const totals: Record<string, number> = { total: 0, ok: 0, failed: 0, refused: 0, reset: 0, 'no-endpoints': 0 };
    for (const row of traffic()) {
      if (row.service !== service) continue;
      if (typeof exp.at === 'number' && row.timeMs > exp.at) continue;
      totals.total = (totals.total as number) + row.count;
      totals[row.outcome] = (totals[row.outcome] ?? 0) + row.count;
      if (row.outcome !== 'ok') totals.failed = (totals.failed as number) + row.count;
    }
    for (const [field, expected] of Object.entries(exp.fields)) check(field, totals[field] ?? 0, expected);
    return { expectation: exp, passed, details };
  }
  const { kind, namespace, name } = exp.target.object;
  const obj = api.tryGet(kind, namespace, name);
  const fields = { ...exp.fields };
  if ('exists' in fields) {
    check('exists', obj !== undefined, fields.exists);
    delete fields.exists;
  }
  if (obj === undefined) {
    if (Object.keys(fields).length > 0) {
      passed = false;
      details.push(`${exp.label} not found`);
    }
    return { expectation: exp, passed, details };
  }
  for (const [field, expected] of Object.entries(fields)) {
    let actual = lookup(obj, field);
    if (actual === undefined && typeof expected === 'number') actual = 0;
    check(field, actual, expected);
  }
  return { expectation: exp, passed, details };
}

export function lookup(obj: Readonly<KObject>, field: string): unknown {
  // conditions.Available is the condition's status; conditions.Progressing.reason any of its fields.
  const cond = /^conditions\.(\w+)(?:\.(\w+))?$/.exec(field);
  if (cond !== null) {
    const list = (obj.status?.conditions ?? []) as Array<Record<string, unknown> & { type: string }>;
    return list.find((c) => c.type === cond[1])?.[cond[2] ?? 'status'];
  }
  if (!field.includes('.') && !field.includes('[')) {
    for (const part of [obj.status, obj.spec, obj.metadata]) {
      if (part !== null && typeof part === 'object' && field in part) return (part as Record<string, unknown>)[field];
    }
    return (obj as Record<string, unknown>)[field];
  }
  let cur: unknown = obj;
  // metadata.annotations[deployment.kubernetes.io/revision]: brackets hold keys with dots.
  for (const m of field.matchAll(/\[([^\]]+)\]|[^.[\]]+/g)) {
    const token = m[1] ?? m[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(token)] : (cur as Record<string, unknown>)[token];
  }
  return cur;
}

function compare(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'number') {
    const m = /^\s*(>=|<=|>|<|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(expected);
    if (m !== null) {
      const v = Number(m[2]);
      switch (m[1]) {
        case '>=': return actual >= v;
        case '<=': return actual <= v;
        case '>': return actual > v;
        case '<': return actual < v;
        case '==': return actual === v;
        case '!=': return actual !== v;
      }
    }
  }
  return jsonEqual(actual, expected);
}

function show(v: unknown): string {
  return v === undefined ? 'unset' : JSON.stringify(v);
}
