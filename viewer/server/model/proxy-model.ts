import type { Recording } from '../../../core/record/recording.js';
import type { NodeProxyModel, PodTrack, ProxyModel } from '../../shared/model.js';
import { attributeFailures, type FailedRow } from './proxy-failures.js';
import { nodeRoutes, proxyRuns, ROUTE_LAG_MS, sliceWrites } from './proxy-routes.js';

/** Most node x endpoint pairs the lane is derived for. */
export const MAX_PAIRS = 5000;

/**
 * The kube-proxy lane's model: each node's routing (derived, see proxy-routes.ts), the
 * failed requests given to the nodes that sent them, and when each terminating pod's
 * process stopped listening. null without EndpointSlices: nothing to route by.
 */
export function proxyModel(rec: Recording, pods: readonly PodTrack[]): ProxyModel | null {
  const writes = sliceWrites(rec);
  if (writes.length === 0) return null;
  const { runs, fromPods } = proxyRuns(rec);
  // Story-sized only: 3 nodes x 8 pods is 24 lanes; 40 nodes x 1,000 pods would be 40,000, too many to derive or draw.
  const endpoints = new Set(writes.flatMap((w) => w.eps.map((e) => e.pod))).size;
  if (runs.size * endpoints > MAX_PAIRS) return null;
  const removed = nodeRemovals(rec);
  const nodes: NodeProxyModel[] = [...runs.keys()].sort().map((node) => ({ node, ...nodeRoutes(writes, runs.get(node) ?? [], removed.get(node) ?? null), failures: [] }));
  const failed = rec.db
    .prepare("SELECT time_ms, service, COALESCE(pod, ''), outcome, SUM(count) FROM traffic WHERE outcome <> 'ok' GROUP BY time_ms, service, pod, outcome ORDER BY time_ms, service, pod, outcome")
    .raw(true)
    .all() as FailedRow[];
  const unattributed = attributeFailures(failed, nodes);
  return { lagMs: ROUTE_LAG_MS, fromPods, nodes, unattributed, quiet: quietTimes(rec, pods) };
}

/** When a node's last life ended (removed and not back): its kube-proxy routes nothing after. */
function nodeRemovals(rec: Recording): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of rec.db.prepare("SELECT time_ms, verb, name FROM events WHERE kind = 'Node' ORDER BY seq").raw(true).iterate()) {
    const [t, verb, name] = raw as [number, string, string];
    if (verb === 'delete') out.set(name, t);
    else out.delete(name);
  }
  return out;
}

/**
 * When each terminating pod's process stopped accepting connections: its "shutting
 * down" line (an app that exits on SIGTERM stops listening at once), else its "exiting
 * with code" line after SIGTERM (a draining app listens until it exits), else the
 * kubelet's status showing its containers stopped (a SIGKILL leaves no last line).
 */
function quietTimes(rec: Recording, pods: readonly PodTrack[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pods) if (p.exitMs !== null) out[`${p.namespace}/${p.name}`] = p.exitMs;
  const hasLogs = rec.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'logs'").get() !== undefined;
  if (!hasLogs) return out;
  const sigterm = new Set<string>();
  const done = new Set<string>();
  const rows = rec.db.prepare("SELECT time_ms, namespace, pod, pod_uid, line FROM logs WHERE line IN ('received SIGTERM', 'shutting down') OR line LIKE 'exiting with code %' ORDER BY id").raw(true);
  for (const raw of rows.iterate()) {
    const [t, ns, pod, uid, line] = raw as [number, string, string, string, string];
    const key = `${ns}/${pod}`;
    if (line === 'received SIGTERM') sigterm.add(uid);
    else if (sigterm.has(uid) && !done.has(uid)) {
      done.add(uid);
      out[key] = Math.min(t, out[key] ?? Infinity);
    }
  }
  return out;
}
