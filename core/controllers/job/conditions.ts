import type { KObject } from '../../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- job status is open JSON */

/** A batch/v1 JobCondition, fields in the Go struct's order. */
export interface JobCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export function newCondition(type: string, status: JobCondition['status'], reason: string, message: string, now: string): JobCondition {
  const c: JobCondition = { type, status, lastProbeTime: now, lastTransitionTime: now };
  if (reason !== '') c.reason = reason;
  if (message !== '') c.message = message;
  return c;
}

export function findCondition(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return (conditions ?? []).find((c) => c.type === type);
}

const isTrue = (job: Readonly<KObject>, type: string): boolean => (job.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');

/** job/util IsJobFinished: Complete or Failed is True. */
export function isJobFinished(job: Readonly<KObject>): boolean {
  return isTrue(job, 'Complete') || isTrue(job, 'Failed');
}

export function isJobSucceeded(job: Readonly<KObject>): boolean {
  return isTrue(job, 'Complete');
}

/** job/util FinishedCondition: which terminal condition, for "Saw completed job: x, condition: Complete". */
export function finishedConditionType(job: Readonly<KObject>): 'Complete' | 'Failed' | undefined {
  if (isTrue(job, 'Complete')) return 'Complete';
  if (isTrue(job, 'Failed')) return 'Failed';
  return undefined;
}

/**
 * ensureJobConditionStatus: set a condition of a type to a status, keeping it (and its
 * times) when nothing changed; never adds a condition just to say False.
 */
export function ensureConditionStatus(list: JobCondition[], type: string, status: JobCondition['status'], reason: string, message: string, now: string): { list: JobCondition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i] as JobCondition;
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message) return { list, changed: false };
    const next = [...list];
    next[i] = newCondition(type, status, reason, message, now);
    return { list: next, changed: true };
  }
  if (status === 'False') return { list, changed: false };
  return { list: [...list, newCondition(type, status, reason, message, now)], changed: true };
}

/**
 * The status as JobStatus marshals it: Go's field order, zero counters and empty lists
 * left out (active, succeeded, failed, completedIndexes are omitempty values), pointer
 * fields kept when set (terminating: 0 and ready: 0 show; uncountedTerminatedPods: {}).
 */
export function orderedStatus(s: any): any {
  const out: any = {};
  if (Array.isArray(s.conditions) && s.conditions.length > 0) out.conditions = s.conditions;
  if (s.startTime !== undefined) out.startTime = s.startTime;
  if (s.completionTime !== undefined) out.completionTime = s.completionTime;
  for (const f of ['active', 'succeeded', 'failed']) if (typeof s[f] === 'number' && s[f] !== 0) out[f] = s[f];
  if (typeof s.terminating === 'number') out.terminating = s.terminating;
  if (typeof s.completedIndexes === 'string' && s.completedIndexes !== '') out.completedIndexes = s.completedIndexes;
  if (typeof s.failedIndexes === 'string') out.failedIndexes = s.failedIndexes;
  if (s.uncountedTerminatedPods !== undefined) {
    const u: any = {};
    if ((s.uncountedTerminatedPods.succeeded ?? []).length > 0) u.succeeded = s.uncountedTerminatedPods.succeeded;
    if ((s.uncountedTerminatedPods.failed ?? []).length > 0) u.failed = s.uncountedTerminatedPods.failed;
    out.uncountedTerminatedPods = u;
  }
  if (typeof s.ready === 'number') out.ready = s.ready;
  return out;
}
