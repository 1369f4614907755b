import { addQuantities, compareQuantities, formatQuantity, parseQuantityValue, subtractQuantities, type Quantity } from '../api/quantity-value.js';

/**
 * quota/v1's ResourceList helpers (pkg/quota/v1/resources.go): the arithmetic both the
 * ResourceQuota admission plugin and the resourcequota controller do on `hard` and
 * `used`. A list is a plain record of exact quantities; JSON lists convert both ways.
 */
export type ResourceList = Record<string, Quantity>;

/** A JSON ResourceList (`{ pods: "3", "requests.cpu": "500m" }`); entries that are no quantity are left out. */
export function fromJson(list: unknown): ResourceList {
  const out: ResourceList = {};
  if (list === null || typeof list !== 'object') return out;
  for (const [k, v] of Object.entries(list as Record<string, unknown>)) {
    const q = parseQuantityValue(v);
    if (q !== undefined) out[k] = q;
  }
  return out;
}

export function toJson(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(list).sort()) out[k] = formatQuantity(list[k] as Quantity);
  return out;
}

/** Add: every key of either; a key in both is summed with `a`'s format. */
export function add(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] === undefined ? v : addQuantities(out[k] as Quantity, v);
  return out;
}

/** SubtractWithNonNegativeResult: `a - b`, floored at zero, over `a`'s keys. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(a)) {
    const d = b[k] === undefined ? v : subtractQuantities(v, b[k] as Quantity);
    out[k] = d.nanos < 0n ? { nanos: 0n, format: d.format } : d;
  }
  return out;
}

/** Mask: only the keys named. */
export function mask(list: ResourceList, names: readonly string[]): ResourceList {
  const out: ResourceList = {};
  for (const n of names) if (list[n] !== undefined) out[n] = list[n] as Quantity;
  return out;
}

export function names(list: ResourceList | Record<string, unknown> | undefined): string[] {
  return list === undefined ? [] : Object.keys(list);
}

/** LessThanOrEqual: each key of `a` that `b` has is at most `b`'s; the keys that are not. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { allowed: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    const limit = b[k];
    if (limit !== undefined && compareQuantities(v, limit) > 0) exceeded.push(k);
  }
  return { allowed: exceeded.length === 0, exceeded };
}

/** Equals: the same keys with equal values (formats aside). */
export function equals(a: ResourceList, b: ResourceList): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] !== undefined && compareQuantities(a[k] as Quantity, b[k] as Quantity) === 0);
}

export function removeZeros(list: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(list)) if (v.nanos !== 0n) out[k] = v;
  return out;
}

export function isZero(list: ResourceList): boolean {
  return Object.values(list).every((v) => v.nanos === 0n);
}

/** prettyPrint of the admission plugin: `pods=1,requests.cpu=500m`, keys sorted. */
export function prettyPrint(list: ResourceList): string {
  return Object.keys(list)
    .sort()
    .map((k) => `${k}=${formatQuantity(list[k] as Quantity)}`)
    .join(',');
}
