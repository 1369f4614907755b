import type { EventRow, TrafficRow } from '../record/schema.js';
import { CLUSTER_PID } from './perfetto-tracks.js';

type Emit = (e: Record<string, unknown>) => void;

/**
 * Ready and available replicas of each Deployment as a counter ('C') in the "cluster"
 * process: Perfetto names the tracks "<name> ready" and "<name> available" (name plus
 * arg key). A value is written when it changes: a rollout of 4 replicas at maxSurge 1
 * gives ready 4, 5, 4, 5 ... not one sample per status write.
 */
export function deploymentCounters(emit: Emit): { add(e: EventRow, ts: number): void } {
  const last = new Map<string, string>();
  return {
    add(e, ts) {
      if (e.subresource !== 'status' && e.verb !== 'create' && e.verb !== 'delete') return;
      const status = ((JSON.parse(e.object) as { status?: Record<string, unknown> }).status ?? {}) as Record<string, unknown>;
      const gone = e.verb === 'delete';
      const args = { ready: gone ? 0 : Number(status.readyReplicas ?? 0), available: gone ? 0 : Number(status.availableReplicas ?? 0) };
      const key = `${e.namespace}/${e.name}`;
      const text = `${args.ready}/${args.available}`;
      if (last.get(key) === text) return;
      last.set(key, text);
      emit({ ph: 'C', name: `deployment ${key}`, pid: CLUSTER_PID, tid: CLUSTER_PID, ts, args });
    },
  };
}

/**
 * Failed requests per Service and 100 ms bucket (refused, reset, no-endpoints: every
 * outcome but ok) from the traffic table, as a counter that returns to 0 when a bucket
 * has none: prestop-off shows its spikes, prestop-on a flat 0.
 */
export function failedRequestCounters(rows: readonly TrafficRow[], emit: Emit): void {
  const last = new Map<string, number>();
  let i = 0;
  while (i < rows.length) {
    const t = (rows[i] as TrafficRow).timeMs;
    const bucket = new Map<string, number>();
    for (; i < rows.length && (rows[i] as TrafficRow).timeMs === t; i++) {
      const r = rows[i] as TrafficRow;
      bucket.set(r.service, (bucket.get(r.service) ?? 0) + (r.outcome === 'ok' ? 0 : r.count));
    }
    for (const service of last.keys()) if (!bucket.has(service)) bucket.set(service, 0);
    for (const [service, failed] of bucket) {
      if (last.get(service) === failed) continue;
      last.set(service, failed);
      emit({ ph: 'C', name: `failed requests ${service}`, pid: CLUSTER_PID, tid: CLUSTER_PID, ts: t * 1000, args: { failed } });
    }
  }
}
