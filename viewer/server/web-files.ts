import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The page's own files (index.html, app.js, the stylesheets) answered from memory within
 * the request's own handler. express.static stats and reads the file asynchronously, so on
 * a fresh server app.js (325 kB) waited behind the page's first API answers, whose handlers
 * run synchronously: the model (opening the recording, ~20-60 ms) and the list of recordings
 * (opening every recording in the folder, ~40-600 ms). Measured on a loaded machine, app.js's
 * last byte came ~150-250 ms after its first; the page cannot run before it. A file is read
 * again when its size or modification time changes (a rebuild while the server runs).
 * Anything else (source maps, offline.js) is left to express.static.
 */
export function webFiles(webDir: string): RequestHandler {
  const cache = new Map<string, { stamp: string; body: Buffer; etag: string }>();
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path === '/' ? 'index.html' : req.path.slice(1);
    const type = TYPES[path.extname(name)];
    if (type === undefined || !/^[\w.-]+$/.test(name)) return next();
    const file = path.join(webDir, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile()) return next();
    const stamp = `${st.size}-${st.mtimeMs}`;
    let hit = cache.get(name);
    if (hit === undefined || hit.stamp !== stamp) {
      hit = { stamp, body: fs.readFileSync(file), etag: `W/"${st.size.toString(16)}-${Math.round(st.mtimeMs).toString(16)}"` };
      cache.set(name, hit);
    }
    res.set({ 'Content-Type': type, 'Cache-Control': 'public, max-age=0', ETag: hit.etag });
    const asked = req.headers['if-none-match'];
    if (asked !== undefined && asked.split(',').some((t) => t.trim() === hit.etag)) return void res.status(304).end();
    res.send(hit.body);
  };
}
