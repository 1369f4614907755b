import type { NodeProxyModel, RouteSpan } from '../../shared/model.js';

/** A failed traffic row: [timeMs, service name, pod name ('' for no-endpoints), outcome, count]. */
export type FailedRow = [number, string, string, string, number];

/**
 * Gives each failed request to the node that sent it, as far as the routing tells: the
 * traffic table names the pod a request went to (and the pod's node), not the sender.
 * Clients are spread evenly over the nodes, and a node picks uniformly among the
 * endpoints it routes to, so a node routing to the pod among k endpoints sent it a
 * share proportional to 1/k. 4 refused, with all three nodes still routing to the
 * deleted pod among the same 4 endpoints, go 2, 1, 1 (largest remainder; which node
 * gets the extra one rotates from row to row, so prestop-off's 227 failures split 78,
 * 74, 75 rather than 90, 75, 62). A no-endpoints failure goes to the nodes that route nothing
 * for the Service. Rows no node can have sent (routing derived wrongly) are counted
 * apart, never invented onto a node.
 */
export function attributeFailures(rows: readonly FailedRow[], nodes: NodeProxyModel[]): number {
  let unattributed = 0;
  let row = 0;
  for (const [t, service, pod, outcome, count] of rows) {
    // Who gets a remainder rotates from row to row: 4 over three nodes is 2, 1, 1 here and 1, 2, 1 next, not always node-1 first.
    const rot = row++ % Math.max(1, nodes.length);
    const rank = (i: number): number => (i - rot + nodes.length) % nodes.length;
    const weights = nodes.map((n) => weight(n.spans, t, service, pod));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) {
      unattributed += count;
      continue;
    }
    const exact = weights.map((w) => (count * w) / total);
    const shares = exact.map(Math.floor);
    let left = count - shares.reduce((a, b) => a + b, 0);
    const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || rank(a[1]) - rank(b[1]));
    for (const [, i] of order) {
      if (left <= 0) break;
      if ((weights[i] as number) === 0) continue;
      shares[i] = (shares[i] as number) + 1;
      left--;
    }
    shares.forEach((n, i) => {
      if (n > 0) (nodes[i] as NodeProxyModel).failures.push([t, pod === '' ? '' : routedPod(nodes[i] as NodeProxyModel, t, service, pod), outcome, n]);
    });
  }
  return unattributed;
}

const live = (s: RouteSpan, t: number): boolean => s[0] <= t && (s[1] === null || t < s[1]);
const svcName = (key: string): string => key.slice(key.indexOf('/') + 1);
const podName = (key: string): string => key.slice(key.indexOf('/') + 1);

/** The node's chance of sending a request that ended at `pod`: 1/k while it routes there among k, 1 for no-endpoints with nothing routed. */
function weight(spans: readonly RouteSpan[], t: number, service: string, pod: string): number {
  const now = spans.filter((s) => live(s, t) && svcName(s[2]) === service);
  if (pod === '') return now.length === 0 ? 1 : 0;
  return now.some((s) => podName(s[3]) === pod) ? 1 / now.length : 0;
}

/** The pod's "ns/name" as the node routes to it (traffic rows carry the name only). */
function routedPod(n: NodeProxyModel, t: number, service: string, pod: string): string {
  return n.spans.find((s) => live(s, t) && svcName(s[2]) === service && podName(s[3]) === pod)?.[3] ?? pod;
}
