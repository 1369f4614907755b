import { Router } from 'express';
import { notFound } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';
import { seqParam, stringParam } from '../params.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * The container log lines of the pod an event is about: `?seq=N` names the event (a
 * Pod's own write, or a v1 Event whose involvedObject is a Pod). Every line of that pod
 * (by uid) comes back with its seqAfter and time; the page shows those up to the
 * playhead, so scrubbing needs no further request. A recording without a logs table
 * (schema_version 1 or 2) answers `hasLogs: false`.
 */
export function logRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/logs', (req, res) => {
    const o = lib.get(req.params.name);
    const q = req.query as Record<string, unknown>;
    const seq = seqParam(stringParam(q, 'seq'));
    const e = o.rec.event(seq);
    if (e === undefined) throw notFound(`no event with seq ${seq}`);
    const hasLogs = o.rec.hasLogs();
    let pod: { namespace: string; name: string; uid: string; containers: string[] } | null = null;
    const obj = JSON.parse(e.object);
    if (e.kind === 'Pod') pod = { namespace: e.namespace ?? 'default', name: e.name, uid: e.uid, containers: containersOf(obj) };
    else if (e.kind === 'Event' && obj.involvedObject?.kind === 'Pod') {
      const io = obj.involvedObject;
      const version = [...o.rec.events({ kind: 'Pod', namespace: io.namespace, name: io.name, toSeq: seq, order: 'desc', limit: 1 })][0];
      pod = { namespace: io.namespace, name: io.name, uid: io.uid ?? '', containers: version === undefined ? [] : containersOf(JSON.parse(version.object)) };
    }
    if (pod === null || !hasLogs) return void res.json({ hasLogs, pod, lines: [] });
    const uid = pod.uid;
    const lines = o.rec.logs({ namespace: pod.namespace, pod: pod.name }).filter((l) => l.podUid === uid || pod?.containers.length === 0)
      .map((l) => ({ id: l.id, seqAfter: l.seqAfter, timeMs: l.timeMs, container: l.container, restart: l.restart, stream: l.stream, line: l.line }));
    // A static pod's lines carry its own uid, not its mirror pod's: take them by name.
    const mirror = lines.length === 0 && obj?.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined;
    const out = mirror ? o.rec.logs({ namespace: pod.namespace, pod: pod.name }).map((l) => ({ id: l.id, seqAfter: l.seqAfter, timeMs: l.timeMs, container: l.container, restart: l.restart, stream: l.stream, line: l.line })) : lines;
    res.json({ hasLogs, pod, lines: out });
  });
  return r;
}

function containersOf(pod: any): string[] {
  return [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].map((c: any) => String(c.name));
}
