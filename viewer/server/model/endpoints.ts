/* eslint-disable @typescript-eslint/no-explicit-any -- EndpointSlices are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import { EndpointState, type EndpointSpan } from '../../shared/model.js';

/**
 * When each pod was in a Service's endpoints, and as what (ready, not ready,
 * terminating), from the EndpointSlices' versions. A pod in two slices counts with its
 * best state. null when the recording has no EndpointSlice at all: the viewer then says
 * "no Service data" rather than "never in endpoints".
 */
export function endpointSpans(rec: Recording): Record<string, EndpointSpan[]> | null {
  const stmt = rec.db.prepare("SELECT seq, verb, uid, namespace, object FROM events WHERE kind = 'EndpointSlice' ORDER BY seq").raw(true);
  const slices = new Map<string, Map<string, EndpointState>>(); // slice uid -> pod key -> state
  const open = new Map<string, { from: number; state: EndpointState }>(); // pod key -> current span
  const spans: Record<string, EndpointSpan[]> = {};
  let any = false;
  for (const raw of stmt.iterate()) {
    any = true;
    const [seq, verb, uid, namespace, json] = raw as [number, string, string, string | null, string];
    const before = new Set(slices.get(uid)?.keys() ?? []);
    if (verb === 'delete') slices.delete(uid);
    else slices.set(uid, podsOf(JSON.parse(json), namespace ?? ''));
    for (const k of slices.get(uid)?.keys() ?? []) before.add(k);
    for (const pod of before) {
      const now = bestState(slices, pod);
      const cur = open.get(pod);
      if (cur !== undefined && cur.state === now) continue;
      if (cur !== undefined) {
        (spans[pod] ??= []).push([cur.from, seq, cur.state]);
        open.delete(pod);
      }
      if (now !== undefined) open.set(pod, { from: seq, state: now });
    }
  }
  if (!any) return null;
  for (const [pod, cur] of open) (spans[pod] ??= []).push([cur.from, null, cur.state]);
  return spans;
}

function podsOf(slice: any, namespace: string): Map<string, EndpointState> {
  const out = new Map<string, EndpointState>();
  for (const ep of slice?.endpoints ?? []) {
    const ref = ep?.targetRef;
    if (ref?.kind !== 'Pod' || typeof ref.name !== 'string') continue;
    const c = ep.conditions ?? {};
    // Upstream: a nil ready means ready; a terminating endpoint has ready=false.
    const state = c.terminating === true ? EndpointState.Terminating : c.ready === false ? EndpointState.NotReady : EndpointState.Ready;
    out.set(`${ref.namespace ?? namespace}/${ref.name}`, state);
  }
  return out;
}

/** Ready beats terminating beats not ready, across every slice listing the pod. */
function bestState(slices: Map<string, Map<string, EndpointState>>, pod: string): EndpointState | undefined {
  let best: EndpointState | undefined;
  const rank = (s: EndpointState): number => (s === EndpointState.Ready ? 2 : s === EndpointState.Terminating ? 1 : 0);
  for (const m of slices.values()) {
    const s = m.get(pod);
    if (s !== undefined && (best === undefined || rank(s) > rank(best))) best = s;
  }
  return best;
}
