import { Router } from 'express';
import { resolveKind } from '../../../core/api/kinds.js';
import { badRequest, notFound } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';
import { intParam, seqParam, stringParam, timeParam } from '../params.js';

/** The cluster at a seq or time, one object's history, and the diff between two of its versions. */
export function objectRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/state', (req, res) => {
    const o = lib.get(req.params.name);
    const query = req.query as Record<string, unknown>;
    const seqArg = intParam(query, 'seq');
    const time = timeParam(query, 'time');
    if (seqArg !== undefined && time !== undefined) throw badRequest('give seq or time, not both');
    const last = o.replay.lastSeq;
    const seq = seqArg ?? (time !== undefined ? o.replay.seqAtTime(time) : last);
    if (seq > last) throw badRequest(`seq: ${seq} is past the end of the recording (${last})`);
    const kinds = stringParam(query, 'kind')
      ?.split(',')
      .map((k) => {
        const info = resolveKind(k.trim());
        if (info === undefined) throw badRequest(`kind: unknown kind ${JSON.stringify(k)}`);
        return info.kind;
      });
    const namespace = stringParam(query, 'namespace');
    const objects = o.replay.stateAt(seq, { ...(kinds === undefined ? {} : { kinds }), ...(namespace === undefined ? {} : { namespace }) });
    res.json({ seq, timeMs: seq === 0 ? 0 : o.replay.index.timeOf(seq), objects });
  });
  r.get('/recordings/:name/history', (req, res) => {
    const o = lib.get(req.params.name);
    const query = req.query as Record<string, unknown>;
    const kindArg = stringParam(query, 'kind');
    const name = stringParam(query, 'name');
    if (kindArg === undefined || name === undefined) throw badRequest('history needs kind and name (and namespace for namespaced kinds)');
    const info = resolveKind(kindArg);
    if (info === undefined) throw badRequest(`kind: unknown kind ${JSON.stringify(kindArg)}`);
    const namespace = info.namespaced ? (stringParam(query, 'namespace') ?? 'default') : null;
    const versions = o.replay.history(info.kind, namespace, name);
    if (versions.length === 0) throw notFound(`${info.kind.toLowerCase()} ${JSON.stringify(name)} never appears in this recording`);
    res.json({ kind: info.kind, namespace, name, versions });
  });
  r.get('/recordings/:name/diff', (req, res) => {
    const o = lib.get(req.params.name);
    const query = req.query as Record<string, unknown>;
    const to = seqParam(stringParam(query, 'to'), 'to');
    const from = stringParam(query, 'from') === undefined ? o.replay.previousVersionSeq(to) : seqParam(stringParam(query, 'from'), 'from');
    const a = from === undefined ? undefined : o.rec.event(from);
    const b = o.rec.event(to);
    if (b === undefined) throw notFound(`no event with seq ${to}`);
    if (from !== undefined && a === undefined) throw notFound(`no event with seq ${from}`);
    if (a !== undefined && (a.kind !== b.kind || a.namespace !== b.namespace || a.name !== b.name)) {
      throw badRequest(`seq ${from} (${a.kind} ${a.name}) and seq ${to} (${b.kind} ${b.name}) are versions of different objects`);
    }
    res.json({ from: from ?? null, to, changes: o.replay.diff(from, to) });
  });
  return r;
}
