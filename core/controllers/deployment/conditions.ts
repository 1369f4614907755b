import type { KObject } from '../../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- conditions are open JSON */

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const TIMED_OUT = 'ProgressDeadlineExceeded';
export const PAUSED = 'DeploymentPaused';
export const RESUMED = 'DeploymentResumed';

export function newCondition(type: string, status: Condition['status'], reason: string, message: string, now: string): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getCondition(status: any, type: string): Condition | undefined {
  return (status?.conditions ?? []).find((c: Condition) => c.type === type);
}

/**
 * SetDeploymentCondition: a condition with the same status and reason is left as it is
 * (its lastUpdateTime too); the same status with a new reason keeps lastTransitionTime.
 */
export function setCondition(status: any, c: Condition): void {
  const current = getCondition(status, c.type);
  if (current !== undefined && current.status === c.status && current.reason === c.reason) return;
  if (current !== undefined && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x: Condition) => x.type !== c.type), c];
}

export function removeCondition(status: any, type: string): void {
  status.conditions = (status.conditions ?? []).filter((x: Condition) => x.type !== type);
}

/** HasProgressDeadline: progressDeadlineSeconds set and not MaxInt32. */
export function hasProgressDeadline(d: Readonly<KObject>): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return typeof s === 'number' && s !== 2147483647;
}
