import type { KObject } from '../types.js';
import { DEFAULT_PRIORITY } from '../priority-classes.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/** What the plugin reads: PriorityClasses, from the API server's own store. */
export interface PriorityClassLookup {
  priorityClass(name: string): Readonly<KObject> | undefined;
  priorityClasses(): ReadonlyArray<Readonly<KObject>>;
}

/**
 * The Priority admission plugin (plugin/pkg/admission/priority) on a pod write. On
 * create it resolves spec.priorityClassName to spec.priority and spec.preemptionPolicy:
 * a pod naming no class gets the global default class, or priority 0 and
 * PreemptLowerPriority when there is none; a class that does not exist is refused, and
 * so is a pod whose own priority or preemptionPolicy disagrees with its class (CoreDNS
 * asks for system-cluster-critical and runs at 2000000000). On update it keeps what
 * create set when the client left it out. Returns the refusal's reason, or undefined.
 */
export function admitPodPriority(pod: KObject, old: Readonly<KObject> | undefined, lookup: PriorityClassLookup): string | undefined {
  const spec = (pod.spec ??= {});
  if (old !== undefined) {
    if (spec.priority === undefined && old.spec?.priority !== undefined) spec.priority = old.spec.priority;
    if (spec.preemptionPolicy === undefined && old.spec?.preemptionPolicy !== undefined) spec.preemptionPolicy = old.spec.preemptionPolicy;
    return undefined;
  }
  let priority: number;
  let policy: string | undefined;
  const className = spec.priorityClassName;
  if (typeof className !== 'string' || className === '') {
    const dpc = defaultPriorityClass(lookup);
    if (dpc === undefined) {
      priority = DEFAULT_PRIORITY;
      policy = 'PreemptLowerPriority';
    } else {
      spec.priorityClassName = dpc.metadata.name;
      priority = dpc.value as number;
      policy = dpc.preemptionPolicy as string | undefined;
    }
  } else {
    const pc = lookup.priorityClass(className);
    if (pc === undefined) return `no PriorityClass with name ${className} was found`;
    priority = pc.value as number;
    policy = pc.preemptionPolicy as string | undefined;
  }
  if (spec.priority !== undefined && spec.priority !== priority) {
    return `the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`;
  }
  spec.priority = priority;
  if (policy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
      return `the string value of PreemptionPolicy (${String(spec.preemptionPolicy)}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`;
    }
    spec.preemptionPolicy = policy;
  }
  return undefined;
}

/**
 * The plugin's check of a PriorityClass create or update: only one class may be the
 * global default. Returns the refusal's reason, or undefined.
 */
export function admitPriorityClass(pc: KObject, update: boolean, lookup: PriorityClassLookup): string | undefined {
  if (pc.globalDefault !== true) return undefined;
  const dpc = defaultPriorityClass(lookup);
  if (dpc === undefined) return undefined;
  if (!update || dpc.metadata.name !== pc.metadata.name) return `PriorityClass ${dpc.metadata.name} is already marked as default. Only one default can exist`;
  return undefined;
}

/** Two global defaults can exist after a race; the lower value wins, as upstream picks. */
function defaultPriorityClass(lookup: PriorityClassLookup): Readonly<KObject> | undefined {
  let best: Readonly<KObject> | undefined;
  for (const pc of lookup.priorityClasses()) {
    if (pc.globalDefault !== true) continue;
    if (best === undefined || (best.value as number) > (pc.value as number)) best = pc;
  }
  return best;
}
