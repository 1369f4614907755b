import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Recording as RecordingClass, type Recording } from '../../../core/record/recording.js';
import { noiseRunsOf } from '../lens/noise-index.js';
import { cacheFileOf, readKeyed, writeKeyed } from './cache-file.js';

import { buildModel } from './story-model.js';
import { aggregateFromPods } from './aggregate-line.js';
import { podCensus, type PodHeaders } from './pod-census.js';

export { cacheDir, cacheFileOf } from './cache-file.js';

/**
 * Bump when the story model's shape changes: older cache files are then rebuilt.
 * 9: noise runs and the kube-proxy lane left the model (their own endpoints), the file holds gzip.
 * 10: a recording past the aggregate line (aggregate-line.ts) has `aggregate` and no pod
 * tracks; the key names the line, so a file made under another line is rebuilt, never read
 * as the other kind. Below the line the model's bytes are version 9's.
 * 11: `recoveries` also lists pods restarted in place (`inPlace`, restarts-in-place.ts): a
 * version 10 file of pod-loss-recovery would show its fault at 1:10 as no recovery at all.
 */
export const MODEL_VERSION = 11;
/** The story model as served: gzip-compressed JSON, and the key it was made from (the HTTP ETag). */
export interface ModelBody {
  gzip: Buffer;
  key: string;
}

/**
 * The story model, from a cache file (cacheDir) when it is still current. Events are
 * append-only, so (last seq, its hash, markers, traffic rows) says whether anything the
 * model is made of changed. The file holds the JSON gzip-compressed, as it is sent: a
 * 113,907-event recording's 3.8 MB of JSON is ~0.5 MB, read and sent without being parsed,
 * compressed or hashed again (the browser inflates it natively). A model takes seconds
 * to build (~2 s for that recording, most of it reading every pod write), so `kubelapse
 * run` and `npm start` write it right after recording and the first open is the fast one.
 */
export function storyModelBody(rec: Recording, name: string, file: string): ModelBody {
  const key = cacheKey(rec, name);
  const cache = cacheFileOf(file);
  const hit = readKeyed(cache, key);
  if (hit !== undefined) return { gzip: hit, key };
  // Level 6 (zlib's default): ~40 ms for 3.8 MB once per build, 7x smaller; level 1 saves 20 ms and 25% of the size.
  const built = buildModel(rec, name, aggregateFromPods());
  const gzip = gzipSync(JSON.stringify(built.model));
  writeKeyed(cache, key, gzip);
  if (built.headers !== undefined) writeKeyed(cacheFileOf(file, HEADERS), key, gzipSync(JSON.stringify(built.headers)));
  // Model version 8 and older kept plain JSON in `<hash>.model.json`: gone with the first rebuild.
  try {
    fs.rmSync(cacheFileOf(file, '.model.json'), { force: true });
  } catch {
    // a read-only cache folder keeps it
  }
  return { gzip, key };
}

const HEADERS = '.pods.json.gz';

/**
 * Every pod's header (node, owner, when created, bound and deleted), for the pods
 * endpoint: from the cache file an aggregated model's build wrote beside it, else made
 * by a census pass (a small recording, or a cache folder that cannot be written) and kept.
 */
export function podHeadersOf(rec: Recording, name: string, file: string): PodHeaders {
  const key = cacheKey(rec, name);
  const cache = cacheFileOf(file, HEADERS);
  const hit = readKeyed(cache, key);
  if (hit !== undefined) return JSON.parse(gunzipSync(hit).toString('utf8')) as PodHeaders;
  const headers = podCensus(rec).headers;
  writeKeyed(cache, key, gzipSync(JSON.stringify(headers)));
  return headers;
}

function cacheKey(rec: Recording, name: string): string {
  const last = rec.head();
  const markers = rec.db.prepare('SELECT COUNT(*), COALESCE(MAX(id), 0) FROM markers').raw(true).get() as [number, number];
  const traffic = rec.db.prepare('SELECT COUNT(*) FROM traffic').pluck(true).get() as number;
  const meta = rec.meta();
  return `kubelapse-model v${MODEL_VERSION} agg>${aggregateFromPods()} ${last?.seq ?? 0} ${last?.hash ?? '-'} ${markers.join(':')} ${traffic} ${meta.complete ?? '0'} ${meta.end_time_ms ?? ''} ${name} ${meta.title ?? ''}`.replace(/\n/g, ' ');
}

/**
 * Builds the cache files for a recording just made (its model and the story lens's noise
 * runs), so the viewer opens it at once; failures are ignored (the viewer builds them then).
 */
export function warmModelCache(file: string): void {
  const name = path.basename(file).replace(/\.db$/, '');
  try {
    const rec = RecordingClass.open(file, { readonly: true });
    try {
      storyModelBody(rec, name, file);
      noiseRunsOf(rec);
    } finally {
      rec.close();
    }
  } catch {
    // the viewer will build it on first open
  }
}
