import { invalidCause, type StatusCause } from '../status.js';
import type { KObject } from '../types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const isTrue = (status: any, type: string): boolean => (status?.conditions ?? []).some((c: any) => c?.type === type && c?.status === 'True');
const omitted = (field: string, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${detail}` });

/**
 * The status checks of ValidateJobUpdateStatus (v1.32) that hold for every writer:
 * counters are non-negative and never go down, each uncounted pod uid appears once, a
 * Job is not both Complete and Failed, and a terminal condition once True stays True.
 * (Upstream gates a few more on which fields the write changes; see docs/fidelity.md.)
 */
export function validateJobStatusUpdate(obj: KObject, old: Readonly<KObject>, causes: StatusCause[]): void {
  const status = obj.status ?? {};
  for (const f of ['active', 'succeeded', 'failed', 'ready', 'terminating']) {
    const v = status[f];
    if (typeof v === 'number' && v < 0) causes.push(invalidCause(`status.${f}`, v, 'must be greater than or equal to 0'));
  }
  const seen = new Set<string>();
  for (const list of ['succeeded', 'failed']) {
    (status.uncountedTerminatedPods?.[list] ?? []).forEach((uid: string, i: number) => {
      const field = `status.uncountedTerminatedPods.${list}[${i}]`;
      if (uid === '') causes.push(invalidCause(field, uid, 'must not be empty'));
      else if (seen.has(uid)) causes.push({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${JSON.stringify(uid)}` });
      seen.add(uid);
    });
  }
  if (isTrue(status, 'Complete') && isTrue(status, 'Failed')) causes.push(omitted('status.conditions', 'cannot set Complete=True and Failed=true conditions'));
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (isTrue(old.status, type) && !isTrue(status, type)) causes.push(omitted('status.conditions', `cannot disable the terminal ${type}=True condition`));
  }
  if ((status.failed ?? 0) < (old.status?.failed ?? 0)) causes.push(invalidCause('status.failed', status.failed ?? 0, 'cannot decrease the failed counter'));
  if ((status.succeeded ?? 0) < (old.status?.succeeded ?? 0)) causes.push(invalidCause('status.succeeded', status.succeeded ?? 0, 'cannot decrease the succeeded counter'));
}
