import type { KObject } from '../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- class topologies are open JSON */

/** Upstream's reasons (volumebinding, v1.32). */
export const ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** --bind-timeout-seconds: how long PreBind waits for the claims to be bound. */
export const BIND_TIMEOUT_MS = 600_000;
/** PreBind polls the claims once a second (wait.PollUntilContextTimeout). */
export const BIND_POLL_MS = 1000;

/** MatchTopologySelectorTerms: no allowedTopologies allows every node. */
export function allowedOn(cls: Readonly<KObject>, node: Readonly<KObject>): boolean {
  const terms = cls.allowedTopologies as any[] | undefined;
  if (terms === undefined || terms.length === 0) return true;
  const labels: Record<string, string> = node.metadata.labels ?? {};
  return terms.some((t) => (t.matchLabelExpressions ?? []).every((e: any) => (e.values ?? []).includes(labels[e.key])));
}

/** FitError for a PreFilter refusal: the plugin's message, then preemption's (every node unresolvable). */
export function preFilterFitError(total: number, reason: string): string {
  return `0/${total} nodes are available: ${reason}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}
