/* eslint-disable @typescript-eslint/no-explicit-any -- EndpointSlices and pods are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import { KUBE_PROXY_LAG_MS } from '../../../core/network/kube-proxy.js';
import type { RouteSpan } from '../../shared/model.js';

/** The simulated cluster's watch latency (core/sim/cluster.ts): a write reaches an informer 1 ms later. */
export const WATCH_MS = 1;
/** A slice written at 44,505 ms is in a node's rules at 45,506 ms: watch latency plus kube-proxy's 1 s sync lag. */
export const ROUTE_LAG_MS = WATCH_MS + KUBE_PROXY_LAG_MS;
const SERVICE_NAME = 'kubernetes.io/service-name';

interface Endpoint { pod: string; ready: boolean; fallback: boolean }
interface SliceWrite { t: number; uid: string; deleted: boolean; service: string; eps: Endpoint[] }
export type Runs = Map<string, Array<[number, number | null]>>;

/** Every EndpointSlice write that belongs to a Service, in order; what kube-proxy watches. */
export function sliceWrites(rec: Recording): SliceWrite[] {
  const out: SliceWrite[] = [];
  for (const raw of rec.db.prepare("SELECT time_ms, verb, uid, namespace, object FROM events WHERE kind = 'EndpointSlice' ORDER BY seq").raw(true).iterate()) {
    const [t, verb, uid, ns, json] = raw as [number, string, string, string | null, string];
    const slice = JSON.parse(json) as any;
    const svc = slice?.metadata?.labels?.[SERVICE_NAME];
    if (typeof svc !== 'string') continue;
    const eps: Endpoint[] = [];
    for (const ep of slice?.endpoints ?? []) {
      if (ep?.targetRef?.kind !== 'Pod' || typeof ep.targetRef.name !== 'string') continue;
      const c = ep.conditions ?? {};
      // As kube-proxy reads them: a nil ready is ready; a terminating endpoint is used only while it still serves.
      eps.push({ pod: `${ep.targetRef.namespace ?? ns ?? ''}/${ep.targetRef.name}`, ready: c.ready !== false, fallback: c.ready === false && c.serving === true && c.terminating === true });
    }
    out.push({ t, uid, deleted: verb === 'delete', service: `${ns ?? ''}/${svc}`, eps });
  }
  return out;
}

/**
 * When a kube-proxy process ran on each node: from the kube-system pods labelled
 * k8s-app=kube-proxy, running from the first status that shows a running container to
 * the first that shows none (or the pod's removal). A recording without such pods (made
 * before kube-proxy ran as a DaemonSet) gets one run per node from its creation.
 */
export function proxyRuns(rec: Recording): { runs: Runs; fromPods: boolean } {
  const runs: Runs = new Map();
  const open = new Map<string, [string, number]>(); // pod uid -> [node, since]
  const sql = `SELECT time_ms, verb, uid, json_extract(object, '$.spec.nodeName'), json_extract(object, '$.metadata.labels."k8s-app"'), json_extract(object, '$.status.containerStatuses')
    FROM events WHERE kind = 'Pod' AND namespace = 'kube-system' ORDER BY seq`;
  for (const raw of rec.db.prepare(sql).raw(true).iterate()) {
    const [t, verb, uid, node, app, statuses] = raw as [number, string, string, string | null, string | null, string | null];
    if (app !== 'kube-proxy') continue;
    const running = verb !== 'delete' && node !== null && ((JSON.parse(statuses ?? '[]') as any[]) ?? []).some((c) => c?.state?.running != null);
    const cur = open.get(uid);
    if (running && cur === undefined) open.set(uid, [node as string, t]);
    if (!running && cur !== undefined) {
      push(runs, cur[0], [cur[1], t]);
      open.delete(uid);
    }
  }
  for (const [node, since] of open.values()) push(runs, node, [since, null]);
  if (runs.size > 0) return { runs, fromPods: true };
  for (const raw of rec.db.prepare("SELECT time_ms, verb, name FROM events WHERE kind = 'Node' ORDER BY seq").raw(true).iterate()) {
    const [t, verb, name] = raw as [number, string, string];
    const list = runs.get(name) ?? [];
    const last = list[list.length - 1];
    if (verb === 'delete' && last !== undefined && last[1] === null) last[1] = t;
    else if (verb !== 'delete' && (last === undefined || last[1] !== null)) push(runs, name, [t, null]);
  }
  return { runs, fromPods: false };
}

