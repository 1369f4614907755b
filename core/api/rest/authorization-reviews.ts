/* authorization.k8s.io/v1 self reviews: what `kubectl auth can-i` asks. */
import { badRequest } from '../status.js';

/*
 * kubelapse has no RBAC: the session's bearer token is the one credential and every
 * request made with it is allowed, as for a member of system:masters bound to the
 * cluster-admin ClusterRole. The reviews say so, in upstream's shapes: `kubectl auth
 * can-i create pods` prints "yes", and `--list` prints cluster-admin's two rules
 * (`*.*` with verbs [*], and the non-resource URL `*`).
 */

const REASON = 'kubelapse: the session token is allowed every request (no RBAC; as cluster-admin)';

function spec(body: Record<string, unknown>): Record<string, unknown> {
  const s = body.spec;
  if (s === undefined || s === null || typeof s !== 'object' || Array.isArray(s)) throw badRequest('spec: a SelfSubject review needs a spec object');
  return s as Record<string, unknown>;
}

/** POST selfsubjectaccessreviews: the request echoed, with status.allowed true. */
export function selfSubjectAccessReview(body: Record<string, unknown>): object {
  const s = spec(body);
  if (s.resourceAttributes === undefined && s.nonResourceAttributes === undefined) {
    throw badRequest('spec: exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { ...((body.metadata as object | undefined) ?? {}), creationTimestamp: null },
    spec: s,
    status: { allowed: true, reason: REASON },
  };
}

/** POST selfsubjectrulesreviews: cluster-admin's rules in any namespace. */
export function selfSubjectRulesReview(body: Record<string, unknown>): object {
  const s = spec(body);
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { ...((body.metadata as object | undefined) ?? {}), creationTimestamp: null },
    spec: s,
    status: {
      resourceRules: [
        { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      ],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    },
  };
}
