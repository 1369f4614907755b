import { formatDuration } from './duration.js';
import { collectReplicas, commandReplicas } from './replicas.js';
import type { Scenario } from './types.js';

/**
 * Measured here (kubelapse run, 2 cores): an idle node writes ~375 events per hour of
 * cluster time (a Lease renewal every 10 s is 360, plus status), so 3 nodes for 1 h are
 * 1,127 events and 30 nodes 11,225.
 */
const EVENTS_PER_NODE_HOUR = 375;
/** A replica's life: create, binding, status writes, Kubernetes Events (Scheduled, Pulled, Started ...): ~10 rows. */
const EVENTS_PER_REPLICA = 10;

/** Past any of these, `run` says up front how long and how big the run will be. */
const LONG_RUN_MS = 3_600_000;
const MANY_EVENTS = 100_000;
const MANY_REQUESTS = 10_000_000;

export interface RunEstimate {
  durationMs: number;
  nodes: number;
  /** Rows of `events`, roughly: node upkeep plus each replica's life (a DaemonSet's: one per node); what controllers add on top is not counted. */
  events: number;
  /** Simulated requests of all traffic steps together. */
  requests: number;
}

/** A rough size of a run, from the scenario alone (before anything is simulated). */
export function estimateRun(s: Scenario): RunEstimate {
  // A node group may grow to its max: counted at its largest, as an upper bound.
  const growth = s.cluster.nodeGroups.reduce((n, g) => n + g.max - g.min, 0);
  const nodes = s.nodes.length + growth + s.steps.filter((st) => st.action.type === 'fault' && st.action.fault.type === 'add-node').length;
  // Each workload counts with the most replicas it is ever given: scaling 3 -> 5 -> 2 is ~5 pods, not 10.
  const workloads = new Map<string, number>();
  for (const st of s.steps) {
    const a = st.action;
    if (a.type === 'apply') collectReplicas(a.manifests, workloads);
    if (a.type === 'kubectl') {
      for (const objects of Object.values(a.manifests)) collectReplicas(objects, workloads);
      const n = commandReplicas(a.command);
      const c = a.command;
      const names = c.verb === 'create-deployment' ? [c.name] : c.verb === 'scale' ? c.targets.map((t) => t.name) : [];
      for (const name of names) workloads.set(`${c.namespace ?? 'default'}/${name}`, Math.max(workloads.get(`${c.namespace ?? 'default'}/${name}`) ?? 0, n ?? 0));
    }
  }
  let replicas = 0;
  for (const n of workloads.values()) replicas += n;
  // A DaemonSet's pods are one per node: kube-system's kube-proxy, and each one applied.
  const daemonSets = new Set<string>(['kube-system/kube-proxy']);
  for (const st of s.steps) {
    const a = st.action;
    const objects = a.type === 'apply' ? a.manifests : a.type === 'kubectl' ? Object.values(a.manifests).flat() : [];
    for (const o of objects) if (o.kind === 'DaemonSet') daemonSets.add(`${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`);
  }
  replicas += daemonSets.size * nodes;
  const events = Math.round(nodes * (s.durationMs / 3_600_000) * EVENTS_PER_NODE_HOUR + replicas * EVENTS_PER_REPLICA);
  return { durationMs: s.durationMs, nodes, events, requests: trafficRequests(s) };
}

/** rps x seconds of each traffic step, until its duration, the next step for its Service, or the end. */
function trafficRequests(s: Scenario): number {
  let total = 0;
  const flows = s.steps.flatMap((st) => (st.action.type === 'traffic' ? [{ at: st.atMs, t: st.action.traffic }] : []));
  flows.forEach((f, i) => {
    const key = `${f.t.namespace}/${f.t.service}`;
    const next = flows.slice(i + 1).find((g) => `${g.t.namespace}/${g.t.service}` === key);
    const end = Math.min(s.durationMs, next?.at ?? Infinity, f.t.durationMs === undefined ? Infinity : f.at + f.t.durationMs);
    total += (f.t.rps * Math.max(0, end - f.at)) / 1000;
  });
  return Math.round(total);
}

/** "simulating 6h of cluster time on 3 nodes; expect about 6,800 events", or undefined for a run too small to mention. */
export function describeEstimate(e: RunEstimate): string | undefined {
  if (e.durationMs <= LONG_RUN_MS && e.events <= MANY_EVENTS && e.requests <= MANY_REQUESTS) return undefined;
  const n = (x: number): string => x.toLocaleString('en-US', { maximumSignificantDigits: 2 });
  const requests = e.requests > 0 ? ` and ${n(e.requests)} simulated requests` : '';
  return `simulating ${formatDuration(e.durationMs)} of cluster time on ${e.nodes} node${e.nodes === 1 ? '' : 's'}; expect about ${n(e.events)} events${requests}`;
}