function push(runs: Runs, node: string, run: [number, number | null]): void {
  const list = runs.get(node) ?? [];
  list.push(run);
  runs.set(node, list);
}

type Action = { at: number; reset: SliceWrite[] | null; write: SliceWrite | null };

/**
 * One node's routing over time, as core/network/kube-proxy.ts builds it: a process that
 * starts at s writes its first rules at s + 1 s from the slices it listed, then applies
 * each slice write made while it runs 1,001 ms after it; a process that stops leaves the
 * rules as they were (iptables outlive it), and a write whose sync was still pending is
 * lost. Routes: a Service's ready endpoints, or its serving terminating ones when none is
 * ready. `until` ends every span (the node's removal), else they run to the end.
 */
export function nodeRoutes(writes: readonly SliceWrite[], runs: ReadonlyArray<[number, number | null]>, until: number | null): { syncs: number[]; spans: RouteSpan[] } {
  const actions: Action[] = [];
  for (const [s, e] of runs) {
    const first = s + KUBE_PROXY_LAG_MS;
    if (e !== null && e <= first) continue;
    actions.push({ at: first, reset: writes.filter((w) => w.t + WATCH_MS <= first), write: null });
    for (const w of writes) if (w.t >= s && (e === null || w.t + ROUTE_LAG_MS < e)) actions.push({ at: w.t + ROUTE_LAG_MS, reset: null, write: w });
  }
  actions.sort((a, b) => a.at - b.at || (a.reset !== null ? -1 : 0) - (b.reset !== null ? -1 : 0));
  const view = new Map<string, SliceWrite>();
  const open = new Map<string, number>(); // "service|pod|how" -> since
  const current = new Map<string, Set<string>>(); // service -> its routes now
  let touched = new Set<string>();
  const spans: RouteSpan[] = [];
  const syncs: number[] = [];
  const close = (key: string, at: number): void => {
    const [service, pod, how] = key.split('|') as [string, string, string];
    spans.push([open.get(key) as number, at, service, pod, Number(how)]);
    open.delete(key);
  };
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as Action;
    if (until !== null && a.at >= until) break;
    if (a.reset !== null) {
      for (const w of view.values()) touched.add(w.service);
      view.clear();
      for (const w of a.reset) touched.add(apply(view, w));
    } else touched.add(apply(view, a.write as SliceWrite));
    if ((actions[i + 1] as Action | undefined)?.at === a.at) continue;
    if (syncs[syncs.length - 1] !== a.at) syncs.push(a.at);
    // Only the Services this sync touched are routed anew: a write costs its Service's endpoints, not the cluster's.
    for (const svc of touched) {
      const now = routes(view, svc);
      for (const key of current.get(svc) ?? []) if (!now.has(key)) close(key, a.at);
      for (const key of now) if (!open.has(key)) open.set(key, a.at);
      current.set(svc, now);
    }
    touched = new Set();
  }
  for (const key of [...open.keys()]) {
    if (until !== null) close(key, until);
    else {
      const [service, pod, how] = key.split('|') as [string, string, string];
      spans.push([open.get(key) as number, null, service, pod, Number(how)]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || a[3].localeCompare(b[3]));
  return { syncs, spans };
}

/** Applies a slice write to the view; returns its Service. */
function apply(view: Map<string, SliceWrite>, w: SliceWrite): string {
  if (w.deleted) view.delete(w.uid);
  else view.set(w.uid, w);
  return w.service;
}

/** "service|pod|how" of every endpoint of `svc` the node routes to: its ready ones, else its serving terminating ones. */
function routes(view: ReadonlyMap<string, SliceWrite>, svc: string): Set<string> {
  const ready: string[] = [];
  const fallback: string[] = [];
  for (const w of view.values()) {
    if (w.service !== svc) continue;
    for (const ep of w.eps) if (ep.ready) ready.push(ep.pod);
    else if (ep.fallback) fallback.push(ep.pod);
  }
  const out = new Set<string>();
  if (ready.length > 0) for (const p of ready) out.add(`${svc}|${p}|1`);
  else for (const p of fallback) out.add(`${svc}|${p}|2`);
  return out;
}
