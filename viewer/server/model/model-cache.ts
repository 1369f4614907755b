import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Recording as RecordingClass, type Recording } from '../../../core/record/recording.js';
import { buildStoryModel } from './story-model.js';

/** Bump when the story model's shape changes: older cache files are then rebuilt. */
const MODEL_VERSION = 5;
/**
 * Where model caches live: the user's cache folder, never beside the recording (a
 * recording stays one self-contained file). KUBELAPSE_CACHE_DIR overrides it.
 */
export function cacheDir(): string {
  if (process.env.KUBELAPSE_CACHE_DIR) return process.env.KUBELAPSE_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir());
  return path.join(base, 'kubelapse');
}

/** The cache file of one recording: named by a hash of its absolute path. */
export function cacheFileOf(file: string): string {
  const abs = path.resolve(file);
  return path.join(cacheDir(), `${createHash('sha256').update(abs).digest('hex').slice(0, 24)}.model.json`);
}

/**
 * The story model as JSON, from a cache file (cacheDir) when it is still current. Events are append-only, so (last seq, its hash, markers, traffic rows) says
 * whether anything the model is made of changed. A 113,000-event recording's model takes
 * ~1.5 s to build and ~30 ms to read back; `kubelapse run` and `npm start` write it right
 * after recording, so the first open is the fast one. A cache folder that cannot be
 * written only loses the cache, never the view.
 */
export function storyModelJson(rec: Recording, name: string, file: string): string {
  const key = cacheKey(rec);
  const cache = cacheFileOf(file);
  try {
    const text = fs.readFileSync(cache, 'utf8');
    const nl = text.indexOf('\n');
    if (nl > 0 && text.slice(0, nl) === key) return text.slice(nl + 1);
  } catch {
    // no cache yet
  }
  const json = JSON.stringify(buildStoryModel(rec, name));
  try {
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    const tmp = `${cache}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${key}\n${json}`);
    fs.renameSync(tmp, cache);
  } catch {
    // read-only folder: serve without caching
  }
  return json;
}

function cacheKey(rec: Recording): string {
  const last = rec.db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').raw(true).get() as [number, string] | undefined;
  const markers = rec.db.prepare('SELECT COUNT(*), COALESCE(MAX(id), 0) FROM markers').raw(true).get() as [number, number];
  const traffic = rec.db.prepare('SELECT COUNT(*) FROM traffic').pluck(true).get() as number;
  const meta = rec.meta();
  return `kubelapse-model v${MODEL_VERSION} ${last?.[0] ?? 0} ${last?.[1] ?? '-'} ${markers.join(':')} ${traffic} ${meta.complete ?? '0'} ${meta.end_time_ms ?? ''} ${meta.title ?? ''}`.replace(/\n/g, ' ');
}

/** Builds the cache file for a recording just made, so the viewer opens it at once; failures are ignored (the viewer builds it then). */
export function warmModelCache(file: string): void {
  const name = path.basename(file).replace(/\.db$/, '');
  try {
    const rec = RecordingClass.open(file, { readonly: true });
    try {
      storyModelJson(rec, name, file);
    } finally {
      rec.close();
    }
  } catch {
    // the viewer will build it on first open
  }
}
