import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { HttpError } from './http-error.js';
import { loopbackHostOnly } from './host-check.js';
import type { RecordingLibrary } from './library.js';
import { annotationRoutes } from './routes/annotations.js';
import { eventRoutes } from './routes/events.js';
import { objectRoutes } from './routes/objects.js';
import { recordingRoutes } from './routes/recordings.js';
import { liveRoutes } from './routes/live.js';
import { trafficRoutes } from './routes/traffic.js';
import { logRoutes } from './routes/logs.js';
import { compareRoutes } from './routes/compare.js';
import { searchRoutes } from './routes/search.js';
import { exportRoutes } from './routes/export.js';
import { podRoutes } from './routes/pods.js';
import { webFiles } from './web-files.js';

/**
 * The built front end: dist/viewer/web beside dist/viewer/server, or (running from the
 * sources, as the tests do) the dist/ copy built by `npm run build`.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = [path.resolve(here, '../web'), path.resolve(here, '../../dist/viewer/web')].find((d) => fs.existsSync(path.join(d, 'app.js'))) ?? path.resolve(here, '../web');

/** The viewer's HTTP app: the JSON API under /api and the front end at /. */
export function createApp(lib: RecordingLibrary, webDir = WEB_DIR, options: { loopbackOnly?: boolean } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.loopbackOnly) app.use(loopbackHostOnly());
  app.set('json spaces', 0);
  // The page's own files first, answered at once from memory (web-files.ts): not behind the API's first answers.
  app.use(webFiles(webDir));
  const api = express.Router();
  api.use(recordingRoutes(lib), eventRoutes(lib), objectRoutes(lib), trafficRoutes(lib), logRoutes(lib), annotationRoutes(lib), liveRoutes(lib), compareRoutes(lib), searchRoutes(lib), exportRoutes(lib), podRoutes(lib));
  api.use((req, _res, next) => next(new HttpError(404, `no such API endpoint: ${req.method} ${req.path}`)));
  app.use('/api', api);
  app.use(express.static(webDir, { index: 'index.html', maxAge: 0 }));
  app.get('/', (_req, res, next) => {
    const index = path.join(webDir, 'index.html');
    if (!fs.existsSync(index)) return next(new HttpError(500, `the front end is not built (${index} is missing): run npm run build`));
    res.sendFile(index);
  });
  app.use(errorHandler);
  return app;
}

/** Every error is JSON with a message: ours with their status, express's body errors as 400/413, anything else 500. */
const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
  let status = err instanceof HttpError ? err.status : (e.status ?? e.statusCode ?? 500);
  let message = e.message ?? String(err);
  if (e.type === 'entity.parse.failed') message = `malformed JSON body: ${message}`;
  if (e.type === 'entity.too.large') message = 'request body too large';
  if (status < 400 || status > 599) status = 500;
  if (status === 500) process.stderr.write(`viewer: ${(err as Error).stack ?? message}\n`);
  res.status(status).json({ error: { code: status, message } });
};
