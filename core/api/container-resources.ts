import { parseQuantity } from './quantity.js';
import { formatOf, formatQuantity } from './quantity-format.js';
import { invalidCause, type StatusCause } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON */

/**
 * SetDefaults_Pod's resource rule: a container that sets a limit but no request for a
 * resource gets the limit as its request (`limits: {memory: 128Mi}` stores
 * `requests: {memory: 128Mi}` too). Upstream does this on Pods only, never on pod
 * templates, so a Deployment's template keeps what was written and each pod gets it.
 */
export function defaultRequestsFromLimits(spec: any): void {
  for (const list of [spec?.containers, spec?.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const limits = c?.resources?.limits;
      if (limits === undefined || limits === null || typeof limits !== 'object') continue;
      c.resources.requests ??= {};
      for (const [name, q] of Object.entries(limits)) if (!(name in c.resources.requests)) c.resources.requests[name] = q;
    }
  }
}

/** The upstream String() of a quantity as written: "0.5" renders "500m", "1Gi" stays "1Gi". */
export function quantityString(q: unknown): string {
  const v = parseQuantity(q);
  return v === undefined ? String(q) : formatQuantity(v, formatOf(q));
}

/**
 * ValidateResourceRequirements for one container: every quantity parses and is not
 * negative, and a request is at most its limit, with upstream's wording:
 *   spec.containers[0].resources.requests[memory]: Invalid value: "256Mi": must be less
 *   than or equal to memory limit of 128Mi
 */
export function validateContainerResources(c: any, at: string, causes: StatusCause[]): void {
  const res = c?.resources;
  if (res === undefined || res === null) return;
  const limits: Record<string, unknown> = res.limits ?? {};
  const requests: Record<string, unknown> = res.requests ?? {};
  // The field's text is made for a cause only: every container of every pod write is checked.
  const field = (kind: 'limits' | 'requests', name: string): string => `${at}.resources.${kind}[${name}]`;
  const check = (kind: 'limits' | 'requests', name: string, q: unknown): number | undefined => {
    const v = typeof q === 'string' && q.trim().startsWith('-') ? -(parseQuantity(q.trim().slice(1)) ?? NaN) : parseQuantity(q);
    if (v === undefined || Number.isNaN(v)) {
      causes.push(invalidCause(field(kind, name), q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
      return undefined;
    }
    if (v < 0) {
      causes.push(invalidCause(field(kind, name), quantityString(String(q).trim().slice(1)).replace(/^/, '-'), 'must be greater than or equal to 0'));
      return undefined;
    }
    return v;
  };
  for (const name in limits) check('limits', name, limits[name]);
  for (const name in requests) {
    const q = requests[name];
    const v = check('requests', name, q);
    const lim = limits[name];
    const limit = lim === undefined ? undefined : parseQuantity(lim);
    if (v !== undefined && limit !== undefined && v > limit) {
      causes.push(invalidCause(`${at}.resources.requests[${name}]`, quantityString(q), `must be less than or equal to ${name} limit of ${quantityString(lim)}`));
    }
  }
}
