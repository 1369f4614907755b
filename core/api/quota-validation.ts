import { canonicalQuantity, compareQuantities, formatQuantity, parseQuantityValue, type Quantity } from './quantity-value.js';
import { defaultLimitRange } from './admission/limit-ranger.js';
import { forbiddenCause, invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';
import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
/** Scopes that only track pod compute resources (pkg/apis/core/helper: IsResourceQuotaScopeValidForResource). */
const POD_SCOPE_RESOURCES = ['pods', 'count/pods', 'cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'ephemeral-storage', 'requests.ephemeral-storage', 'limits.ephemeral-storage'];

/** Quantities as the API server stores them ("2000m" -> "2", 10 -> "10"): Quantity's JSON round trip. */
export function defaultQuotaKind(obj: KObject): void {
  const canon = (list: any): any => (list !== null && typeof list === 'object' && !Array.isArray(list) ? Object.fromEntries(Object.entries(list).map(([k, v]) => [k, canonicalQuantity(v)])) : list);
  if (obj.kind === 'ResourceQuota') {
    if (obj.spec?.hard !== undefined) obj.spec.hard = canon(obj.spec.hard);
    if (obj.status?.hard !== undefined) obj.status.hard = canon(obj.status.hard);
    if (obj.status?.used !== undefined) obj.status.used = canon(obj.status.used);
    return;
  }
  if (obj.kind !== 'LimitRange') return;
  defaultLimitRange(obj);
  for (const item of (obj.spec?.limits ?? []) as any[]) {
    if (item === null || typeof item !== 'object') continue;
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) if (item[f] !== undefined) item[f] = canon(item[f]);
  }
}

/** ValidateResourceQuota / ValidateLimitRange (pkg/apis/core/validation), the checks a user meets first. */
export function validateQuotaKind(obj: Readonly<KObject>, causes: StatusCause[]): void {
  if (obj.kind === 'ResourceQuota') validateResourceQuota(obj, causes);
  else if (obj.kind === 'LimitRange') validateLimitRange(obj, causes);
}

function quantities(list: unknown, path: string, causes: StatusCause[]): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (list === undefined || list === null) return out;
  for (const [k, v] of Object.entries(list as Record<string, unknown>)) {
    const q = parseQuantityValue(v);
    if (q === undefined) causes.push(invalidCause(`${path}[${k}]`, v, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
    else if (q.nanos < 0n) causes.push(invalidCause(`${path}[${k}]`, v, 'must be greater than or equal to 0'));
    else out.set(k, q);
  }
  return out;
}

function validateResourceQuota(obj: Readonly<KObject>, causes: StatusCause[]): void {
  const hard = quantities(obj.spec?.hard, 'spec.hard', causes);
  quantities(obj.status?.hard, 'status.hard', causes);
  quantities(obj.status?.used, 'status.used', causes);
  const scopes: unknown[] = obj.spec?.scopes ?? [];
  scopes.forEach((s, i) => {
    if (!SCOPES.includes(String(s))) causes.push(unsupportedCause(`spec.scopes[${i}]`, s, SCOPES));
  });
  const scoped = scopes.some((s) => s !== 'PriorityClass' && SCOPES.includes(String(s)));
  if (scoped) {
    for (const k of hard.keys()) {
      if (!POD_SCOPE_RESOURCES.includes(k)) causes.push(invalidCause('spec.hard', k, 'unsupported scope applied to resource'));
    }
  }
  if (scopes.includes('Terminating') && scopes.includes('NotTerminating')) causes.push(invalidCause('spec.scopes', scopes, 'conflicting scopes'));
  if (scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) causes.push(invalidCause('spec.scopes', scopes, 'conflicting scopes'));
}

function validateLimitRange(obj: Readonly<KObject>, causes: StatusCause[]): void {
  const items: any[] = obj.spec?.limits ?? [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const p = `spec.limits[${i}]`;
    const type = String(item?.type ?? '');
    if (type === '') causes.push(requiredCause(`${p}.type`));
    else if (!LIMIT_TYPES.includes(type)) causes.push(unsupportedCause(`${p}.type`, type, LIMIT_TYPES));
    if (seen.has(type)) causes.push({ reason: 'FieldValueDuplicate', field: `${p}.type`, message: `Duplicate value: "${type}"` });
    seen.add(type);
    const max = quantities(item?.max, `${p}.max`, causes);
    const min = quantities(item?.min, `${p}.min`, causes);
    const def = quantities(item?.default, `${p}.default`, causes);
    const defReq = quantities(item?.defaultRequest, `${p}.defaultRequest`, causes);
    const ratio = quantities(item?.maxLimitRequestRatio, `${p}.maxLimitRequestRatio`, causes);
    if (type === 'Pod') {
      if (def.size > 0) causes.push(forbiddenCause(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (defReq.size > 0) causes.push(forbiddenCause(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    }
    if (type === 'PersistentVolumeClaim' && !min.has('storage') && !max.has('storage')) {
      causes.push(requiredCause(`${p}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    const s = formatQuantity;
    const keys = new Set([...max.keys(), ...min.keys(), ...def.keys(), ...defReq.keys(), ...ratio.keys()]);
    for (const k of [...keys].sort()) {
      const [mn, mx, d, dr, r] = [min.get(k), max.get(k), def.get(k), defReq.get(k), ratio.get(k)];
      if (mn && mx && compareQuantities(mn, mx) > 0) causes.push(invalidCause(`${p}.min[${k}]`, s(mn), `min value ${s(mn)} is greater than max value ${s(mx)}`));
      if (dr && mn && compareQuantities(mn, dr) > 0) causes.push(invalidCause(`${p}.defaultRequest[${k}]`, s(dr), `min value ${s(mn)} is greater than default request value ${s(dr)}`));
      if (dr && mx && compareQuantities(dr, mx) > 0) causes.push(invalidCause(`${p}.defaultRequest[${k}]`, s(dr), `default request value ${s(dr)} is greater than max value ${s(mx)}`));
      if (dr && d && compareQuantities(dr, d) > 0) causes.push(invalidCause(`${p}.defaultRequest[${k}]`, s(dr), `default request value ${s(dr)} is greater than default limit value ${s(d)}`));
      if (d && mn && compareQuantities(mn, d) > 0) causes.push(invalidCause(`${p}.default[${k}]`, s(mn), `min value ${s(mn)} is greater than default value ${s(d)}`));
      if (d && mx && compareQuantities(d, mx) > 0) causes.push(invalidCause(`${p}.default[${k}]`, s(mx), `default value ${s(d)} is greater than max value ${s(mx)}`));
      if (r && r.nanos < 1_000_000_000n) causes.push(invalidCause(`${p}.maxLimitRequestRatio[${k}]`, s(r), `ratio ${s(r)} is less than 1`));
    }
  });
}
