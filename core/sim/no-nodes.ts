import type { ApiServer } from '../api/api-server.js';

/**
 * Why a step that needs a running pod found none, when it is the cluster's doing: with
 * `nodes: 0` no pod is ever scheduled, and a bare "no running pod matches" sends the user
 * to check the pod's name or labels. Shared by the kubectl step's `$(pod -l ...)` and the
 * fault steps, so both say it in the same words. '' when the cluster has nodes.
 */
export function noNodesReason(api: ApiServer): string {
  return api.list('Node', {}).items.length === 0 ? ': the cluster has no nodes (spec.cluster.nodes: 0), so no pod is ever scheduled' : '';
}
