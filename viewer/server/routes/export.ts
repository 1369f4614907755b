import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import { FORMATS, findFormat } from '../../../core/export/formats.js';
import { badRequest } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';
import { stringParam } from '../params.js';

/**
 * The Export menu's two endpoints: the registered formats (GET /api/export-formats), and
 * one recording exported as a download (GET /api/recordings/:name/export?format=f). The
 * format writes to a temporary file (video needs a real path for ffmpeg); the file is
 * streamed with Content-Disposition, named as `kubelapse export` would name it, and removed.
 */
export function exportRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/export-formats', (_req, res) => {
    res.json({ formats: FORMATS.map((f) => ({ name: f.name, extension: f.extension, description: f.description })) });
  });
  r.get('/recordings/:name/export', async (req, res, next) => {
    try {
      const o = lib.get(req.params.name);
      const wanted = stringParam(req.query as Record<string, unknown>, 'format');
      const format = wanted === undefined ? undefined : findFormat(wanted);
      if (format === undefined) throw badRequest(`format: ${wanted === undefined ? 'missing' : `unknown format "${wanted}"`} (known: ${FORMATS.map((f) => f.name).join(', ')})`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-export-'));
      const file = path.join(dir, `${o.name}${format.extension}`);
      const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
      let summary;
      try {
        summary = await format.write(o.rec, file, { name: o.name });
      } catch (err) {
        cleanup();
        throw err;
      }
      res.setHeader('Content-Disposition', `attachment; filename="${path.basename(file)}"`);
      res.setHeader('X-Export-Detail', encodeURIComponent(summary.detail));
      res.setHeader('Content-Length', String(summary.bytes));
      res.type(format.extension.endsWith('.json') ? 'application/json' : format.extension.endsWith('.jsonl') ? 'application/x-ndjson' : path.extname(file));
      const stream = fs.createReadStream(file);
      stream.on('close', cleanup);
      stream.on('error', next);
      stream.pipe(res);
    } catch (err) {
      next(err);
    }
  });
  return r;
}
