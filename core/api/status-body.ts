import { cloneUnfrozen } from './patch.js';
import type { KObject } from './types.js';

/*
 * A pod status update (PUT pods/NAME/status) keeps only the body's status: the status
 * strategy (strategy.ts prepareForUpdate) puts the stored object's spec and metadata
 * back in its place. A kubelet's status body is the stored pod with a new status, ~4.7
 * kB of JSON of which the status is ~1.5 kB; deep-copying all of it (then defaulting the
 * copied spec, then throwing it away) was a third of every status write's copies. So
 * the working copy of such a body is made of what the strategy keeps:
 * - its status, copied, but sharing subtrees that are frozen (frozen objects come from
 *   the store and never change, so a shared one is as good as a copy: the kubelet's
 *   unchanged conditions and container statuses are the stored pod's own);
 * - a one-level copy of its metadata, read only by the checks that run before the
 *   strategy (a terminating pod's finalizers) and replaced by the stored metadata after;
 * - no spec: defaulting gives it an empty one, which the strategy replaces too.
 * Only for Pods: other kinds' defaults may touch status (ResourceQuota's quantities).
 */

/** The working copy of a Pod /status body; the body itself is never written to. */
export function podStatusBody(input: Readonly<KObject>): KObject {
  const out: KObject = { apiVersion: input.apiVersion, kind: input.kind, metadata: { ...input.metadata } };
  if (input.status !== undefined) out.status = cloneUnfrozen(input.status);
  return out;
}
