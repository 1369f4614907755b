import { formatQuantity, quantityMilliValue, type Quantity } from '../quantity-value.js';
import type { KObject } from '../types.js';
import { fromJson, type ResourceList } from '../../quota/resources.js';
import { podRequests } from '../../quota/evaluator/pods.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pods and limit ranges are open JSON */

export interface LimitRangeLookup {
  limitRanges(namespace: string): ReadonlyArray<Readonly<KObject>>;
}

const ANNOTATION = 'kubernetes.io/limit-ranger';

/**
 * LimitRanger's mutating half (plugin/pkg/admission/limitranger): on a pod create, every
 * container and init container gets the Container item's `default` as limits and
 * `defaultRequest` as requests for each resource it leaves unset, and the pod says so:
 * `kubernetes.io/limit-ranger: LimitRanger plugin set: cpu, memory request for container web`.
 */
export function mutatePodLimits(pod: KObject, ranges: ReadonlyArray<Readonly<KObject>>): void {
  for (const range of ranges) {
    const limits: Record<string, unknown> = {};
    const requests: Record<string, unknown> = {};
    for (const item of (range.spec?.limits ?? []) as any[]) {
      if (item?.type !== 'Container') continue;
      Object.assign(requests, item.defaultRequest ?? {});
      Object.assign(limits, item.default ?? {});
    }
    const notes: string[] = [];
    const merge = (c: any, prefix: string): void => {
      const setRequests: string[] = [];
      const setLimits: string[] = [];
      for (const [k, v] of Object.entries(limits)) {
        if (c.resources?.limits?.[k] !== undefined) continue;
        c.resources = { ...(c.resources ?? {}), limits: { ...(c.resources?.limits ?? {}), [k]: v } };
        setLimits.push(k);
      }
      for (const [k, v] of Object.entries(requests)) {
        if (c.resources?.requests?.[k] !== undefined) continue;
        c.resources = { ...(c.resources ?? {}), requests: { ...(c.resources?.requests ?? {}), [k]: v } };
        setRequests.push(k);
      }
      if (setRequests.length > 0) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
      if (setLimits.length > 0) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
    };
    for (const c of (pod.spec?.containers ?? []) as any[]) merge(c, 'container');
    for (const c of (pod.spec?.initContainers ?? []) as any[]) merge(c, 'init container');
    if (notes.length > 0) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  }
}

/**
 * LimitRanger's validating half: min, max and maxLimitRequestRatio of Container items
 * per container, of Pod items over the pod's summed requests and limits, and of
 * PersistentVolumeClaim items over a claim's storage request. Every violation is
 * reported, joined as Go's aggregate error does (`[a, b]` for more than one); the
 * resources of an item are taken in sorted order (Go ranges over a map).
 */
export function validateLimits(obj: Readonly<KObject>, ranges: ReadonlyArray<Readonly<KObject>>): string | undefined {
  for (const range of ranges) {
    const errs: string[] = [];
    for (const item of (range.spec?.limits ?? []) as any[]) {
      const type = String(item?.type ?? '');
      const min = sorted(item?.min);
      const max = sorted(item?.max);
      const ratio = sorted(item?.maxLimitRequestRatio);
      const check = (req: ResourceList, lim: ResourceList): void => {
        for (const [k, v] of min) push(errs, minConstraint(type, k, v, req, lim));
        for (const [k, v] of max) push(errs, maxConstraint(type, k, v, req, lim));
        for (const [k, v] of ratio) push(errs, ratioConstraint(type, k, v, req, lim));
      };
      if (obj.kind === 'Pod' && type === 'Container') {
        for (const c of [...((obj.spec?.containers ?? []) as any[]), ...((obj.spec?.initContainers ?? []) as any[])]) {
          const lim = fromJson(c?.resources?.limits);
          check({ ...lim, ...fromJson(c?.resources?.requests) }, lim);
        }
      } else if (obj.kind === 'Pod' && type === 'Pod') {
        check(podRequests(obj, 'requests'), podRequests(obj, 'limits'));
      } else if (obj.kind === 'PersistentVolumeClaim' && type === 'PersistentVolumeClaim') {
        const req = fromJson(obj.spec?.resources?.requests);
        for (const [k, v] of min) push(errs, minConstraint(type, k, v, req, {}));
        for (const [k, v] of max) push(errs, maxRequestConstraint(type, k, v, req));
      }
    }
    if (errs.length > 0) return aggregate(errs);
  }
  return undefined;
}

