import { createHash } from 'node:crypto';
import { Router, type Response } from 'express';
import { resolveKind } from '../../../core/api/kinds.js';
import { badRequest, notFound } from '../http-error.js';
import type { StateView, ViewKey } from '../../../core/replay/replay.js';
import type { RecordingLibrary } from '../library.js';
import { intParam, seqParam, stringParam, timeParam } from '../params.js';

/**
 * The cluster at a seq or time, one object's history, and the diff between two of its
 * versions. `state` takes kind, namespace and name to narrow, and view=keys for which
 * objects are live (kind, namespace, name, version seq) without reading any of them.
 */
export function objectRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/state', async (req, res) => {
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
    const name = stringParam(query, 'name');
    // The index joins a key's parts with NUL (StateView.named matches "\0" + name): no object has one in its name.
    for (const [key, v] of [['namespace', namespace], ['name', name]] as const) if (v?.includes('\0')) throw badRequest(`${key}: invalid ${JSON.stringify(v)} (a NUL character)`);
    const view = stringParam(query, 'view') ?? 'objects';
    if (view !== 'objects' && view !== 'keys') throw badRequest(`view: unknown view ${JSON.stringify(view)} (objects, keys)`);
    const q = { ...(kinds === undefined ? {} : { kinds }), ...(namespace === undefined ? {} : { namespace }) };
    // The body is a function of the file's contents, the seq and the query: a page that asks
    // again for the same state gets a 304 before any row is read or byte streamed (streamed,
    // express no longer makes an ETag from the whole body). A time that lands on the same seq
    // is the same body, so the ETag names the seq, not the time asked.
    const etag = stateEtag(o.stamp, seq, view, kinds, namespace, name);
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
    if (noneMatch(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    const timeMs = seq === 0 ? 0 : o.replay.index.timeOf(seq);
    if (view === 'keys') {
      // Which objects are live and which version of each, without reading a row, written as
      // res.json wrote them: on the 100,000-pod recording ~430,000 keys, 32 MB of JSON.
      const live = o.replay.viewAt(seq, q);
      const release = o.pin();
      try {
        await sendKeys(res, seq, timeMs, name === undefined ? live : live.named(name));
      } finally {
        release();
      }
      return;
    }
    // One name reads only that object's row (namedAt), not every object of its kinds.
    if (name !== undefined) {
      res.json({ seq, timeMs, objects: o.replay.namedAt(seq, q, name) });
      return;
    }
    // Pinned: a request meanwhile that finds the file grown reopens it without closing this one under the stream.
    const release = o.pin();
    try {
      await sendState(res, seq, timeMs, o.replay.viewAt(seq, q));
    } finally {
      release();
    }
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

/**
 * The state route's weak ETag: a hash of the recording's stamp (its file's and WAL's size and
 * mtime: OpenRecording.stamp, which changes when the file grows or is replaced) with the
 * seq and the query that shape the body. Weak: the same state, not promised the same bytes
 * (chunking or a later writer may lay it out otherwise). Hashed, so the stamp's file path
 * does not go out.
 */
export function stateEtag(stamp: string, seq: number, view: string, kinds: readonly string[] | undefined, namespace: string | undefined, name: string | undefined): string {
  const key = JSON.stringify([stamp, seq, view, kinds ?? null, namespace ?? null, name ?? null]);
  return `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether If-None-Match names `etag` (weak comparison, RFC 9110 13.1.2: W/ ignored) or is
 * `*`. Not req.fresh: that answers 200 whenever the request says Cache-Control: no-cache,
 * and fetch() adds that to every request given an If-None-Match by hand (Fetch standard,
 * HTTP-network-or-cache fetch), so a page revalidating itself would never get its 304.
 */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (t: string): string => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/**
 * Objects a chunk of the state's body: 1,024 Pods of ~4.6 kB are ~4.7 MB of text, held
 * twice while written (the string and its bytes). 4,096 a chunk peaked at 0.50-0.84 GB
 * of the server's RSS for a 100,000-pod state; the rows are still read 1,024 a statement.
 */
const OBJECTS_PER_CHUNK = 1024;

/**
 * `{"seq":..,"timeMs":..,"objects":[..]}` written from the rows' recorded texts, a chunk at
 * a time, waiting for the socket to drain between chunks: the body `res.json` made of
 * stateAt's objects, without parsing them to stringify them again (Replay.textsOf says
 * why it is the same bytes). At 100,000 Pods stateAt parsed ~500 MB of JSON and `res.json`
 * stringified it into one string before the first byte went out: 18-27 s to the whole body,
 * 11-18 s of the server's CPU, peak RSS 2.4-2.6 GB; from the texts 2.5-4.4 s, 2.1-2.4 s and
 * 250-272 MB (docs/performance.md, round 12 of replay).
 */
export async function sendState(res: Response, seq: number, timeMs: number, view: StateView, perChunk = OBJECTS_PER_CHUNK): Promise<void> {
  // The first chunk is read before the status goes out: a failed read is still a JSON error.
  let chunk = view.texts(0, perChunk);
  res.status(200).type('application/json');
  res.write(`{"seq":${seq},"timeMs":${timeMs},"objects":[`);
  for (let from = 0; ; ) {
    const more = from + perChunk < view.length;
    const text = (from === 0 ? '' : ',') + chunk.join(',');
    if (!res.write(text) && more) await drainedOrClosed(res);
    if (!more || res.destroyed) break;
    from += perChunk;
    try {
      chunk = view.texts(from, from + perChunk);
    } catch (e) {
      // Headers and part of the body are out: all that is left is to cut the response short.
      process.stderr.write(`viewer: state of seq ${seq} cut short: ${(e as Error).message}\n`);
      res.destroy(e as Error);
      return;
    }
  }
  res.end(']}');
}

/** Resolves when `res` can take more, or is closed (the client went away); no listener left behind. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Keys a chunk of the keys' body: 8,192 of ~75 bytes, ~0.6 MB. */
const KEYS_PER_CHUNK = 8192;

/**
 * `{"seq":..,"timeMs":..,"keys":[{"kind":..,"namespace":..,"name":..,"seq":..},..]}`, the body
 * res.json made of one object a live key, written a chunk at a time from the view's keys:
 * on the 100,000-pod recording all ~430,000 keys were 0.7-0.9 s of the server's CPU and
 * its RSS grew by ~200 MB a request.
 */
export async function sendKeys(res: Response, seq: number, timeMs: number, view: StateView, perChunk = KEYS_PER_CHUNK): Promise<void> {
  res.status(200).type('application/json');
  res.write(`{"seq":${seq},"timeMs":${timeMs},"keys":[`);
  for (let from = 0; from < view.length && !res.destroyed; from += perChunk) {
    const keys = view.keys(from, from + perChunk);
    const parts = new Array<string>(keys.length);
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j] as ViewKey;
      parts[j] = `{"kind":${JSON.stringify(k.kind)},"namespace":${k.namespace === null ? 'null' : JSON.stringify(k.namespace)},"name":${JSON.stringify(k.name)},"seq":${view.versionSeq(from + j)}}`;
    }
    if (!res.write((from === 0 ? '' : ',') + parts.join(',')) && from + perChunk < view.length) await drainedOrClosed(res);
  }
  res.end(']}');
}
