import { formatQuantity, parseQuantityValue, quantityValue } from '../api/quantity-value.js';
import type { KObject } from '../api/types.js';
import { tabbed } from './tabwriter.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- describers read open JSON */

/** helpTextForResourceQuotaScope. */
const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/**
 * `kubectl describe quota` (pkg/describe: describeQuota): the scopes with their help
 * text, then one line per resource of status.hard, sorted, used beside hard. A used
 * value written in another format than its hard is shown in hard's (`0` against `1Gi`
 * stays `0`; `500M` against `1Gi` shows `500000000`).
 */
export function describeQuota(q: Readonly<KObject>): string {
  const out: string[] = [`Name:\t${q.metadata.name ?? ''}`, `Namespace:\t${q.metadata.namespace ?? ''}`];
  const scopes = [...((q.spec?.scopes ?? []) as string[])].sort();
  if (scopes.length > 0) {
    out.push(`Scopes:\t${scopes.join(', ')}`);
    for (const s of scopes) if (SCOPE_HELP[s] !== undefined) out.push(` * ${SCOPE_HELP[s]}`);
  }
  out.push('Resource\tUsed\tHard', '--------\t----\t----');
  const hard: Record<string, string> = q.status?.hard ?? {};
  const used: Record<string, string> = q.status?.used ?? {};
  for (const r of Object.keys(hard).sort()) {
    const h = parseQuantityValue(hard[r]);
    let u = parseQuantityValue(used[r] ?? '0');
    if (h !== undefined && u !== undefined && h.format !== u.format) u = { nanos: quantityValue(u) * 1_000_000_000n, format: h.format };
    out.push(`${r}\t${u === undefined ? String(used[r]) : formatQuantity(u)}\t${h === undefined ? String(hard[r]) : formatQuantity(h)}`);
  }
  return tabbed(out.join('\n') + '\n');
}

/**
 * `kubectl describe limitrange` (describeLimitRange): one line per item and resource,
 * `-` where the item sets no value. Upstream ranges over a Go map, so its resource order
 * varies from run to run; here resources are sorted.
 */
export function describeLimitRange(lr: Readonly<KObject>): string {
  const out: string[] = [
    `Name:\t${lr.metadata.name ?? ''}`,
    `Namespace:\t${lr.metadata.namespace ?? ''}`,
    'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio',
    '----\t--------\t---\t---\t---------------\t-------------\t-----------------------',
  ];
  for (const item of (lr.spec?.limits ?? []) as any[]) {
    const fields = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'];
    const names = new Set<string>();
    for (const f of fields) for (const k of Object.keys(item?.[f] ?? {})) names.add(k);
    for (const k of [...names].sort()) {
      const cells = fields.map((f) => {
        const v = item?.[f]?.[k];
        if (v === undefined) return '-';
        const parsed = parseQuantityValue(v);
        return parsed === undefined ? String(v) : formatQuantity(parsed);
      });
      out.push([String(item?.type ?? ''), k, ...cells].join('\t'));
    }
  }
  return tabbed(out.join('\n') + '\n');
}

/** The describers kubelapse has, by kind. */
export const DESCRIBERS: Readonly<Record<string, (o: Readonly<KObject>) => string>> = {
  ResourceQuota: describeQuota,
  LimitRange: describeLimitRange,
};
