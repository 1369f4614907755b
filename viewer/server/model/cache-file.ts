import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where model caches live: the user's cache folder, never beside the recording (a
 * recording stays one self-contained file). KUBELAPSE_CACHE_DIR overrides it.
 */
export function cacheDir(): string {
  if (process.env.KUBELAPSE_CACHE_DIR) return process.env.KUBELAPSE_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir());
  return path.join(base, 'kubelapse');
}

/** The cache file of one recording (`.model.json.gz`, or another kind of cache: `.noise.json`): named by a hash of its absolute path. */
export function cacheFileOf(file: string, suffix = '.model.json.gz'): string {
  const abs = path.resolve(file);
  return path.join(cacheDir(), `${createHash('sha256').update(abs).digest('hex').slice(0, 24)}${suffix}`);
}

/**
 * A cache file: one line of key (what it was made from), then the body as bytes. The key
 * is checked, never the body: the body is only ever written whole (to a temporary file,
 * then renamed), so a file whose key matches holds what that key was made into.
 */
export function readKeyed(file: string, key: string): Buffer | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined; // none yet
  }
  const nl = buf.indexOf(0x0a);
  if (nl <= 0 || buf.toString('utf8', 0, nl) !== key) return undefined;
  return buf.subarray(nl + 1);
}

/** Writes `key` and `body`; a folder that cannot be written only loses the cache, never the answer. */
export function writeKeyed(file: string, key: string, body: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${key.replace(/\n/g, ' ')}\n`), body]));
    fs.renameSync(tmp, file);
  } catch {
    // read-only folder: serve without caching
  }
}
