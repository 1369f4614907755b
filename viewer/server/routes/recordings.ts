import { Router } from 'express';
import type { RecordingLibrary } from '../library.js';
import { actorsOf } from '../model/story-model.js';

/** The list of recordings, one recording's summary and meta, its story model, markers and a full hash check. */
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
    res.type('application/json').send(lib.get(req.params.name).modelJson);
  });
  r.get('/recordings/:name/actors', (req, res) => {
    res.json({ actors: actorsOf(lib.get(req.params.name).rec) });
  });
  r.get('/recordings/:name/markers', (req, res) => {
    res.json({ markers: lib.get(req.params.name).rec.markers() });
  });
  return r;
}
