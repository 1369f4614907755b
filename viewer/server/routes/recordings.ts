import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Router } from 'express';
import { noiseRunsOf } from '../lens/noise-index.js';
import type { RecordingLibrary } from '../library.js';
import { actorsOf } from '../model/story-model.js';

/** The list of recordings, one recording's summary and meta, its story model (and the parts sent on demand), markers and a full hash check. */
export function recordingRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings', (_req, res) => {
    res.json({ dir: lib.dir, recordings: lib.list() });
  });
  r.get('/recordings/:name', (req, res) => {
    const o = lib.get(req.params.name);
    res.json({ ...lib.summary(o.name), meta: o.rec.meta(), lastSeq: o.rec.lastSeq() });
  });
  r.get('/recordings/:name/verify', async (req, res) => {
    const o = lib.get(req.params.name);
    res.json({ name: o.name, chainVerified: await lib.verifyAsync(o.name) });
  });
  r.get('/recordings/:name/model', (req, res) => {
    const { gzip, key } = lib.get(req.params.name).model;
    // The cache key names exactly what the model was made from: a page opened again gets a
    // 304 instead of the body (express answers If-None-Match from this ETag).
    // `?as=gzip` asks for the cached bytes as a gzip file (application/gzip, no Content-Encoding):
    // the page's worker inflates them itself (index.html). Sent with Content-Encoding the
    // browser's network process inflates them and hands the renderer 3.8 MB instead of 0.5 MB
    // for a 100,000-event recording, which took it ~300 ms on 2 busy cores.
    const asFile = req.query.as === 'gzip';
    const etag = createHash('sha256').update(key).digest('base64url').slice(0, 27);
    res.set({ ETag: `"${etag}${asFile ? '-gz' : ''}"`, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' });
    if (asFile) res.type('application/gzip').send(gzip);
    else {
      res.type('application/json');
      if (req.acceptsEncodings('gzip') === 'gzip') res.set('Content-Encoding', 'gzip').send(gzip);
      else res.send(gunzipSync(gzip));
    }
  });
  // The story lens's noise and the kube-proxy lane: not in the model, asked for when the page needs them.
  r.get('/recordings/:name/noise', (req, res) => {
    res.json({ runs: noiseRunsOf(lib.get(req.params.name).rec) });
  });
  r.get('/recordings/:name/proxy', (req, res) => {
    res.json(lib.get(req.params.name).proxy);
  });
  r.get('/recordings/:name/actors', (req, res) => {
    res.json({ actors: actorsOf(lib.get(req.params.name).rec) });
  });
  r.get('/recordings/:name/markers', (req, res) => {
    res.json({ markers: lib.get(req.params.name).rec.markers() });
  });
  return r;
}
