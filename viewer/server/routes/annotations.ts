import express, { Router } from 'express';
import { recordingEndMs } from '../../../core/replay/end-time.js';
import type { AnnotationModel } from '../../shared/model.js';
import { badRequest, HttpError } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';

/**
 * Limits on notes, so a page (or anyone who can reach the viewer) cannot grow a recording
 * without bound: the list is sent whole and every note is pinned on the timeline. 1,000
 * notes of 4,000 characters are ~4 MB, already more than any review needs.
 */
export const MAX_NOTES = 1000;
export const MAX_TEXT = 4000;
export const MAX_AUTHOR = 100;

const SHAPE = '{text, seq | timeMs, author?}';

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
  // strict: false lets `null`, `"x"` or `5` through to the check below, which says what a note is,
  // instead of body-parser's "Unexpected token 'n', "null" is not valid JSON" (it is valid JSON).
  r.post('/recordings/:name/annotations', express.json({ limit: '16kb', strict: false }), (req, res) => {
    // JSON only: a form or text/plain post from another site is refused (it cannot send JSON without a CORS preflight).
    if (!req.is('application/json')) throw new HttpError(415, `content-type must be application/json (got ${JSON.stringify(req.get('content-type') ?? 'none')})`);
    const o = lib.get(req.params.name);
    const raw: unknown = req.body;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw badRequest(`a note is a JSON object ${SHAPE}, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`);
    }
    const body = raw as Record<string, unknown>;
    if (typeof body.text !== 'string' || body.text.trim() === '') throw badRequest('text: a note needs some text');
    if (body.text.length > MAX_TEXT) throw badRequest(`text: at most ${MAX_TEXT} characters (got ${body.text.length})`);
    if (body.author !== undefined && body.author !== null && typeof body.author !== 'string') throw badRequest('author: must be a string');
    if (typeof body.author === 'string' && body.author.length > MAX_AUTHOR) throw badRequest(`author: at most ${MAX_AUTHOR} characters (got ${body.author.length})`);
    const hasSeq = body.seq !== undefined && body.seq !== null;
    const hasTime = body.timeMs !== undefined && body.timeMs !== null;
    if (hasSeq && hasTime) throw badRequest('give seq or timeMs, not both');
    let seq: number | null = null;
    let timeMs: number;
    if (hasSeq) {
      const last = o.rec.lastSeq();
      if (!Number.isInteger(body.seq) || (body.seq as number) < 0 || (body.seq as number) > last) throw badRequest(`seq: ${JSON.stringify(body.seq)} is not a seq of this recording (0..${last})`);
      seq = body.seq as number;
      timeMs = seq === 0 ? 0 : (o.rec.event(seq)?.timeMs ?? 0);
    } else if (hasTime) {
      const end = recordingEndMs(o.rec);
      if (typeof body.timeMs !== 'number' || !Number.isFinite(body.timeMs) || body.timeMs < 0 || body.timeMs > end) {
        throw badRequest(`timeMs: ${JSON.stringify(body.timeMs)} is not a time of this recording (0..${end} ms)`);
      }
      timeMs = Math.round(body.timeMs);
    } else {
      throw badRequest('a note needs seq or timeMs: where on the timeline it belongs');
    }
    const count = o.rec.db.prepare('SELECT COUNT(*) FROM annotations').pluck(true).get() as number;
    if (count >= MAX_NOTES) throw new HttpError(409, `this recording already has ${count} notes, the most it keeps (${MAX_NOTES})`);
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
