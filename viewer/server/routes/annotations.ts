import express, { Router } from 'express';
import type { AnnotationModel } from '../../shared/model.js';
import { badRequest, HttpError } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';

const MAX_TEXT = 4000;

/**
 * Review notes: GET lists them, POST adds one at a seq (its time is the event's) or at a
 * time. They go into the recording's annotations table and never into events, so the
 * hash chain still verifies after any number of notes.
 */
export function annotationRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/annotations', (req, res) => {
    res.json({ annotations: lib.get(req.params.name).rec.annotations() });
  });
  r.post('/recordings/:name/annotations', express.json({ limit: '16kb' }), (req, res) => {
    // JSON only: a form or text/plain post from another site is refused (it cannot send JSON without a CORS preflight).
    if (!req.is('application/json')) throw new HttpError(415, `content-type must be application/json (got ${JSON.stringify(req.get('content-type') ?? 'none')})`);
    const o = lib.get(req.params.name);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.text !== 'string' || body.text.trim() === '') throw badRequest('text: a note needs some text');
    if (body.text.length > MAX_TEXT) throw badRequest(`text: at most ${MAX_TEXT} characters (got ${body.text.length})`);
    if (body.author !== undefined && body.author !== null && typeof body.author !== 'string') throw badRequest('author: must be a string');
    const last = o.rec.lastSeq();
    let seq: number | null = null;
    let timeMs: number;
    if (body.seq !== undefined && body.seq !== null) {
      if (!Number.isInteger(body.seq) || (body.seq as number) < 0 || (body.seq as number) > last) throw badRequest(`seq: ${JSON.stringify(body.seq)} is not a seq of this recording (0..${last})`);
      seq = body.seq as number;
      timeMs = seq === 0 ? 0 : (o.rec.event(seq)?.timeMs ?? 0);
    } else if (typeof body.timeMs === 'number' && Number.isFinite(body.timeMs) && body.timeMs >= 0) {
      timeMs = Math.round(body.timeMs);
    } else {
      throw badRequest('a note needs seq or timeMs: where on the timeline it belongs');
    }
    const note: AnnotationModel = {
      id: 0,
      timeMs,
      seq,
      author: typeof body.author === 'string' && body.author.trim() !== '' ? body.author.trim() : null,
      text: body.text.trim(),
      createdAt: new Date().toISOString(),
    };
    note.id = lib.annotate(o.name, note);
    res.status(201).json(note);
  });
  return r;
}
