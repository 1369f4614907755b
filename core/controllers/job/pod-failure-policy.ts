import type { KObject } from '../../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod status is open JSON */

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PolicyMatch {
  /** Set when a FailJob rule matched: the message of the Job's failure condition. */
  jobFailureMessage: string | undefined;
  /** False when an Ignore rule matched: the failure does not count against backoffLimit. */
  countFailed: boolean;
  action: PodFailurePolicyAction | undefined;
}

const ACTIONS = new Set(['FailJob', 'FailIndex', 'Ignore', 'Count']);

/**
 * matchPodFailurePolicy (pod_failure_policy.go, v1.32): the first rule that matches a
 * failed pod decides. An onExitCodes rule looks at terminated containers with a non-zero
 * exit code (init containers after the others; a success never matches, so NotIn [0] is
 * "any failure"); an onPodConditions rule at the pod's conditions (DisruptionTarget=True:
 * the pod was preempted, evicted or its node went away). Rules with an action or operator
 * this version does not know are skipped. No match: counted, no action.
 */
export function matchPodFailurePolicy(policy: any, pod: Readonly<KObject>): PolicyMatch {
  const none: PolicyMatch = { jobFailureMessage: undefined, countFailed: true, action: undefined };
  if (policy === undefined || policy === null) return none;
  const rules: any[] = Array.isArray(policy.rules) ? policy.rules : [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    if (!ACTIONS.has(rule?.action)) continue;
    const action = rule.action as PodFailurePolicyAction;
    let message: string | undefined;
    if (rule.onExitCodes !== undefined && rule.onExitCodes !== null) {
      const c = matchOnExitCodes(pod.status ?? {}, rule.onExitCodes);
      if (c === undefined) continue;
      message = `Container ${c.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${c.state.terminated.exitCode} matching ${action} rule at index ${index}`;
    } else if (Array.isArray(rule.onPodConditions)) {
      const cond = matchOnPodConditions(pod.status ?? {}, rule.onPodConditions);
      if (cond === undefined) continue;
      message = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${cond.type} matching ${action} rule at index ${index}`;
    } else continue;
    if (action === 'Ignore') return { jobFailureMessage: undefined, countFailed: false, action };
    if (action === 'FailJob') return { jobFailureMessage: message, countFailed: true, action };
    return { jobFailureMessage: undefined, countFailed: true, action };
  }
  return none;
}

function matchOnExitCodes(status: any, requirement: any): any | undefined {
  return matchingContainer(status.containerStatuses ?? [], requirement) ?? matchingContainer(status.initContainerStatuses ?? [], requirement);
}

function matchingContainer(statuses: any[], requirement: any): any | undefined {
  for (const cs of statuses) {
    const t = cs?.state?.terminated;
    if (t === undefined || t === null) continue; // still terminating: no exit code to match
    if (requirement.containerName !== undefined && requirement.containerName !== null && requirement.containerName !== cs.name) continue;
    if (t.exitCode !== 0 && operatorMatches(t.exitCode, requirement)) return cs;
  }
  return undefined;
}

function operatorMatches(exitCode: number, requirement: any): boolean {
  const values: number[] = Array.isArray(requirement.values) ? requirement.values : [];
  if (requirement.operator === 'In') return values.includes(exitCode);
  if (requirement.operator === 'NotIn') return !values.includes(exitCode);
  return false;
}

function matchOnPodConditions(status: any, patterns: any[]): any | undefined {
  for (const cond of status.conditions ?? []) {
    for (const p of patterns) if (cond?.type === p?.type && cond?.status === p?.status) return cond;
  }
  return undefined;
}
