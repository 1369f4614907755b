import { Router } from 'express';
import type { RecordingLibrary } from '../library.js';

/** How often a followed recording's file is looked at (a stat, and a query when it changed). */
const POLL_MS = 300;

/**
 * GET /api/recordings/NAME/live: Server-Sent Events, one `data: {lastSeq, endTimeMs,
 * complete}` whenever the recording has grown, first at once. A live session writes
 * from its own process (or this one); the viewer only reads the file, so this works
 * the same for `kubelapse live` and for `kubelapse serve` next to it. The stream ends
 * when the recording is complete.
 */
export function liveRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/live', (req, res) => {
    const name = req.params.name;
    lib.get(name); // 404 before the stream starts
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.flushHeaders();
    let last = '';
    const check = (): void => {
      let state: { lastSeq: number; endTimeMs: number; complete: boolean };
      try {
        const o = lib.get(name);
        const meta = o.rec.meta();
        const lastEvent = o.rec.lastEvent();
        state = { lastSeq: lastEvent?.seq ?? 0, endTimeMs: Math.max(Number(meta.end_time_ms ?? 0) || 0, lastEvent?.timeMs ?? 0), complete: meta.complete === '1' };
      } catch (err) {
        res.write(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`);
        return stop();
      }
      const text = JSON.stringify(state);
      if (text !== last) {
        last = text;
        res.write(`data: ${text}\n\n`);
      }
      if (state.complete) stop();
    };
    const timer = setInterval(check, POLL_MS);
    const stop = (): void => {
      clearInterval(timer);
      res.end();
    };
    req.on('close', () => clearInterval(timer));
    check();
  });
  return r;
}
