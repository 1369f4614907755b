/**
 * What each node's kube-proxy routed to over time, for the viewer's kube-proxy lane. The
 * recording does not hold it (kube-proxy never writes to the API server, and a traffic
 * row names the pod and that pod's node, not the node that sent the request): the server
 * derives it from the EndpointSlices' writes, the kube-proxy pods' lives and the
 * simulator's sync lag (viewer/server/model/proxy-routes.ts; docs/viewer.md says how).
 */

/** [fromMs, toMs (null: to the end), "ns/service", "ns/pod", how: 1 a ready endpoint, 2 a terminating one (no ready one left)] */
export type RouteSpan = [number, number | null, string, string, number];
export const RS_ROUTE = { from: 0, to: 1, service: 2, pod: 3, how: 4 } as const;

export interface NodeProxyModel {
  node: string;
  /** When this node's kube-proxy applied EndpointSlice changes (its syncs), in ms. */
  syncs: number[];
  spans: RouteSpan[];
  /**
   * [timeMs, "ns/pod" ('' for no-endpoints), outcome, count]: the failed requests this
   * node sent, as far as they can be told apart (see failure attribution in docs/viewer.md).
   */
  failures: Array<[number, string, string, number]>;
}

export interface ProxyModel {
  /** Watch latency plus kube-proxy's sync lag: how long after a slice write a node routes by it. */
  lagMs: number;
  /** false: the recording has no kube-proxy pods, so every node's kube-proxy is taken to run from the node's creation. */
  fromPods: boolean;
  nodes: NodeProxyModel[];
  /** Failed requests no node's derived routing could have sent (0 when the derivation holds). */
  unattributed: number;
  /** "ns/pod" -> when its process stopped accepting connections while it terminated (its log, else its status). */
  quiet: Record<string, number>;
}
