import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Recording } from '../record/recording.js';
import { EventIndex } from './event-index.js';

/** Bump when the file's layout or the index's meaning changes: older files are then rebuilt. */
const INDEX_CACHE_VERSION = 2;

/**
 * Recordings this long or longer keep their index in a cache file. Indexing reads every
 * row (SQLite reads each row's page, object and all): 1,000,000 events took 6.5 s on a
 * loaded 2-core machine, the cache file of the same index (17 bytes an event and the
 * keys) reads in ~0.1 s. A shorter recording indexes faster than a file is written.
 */
export const INDEX_CACHE_FROM = 50_000;

/**
 * The recording's index: from the cache folder when a file there was made from the same
 * rows (the same last seq and its hash: a recording is append-only and hash-chained,
 * so those two name every row before them), else built and, for a long recording, saved.
 * The cache sits where the viewer's model cache does (KUBELAPSE_CACHE_DIR, else
 * $XDG_CACHE_HOME/kubelapse or ~/.cache/kubelapse), never beside the recording: a
 * recording stays one self-contained, immutable file. A cache that cannot be read or
 * written costs only the time to build the index.
 */
export function openIndex(rec: Recording, cacheFrom = INDEX_CACHE_FROM): EventIndex {
  const last = rec.head();
  if (cacheFrom <= 0 || last === undefined || last.seq < cacheFrom) return EventIndex.build(rec);
  const file = indexCacheFile(rec.path);
  const key = `kubelapse-index v${INDEX_CACHE_VERSION} ${last.seq} ${last.hash}`;
  const cached = readIndex(file, key);
  if (cached !== undefined) return cached;
  const index = EventIndex.build(rec);
  writeIndex(file, key, index);
  return index;
}

/** The index cache file of a recording, named by a hash of its absolute path. */
export function indexCacheFile(recordingPath: string): string {
  const dir = process.env.KUBELAPSE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir()), 'kubelapse');
  const abs = path.resolve(recordingPath);
  return path.join(dir, `${createHash('sha256').update(abs).digest('hex').slice(0, 24)}.index.bin`);
}

/*
 * Layout: the key line, then a header line of JSON {n, keysBytes, keys}, then the keys,
 * one a line (keys: 'lines') or as a JSON array (keys: 'json'), in keysBytes bytes padded
 * with spaces to a multiple of 8, then the columns for seqs 0..n: time (float64), key (int32), cause (int32), verb (uint8). Native byte order:
 * the file is this machine's cache, never copied elsewhere.
 */
function writeIndex(file: string, key: string, index: EventIndex): void {
  const cols = index.columns();
  // One key a line when no key holds a newline (Kubernetes names cannot): split('\n') reads
  // the KWOK recording's 225,981 keys in ~80 ms, JSON.parse of the same in ~280 ms (every
  // key's two NULs are six characters of JSON escape each).
  const lines = !index.keys.some((k) => k.includes('\n'));
  const keysJson = Buffer.from(lines ? index.keys.join('\n') : JSON.stringify(index.keys));
  const pad = (8 - ((keysJson.length) % 8)) % 8;
  const head = Buffer.from(`${key}\n${JSON.stringify({ n: index.length, keysBytes: keysJson.length + pad, keys: lines ? 'lines' : 'json' })}\n`);
  const headPad = (8 - (head.length % 8)) % 8;
  const parts = [head, Buffer.alloc(headPad, 0x20), keysJson, Buffer.alloc(pad, 0x20), bytes(cols.time), bytes(cols.key), bytes(cols.cause), bytes(cols.verb)];
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat(parts));
    fs.renameSync(tmp, file); // whole or not at all: a reader never sees half a file
  } catch {
    // a read-only cache folder: the next open indexes again
  }
}

function readIndex(file: string, key: string): EventIndex | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined; // none yet
  }
  try {
    const nl1 = buf.indexOf(0x0a);
    if (nl1 <= 0 || buf.toString('utf8', 0, nl1) !== key) return undefined;
    const nl2 = buf.indexOf(0x0a, nl1 + 1);
    const { n, keysBytes, keys: format } = JSON.parse(buf.toString('utf8', nl1 + 1, nl2)) as { n: number; keysBytes: number; keys: 'lines' | 'json' };
    let at = nl2 + 1;
    at += (8 - (at % 8)) % 8;
    let end = at + keysBytes;
    while (end > at && buf[end - 1] === 0x20) end--; // the padding (a key never ends in a space: a name cannot)
    const text = buf.toString('utf8', at, end);
    const keys = format === 'lines' ? (text === '' ? [] : text.split('\n')) : (JSON.parse(text) as string[]);
    at += keysBytes;
    // A copy into an aligned buffer: readFileSync's Buffer may start anywhere in its pool.
    const body = new Uint8Array(buf.length - at);
    body.set(buf.subarray(at));
    const time = new Float64Array(body.buffer, 0, n + 1);
    const keyCol = new Int32Array(body.buffer, 8 * (n + 1), n + 1);
    const cause = new Int32Array(body.buffer, 12 * (n + 1), n + 1);
    const verb = new Uint8Array(body.buffer, 16 * (n + 1), n + 1);
    return EventIndex.fromColumns(keys, { key: keyCol, verb, cause, time }, true);
  } catch {
    return undefined; // cut short or not ours: build it again
  }
}

function bytes(a: Int32Array | Float64Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
