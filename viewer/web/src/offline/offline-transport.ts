import type { ChainModel, EventDetail, EventSummary, PodLogsModel } from '../../../shared/model.js';
import type { OfflineBundle } from '../../../shared/offline-bundle.js';
import { ApiError, type Transport } from '../api.js';
import { diffVersions } from './offline-diff.js';
import { previousSeq, queryEvents, searchEvents } from './offline-events.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * The viewer's API answered from a bundle inside the page (an html export): the same
 * paths and JSON shapes as viewer/server/routes, so nothing above api.ts knows the
 * difference. What needs another recording or a writable file (compare, adding notes,
 * live) answers with an error saying so; the page hides those controls (offline-main.ts).
 */
export function offlineTransport(bundle: Promise<OfflineBundle>): Transport {
  return {
    async get(path: string): Promise<unknown> {
      return answer(await bundle, path);
    },
    async post(): Promise<unknown> {
      throw new ApiError('this is an html export: notes cannot be saved here (add them in the viewer, then export again)');
    },
  };
}

function answer(b: OfflineBundle, path: string): unknown {
  const [route = '', search = ''] = path.split('?');
  const q = new URLSearchParams(search);
  if (route === '/api/recordings') return { dir: '(html export)', recordings: [b.summary] };
  const m = /^\/api\/recordings\/([^/]+)(?:\/(.*))?$/.exec(route);
  const name = m === null ? '' : decodeURIComponent(m[1] as string);
  if (m === null || name !== b.summary.name) throw new ApiError(`recording ${JSON.stringify(name)} is not in this html export (it holds ${JSON.stringify(b.summary.name)} only)`);
  const rest = m[2] ?? '';
  const seqOf = (text: string): number => {
    const seq = Number(text);
    if (!Number.isInteger(seq) || b.events[seq - 1] === undefined) throw new ApiError(`no event with seq ${text} (the recording has ${b.events.length})`);
    return seq;
  };
  const object = (seq: number): unknown => JSON.parse(b.objects[seq - 1] as string);
  let sub: RegExpExecArray | null;
  if (rest === 'model') return b.model;
  if (rest === 'events') return queryEvents(b, q);
  if (rest === 'search') return searchEvents(b, q);
  if (rest === 'noise') return { runs: b.noise };
  if (rest === 'proxy') return { proxy: b.proxy };
  if (rest === 'actors') return { actors: b.actors };
  if (rest === 'verify') return { name, chainVerified: b.summary.chainVerified };
  if (rest === 'annotations') return { annotations: b.annotations };
  if (rest === 'markers') return { markers: b.model.markers };
  if ((sub = /^events\/(\d+)$/.exec(rest)) !== null) {
    const seq = seqOf(sub[1] as string);
    const prev = previousSeq(b, seq);
    const detail: EventDetail = { event: b.events[seq - 1] as EventSummary, object: object(seq), previousSeq: prev, diff: diffVersions(prev === null ? undefined : object(prev), object(seq)) };
    return detail;
  }
  if (rest === 'diff') {
    const from = seqOf(q.get('from') ?? '');
    const to = seqOf(q.get('to') ?? '');
    return { from, to, changes: diffVersions(object(from), object(to)) };
  }
  if ((sub = /^chain\/(\d+)$/.exec(rest)) !== null) return chain(b, seqOf(sub[1] as string));
  if (rest === 'logs') return logs(b, seqOf(q.get('seq') ?? ''), object);
  if (rest.startsWith('compare/')) throw new ApiError('compare needs the other recording: open both in the viewer (kubelapse serve)');
  if (rest === 'live') throw new ApiError('an html export is not live');
  throw new ApiError(`no such API endpoint in an html export: GET ${route}`);
}

/** Replay.causalChain: causes up to the outside action, then the direct effects. */
function chain(b: OfflineBundle, seq: number): ChainModel {
  const event = b.events[seq - 1] as EventSummary;
  const ancestors: EventSummary[] = [];
  const seen = new Set([seq]);
  let cause = event.causeSeq;
  while (cause !== null && ancestors.length < 1000 && !seen.has(cause)) {
    seen.add(cause);
    const e = b.events[cause - 1];
    if (e === undefined) break;
    ancestors.unshift(e);
    cause = e.causeSeq;
  }
  // Effects name a later seq as their cause: scanned from seq on (causes never come after their effects).
  const effects: EventSummary[] = [];
  for (let s = seq + 1; s <= b.events.length; s++) if ((b.events[s - 1] as EventSummary).causeSeq === seq) effects.push(b.events[s - 1] as EventSummary);
  return { ancestors, event, effects };
}

/** viewer/server/routes/logs.ts: the lines of the pod an event is about (a Pod's write, or an Event about a Pod). */
function logs(b: OfflineBundle, seq: number, object: (seq: number) => unknown): PodLogsModel {
  const e = b.events[seq - 1] as EventSummary;
  const obj = object(seq) as any;
  const containersOf = (pod: any): string[] => [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].map((c: any) => String(c.name));
  let pod: PodLogsModel['pod'] = null;
  if (e.kind === 'Pod') pod = { namespace: e.namespace ?? 'default', name: e.name, uid: e.uid, containers: containersOf(obj) };
  else if (e.kind === 'Event' && obj?.involvedObject?.kind === 'Pod') {
    const io = obj.involvedObject;
    let version: number | undefined;
    for (let s = seq; s >= 1 && version === undefined; s--) {
      const p = b.events[s - 1] as EventSummary;
      if (p.kind === 'Pod' && p.namespace === io.namespace && p.name === io.name) version = s;
    }
    pod = { namespace: io.namespace, name: io.name, uid: io.uid ?? '', containers: version === undefined ? [] : containersOf(object(version)) };
  }
  if (pod === null || !b.hasLogs) return { hasLogs: b.hasLogs, pod, lines: [] };
  const p = pod;
  const strip = ({ namespace: _n, pod: _p, podUid: _u, ...line }: OfflineBundle['logs'][number]): PodLogsModel['lines'][number] => line;
  const ofPod = b.logs.filter((l) => l.namespace === p.namespace && l.pod === p.name);
  const lines = ofPod.filter((l) => l.podUid === p.uid || p.containers.length === 0).map(strip);
  const mirror = lines.length === 0 && obj?.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined;
  return { hasLogs: b.hasLogs, pod, lines: mirror ? ofPod.map(strip) : lines };
}
