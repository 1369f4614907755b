import type { KObject } from './types.js';
import { forbiddenCause, invalidCause, unsupportedCause, type StatusCause } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- PriorityClass is open JSON */

/** scheduling.SystemCriticalPriority: two billion, above anything a user may define. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;
/** scheduling.HighestUserDefinablePriority: one billion. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** The priority of a pod with no class when no class is the global default. */
export const DEFAULT_PRIORITY = 0;
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';

/**
 * The two classes the API server writes at start (its scheduling/bootstrap-system-
 * priority-classes post-start hook), node-critical 1000 above cluster-critical: a
 * kube-proxy (node-critical) outranks CoreDNS (cluster-critical), which can move.
 */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyArray<{ name: string; value: number; description: string }> = [
  { name: SYSTEM_NODE_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY + 1000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: SYSTEM_CLUSTER_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

export const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'];

/** A system class as the API server creates it. */
export function systemPriorityClass(pc: (typeof SYSTEM_PRIORITY_CLASSES)[number]): KObject {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: pc.name }, value: pc.value, description: pc.description };
}

export function isSystemPriorityClass(name: string): boolean {
  return SYSTEM_PRIORITY_CLASSES.some((pc) => pc.name === name);
}

/** SetDefaults_PriorityClass: preemptionPolicy PreemptLowerPriority; value is an int32 without omitempty, so 0 when absent. */
export function defaultPriorityClass(obj: KObject): void {
  if (obj.value === undefined) obj.value = 0;
  obj.preemptionPolicy ??= 'PreemptLowerPriority';
}

/**
 * ValidatePriorityClass and ValidatePriorityClassUpdate (pkg/apis/scheduling/validation):
 * a `system-` name must be one of the two system classes with its exact value, any other
 * class stays at or below one billion, and value and preemptionPolicy never change.
 */
export function validatePriorityClass(obj: KObject, old: Readonly<KObject> | undefined, causes: StatusCause[]): void {
  const name = obj.metadata.name ?? '';
  const value: any = obj.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
    causes.push(invalidCause('value', value, 'must be a 32-bit integer'));
  } else if (name.startsWith('system-')) {
    const known = knownSystemClassError(name, value, obj.globalDefault === true);
    if (known !== undefined) causes.push(forbiddenCause('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${known}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    causes.push(forbiddenCause('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (obj.preemptionPolicy !== undefined && !PREEMPTION_POLICIES.includes(obj.preemptionPolicy as string)) {
    causes.push(unsupportedCause('preemptionPolicy', obj.preemptionPolicy, PREEMPTION_POLICIES));
  }
  if (old === undefined) return;
  if (obj.value !== old.value) causes.push(forbiddenCause('value', 'may not be changed in an update.'));
  if (obj.preemptionPolicy !== old.preemptionPolicy) causes.push(invalidCause('preemptionPolicy', obj.preemptionPolicy, 'field is immutable'));
}

/** scheduling.IsKnownSystemPriorityClass's error, or undefined for a known one. */
function knownSystemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const spc = SYSTEM_PRIORITY_CLASSES.find((pc) => pc.name === name);
  if (spc === undefined) return `${name} is not a known system priority class`;
  if (spc.value !== value) return `value of ${name} PriorityClass must be ${spc.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}