function sorted(list: unknown): Array<[string, Quantity]> {
  return Object.entries(fromJson(list)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function push(errs: string[], e: string | undefined): void {
  if (e !== undefined) errs.push(e);
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
function aggregate(errs: string[]): string {
  const seen = [...new Set(errs)];
  return seen.length === 1 ? (seen[0] as string) : `[${seen.join(', ')}]`;
}

/** requestLimitEnforcedValues: compared in milli-units (values here never overflow them). */
function milli(q: Quantity | undefined): bigint {
  return q === undefined ? 0n : quantityMilliValue(q);
}

function minConstraint(type: string, name: string, enforced: Quantity, req: ResourceList, lim: ResourceList): string | undefined {
  const e = formatQuantity(enforced);
  const r = req[name];
  const l = lim[name];
  if (r === undefined) return `minimum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milli(r) < milli(enforced)) return `minimum ${name} usage per ${type} is ${e}, but request is ${formatQuantity(r)}`;
  if (l !== undefined && milli(l) < milli(enforced)) return `minimum ${name} usage per ${type} is ${e}, but limit is ${formatQuantity(l)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, req: ResourceList, lim: ResourceList): string | undefined {
  const e = formatQuantity(enforced);
  const r = req[name];
  const l = lim[name];
  if (l === undefined) return `maximum ${name} usage per ${type} is ${e}.  No limit is specified`;
  if (milli(l) > milli(enforced)) return `maximum ${name} usage per ${type} is ${e}, but limit is ${formatQuantity(l)}`;
  if (r !== undefined && milli(r) > milli(enforced)) return `maximum ${name} usage per ${type} is ${e}, but request is ${formatQuantity(r)}`;
  return undefined;
}

function maxRequestConstraint(type: string, name: string, enforced: Quantity, req: ResourceList): string | undefined {
  const e = formatQuantity(enforced);
  const r = req[name];
  if (r === undefined) return `maximum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (milli(r) > milli(enforced)) return `maximum ${name} usage per ${type} is ${e}, but request is ${formatQuantity(r)}`;
  return undefined;
}

/** limitRequestRatioConstraint: limit / request against the ratio, printed with Go's %f (six decimals). */
function ratioConstraint(type: string, name: string, enforced: Quantity, req: ResourceList, lim: ResourceList): string | undefined {
  const e = formatQuantity(enforced);
  const r = milli(req[name]);
  const l = milli(lim[name]);
  if (req[name] === undefined || r === 0n) return `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`;
  if (lim[name] === undefined || l === 0n) return `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`;
  const observed = Number(l) / Number(r);
  if (observed * 1000 > Number(quantityMilliValue(enforced))) {
    return `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${observed.toFixed(6)}`;
  }
  return undefined;
}

/** SetDefaults_LimitRangeItem: a Container item's default falls back to max, defaultRequest to default, then to min. */
export function defaultLimitRange(obj: KObject): void {
  for (const item of (obj.spec?.limits ?? []) as any[]) {
    if (item === null || typeof item !== 'object' || item.type !== 'Container') continue;
    const def: Record<string, unknown> = { ...(item.default ?? {}) };
    const defReq: Record<string, unknown> = { ...(item.defaultRequest ?? {}) };
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in defReq)) defReq[k] = v;
    if (Object.keys(def).length > 0) item.default = def;
    if (Object.keys(defReq).length > 0) item.defaultRequest = defReq;
  }
}

