import { qualifiedResource, type KindInfo } from '../kinds.js';
import { forbidden, type ApiError } from '../status.js';
import type { KObject } from '../types.js';
import { admitPodPriority, admitPriorityClass, type PriorityClassLookup } from './priority.js';
import { admitServiceAccount, type ServiceAccountLookup } from './service-account.js';
import { mutatePodLimits, validateLimits, type LimitRangeLookup } from './limit-ranger.js';

export type AdmissionLookup = ServiceAccountLookup & PriorityClassLookup & LimitRangeLookup;

/**
 * The admission plugins the simulated API server runs after defaulting and before
 * validation, in kube-apiserver's order: LimitRanger (defaults), ServiceAccount, then
 * Priority (NamespaceLifecycle runs earlier, DefaultTolerationSeconds with the defaults). `name` is what the request
 * named: a generateName prefix until the store picks the name, as upstream's message
 * shows it (`pods "web-7d4b9c-" is forbidden: ...`). Mutates `obj`; throws the 403.
 */
export function admitCreate(obj: KObject, info: KindInfo, namespace: string | null, name: string, lookup: AdmissionLookup): void {
  let reason: string | undefined;
  if (info.kind === 'Pod') {
    mutatePodLimits(obj, lookup.limitRanges(namespace ?? 'default'));
    reason = admitServiceAccount(obj, namespace ?? 'default', lookup) ?? admitPodPriority(obj, undefined, lookup);
  } else if (info.kind === 'PriorityClass') {
    reason = admitPriorityClass(obj, false, lookup);
  }
  if (reason !== undefined) throw admissionForbidden(info, name, reason);
}

/** On an update (never a subresource): Priority keeps a pod's resolved priority; PriorityClass keeps one global default. */
export function admitUpdate(obj: KObject, old: Readonly<KObject>, info: KindInfo, lookup: AdmissionLookup): void {
  let reason: string | undefined;
  if (info.kind === 'Pod') reason = admitPodPriority(obj, old, lookup);
  else if (info.kind === 'PriorityClass') reason = admitPriorityClass(obj, true, lookup);
  if (reason !== undefined) throw admissionForbidden(info, obj.metadata.name ?? '', reason);
}

/**
 * The validating plugins that run after object validation: LimitRanger's min/max of a
 * pod's containers or a claim's storage (ResourceQuota, last of all, is the API server's
 * own step because it writes). `pods "web-x7k2p" is forbidden: maximum cpu usage per
 * Container is 500m, but limit is 1`. Pod updates are left alone, as upstream.
 */
export function validateAdmission(obj: Readonly<KObject>, old: Readonly<KObject> | undefined, info: KindInfo, lookup: AdmissionLookup): void {
  if (info.kind !== 'Pod' && info.kind !== 'PersistentVolumeClaim') return;
  if (info.kind === 'Pod' && old !== undefined) return;
  if (old?.metadata.deletionTimestamp !== undefined) return;
  const reason = validateLimits(obj, lookup.limitRanges(obj.metadata.namespace ?? 'default'));
  if (reason !== undefined) throw admissionForbidden(info, obj.metadata.name ?? '', reason);
}

/**
 * Is this the ServiceAccount plugin refusing a pod because its namespace has no
 * `default` account yet? Upstream's plugin waits for it (ten lookups 100-199 ms apart,
 * for the serviceaccount controller to catch up with a namespace just created); the
 * simulated store answers at once, so the live server does that waiting (rest/writes.ts).
 */
export function missingDefaultServiceAccount(e: unknown): boolean {
  return e instanceof Error && (e as ApiError).status?.code === 403 && /: error looking up service account [^/]+\/default: serviceaccount "default" not found$/.test(e.message);
}

/** admission.NewForbidden: `pods "x" is forbidden: <reason>`, 403 with the resource in details. */
export function admissionForbidden(info: KindInfo, name: string, reason: string): ApiError {
  return forbidden(`${qualifiedResource(info)} "${name}" is forbidden: ${reason}`, info, name);
}
