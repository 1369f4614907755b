
import type { KindInfo } from '../kinds.js';
import type { KObject } from '../types.js';
import { checkRequest } from '../../quota/check-request.js';
import { evaluatorFor } from '../../quota/registry.js';
import { toJson } from '../../quota/resources.js';
import { admissionForbidden } from './admission.js';

export interface QuotaStatusWrite {
  quota: Readonly<KObject>;
  status: { hard: Record<string, string>; used: Record<string, string> };
  /** The narration of the write: `pods 3 -> 4 of 5 for pod web-x7k2p`. */
  message: string;
}

/**
 * The ResourceQuota admission plugin for one create or update: throws the 403 of
 * checkRequest (`pods "web-x7k2p" is forbidden: exceeded quota: ...`), or returns the
 * status each matching quota gets, with only the quotas whose used changed.
 */
export function chargeQuota(
  obj: Readonly<KObject>,
  old: Readonly<KObject> | undefined,
  info: KindInfo,
  quotas: ReadonlyArray<Readonly<KObject>>,
  now: number,
  virtualOf: (ts: unknown) => number,
): QuotaStatusWrite[] {
  const evaluator = evaluatorFor(info.kind);
  if (evaluator === undefined || !evaluator.handles(old === undefined ? 'create' : 'update')) return [];
  const decision = checkRequest(quotas, { evaluator, obj, ...(old !== undefined ? { old } : {}), now, virtualOf });
  if ('refused' in decision) throw admissionForbidden(info, obj.metadata.name ?? '', decision.refused);
  const out: QuotaStatusWrite[] = [];
  for (const { quota, used } of decision.charges) {
    const usedJson = toJson(used);
    const before: Record<string, string> = quota.status?.used ?? {};
    const changed = Object.keys(usedJson).filter((k) => before[k] !== usedJson[k]);
    if (changed.length === 0) continue;
    const hard: Record<string, string> = quota.status?.hard ?? {};
    const what = changed.map((k) => `${k} ${before[k] ?? '0'} -> ${usedJson[k]}${hard[k] !== undefined ? ` of ${hard[k]}` : ''}`).join(', ');
    out.push({ quota, status: { ...quota.status, hard, used: usedJson }, message: `${info.singular} ${obj.metadata.name ?? ''} charged to quota ${quota.metadata.name}: ${what}` });
  }
  return out;
}

