import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Recording } from '../record/recording.js';
import { isAscii } from 'node:buffer';
import { Checkpoints, type Checkpoint, type CheckpointParts } from './checkpoints.js';
import { EventIndex } from './event-index.js';
import { readAligned } from './read-aligned.js';

/** Bump when the file's layout or the index's meaning changes: older files are then rebuilt. */
const INDEX_CACHE_VERSION = 3;

/**
 * Recordings this long or longer keep their index in a cache file. Indexing reads every
 * row (SQLite reads each row's page, object and all): 1,000,000 events took 6.5 s on a
 * loaded 2-core machine, the cache file of the same index (17 bytes an event and the
 * keys) reads in ~0.1 s. A shorter recording indexes faster than a file is written.
 */
export const INDEX_CACHE_FROM = 50_000;

/** An index and, when it came from (or went to) the cache, every kind's checkpoints with it. */
export interface OpenedIndex {
  index: EventIndex;
  /** Taken with the default interval (2,000): Replay uses them only when asked for that one. */
  checkpoints?: CheckpointParts;
}

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
  return openIndexWithCheckpoints(rec, cacheFrom).index;
}

/**
 * openIndex, and the checkpoints the cache keeps with it. Saving them costs the cold open
 * one pass over the events and a sort of the keys (~0.3 s on the KWOK recording); reading
 * them saves every later open that pass for the kind it asks for.
 */
export function openIndexWithCheckpoints(rec: Recording, cacheFrom = INDEX_CACHE_FROM): OpenedIndex {
  const last = rec.head();
  if (cacheFrom <= 0 || last === undefined || last.seq < cacheFrom) return { index: EventIndex.build(rec) };
  const file = indexCacheFile(rec.path);
  const key = `kubelapse-index v${INDEX_CACHE_VERSION} ${last.seq} ${last.hash}`;
  const cached = readIndex(file, key);
  if (cached !== undefined) return cached;
  const index = EventIndex.build(rec);
  const checkpoints = new Checkpoints(index).parts();
  writeIndex(file, key, index, checkpoints);
  return { index, checkpoints };
}

/** The index cache file of a recording, named by a hash of its absolute path. */
export function indexCacheFile(recordingPath: string): string {
  const dir = process.env.KUBELAPSE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir()), 'kubelapse');
  const abs = path.resolve(recordingPath);
  return path.join(dir, `${createHash('sha256').update(abs).digest('hex').slice(0, 24)}.index.bin`);
}

/** The sizes the header line gives, from which every section's place follows. */
interface Header {
  n: number;
  nKeys: number;
  kinds: string[];
  /** Snapshots per kind. */
  cps: number[];
  cpEntries: number;
  keysBytes: number;
  ascii: boolean;
}

/*
 * Layout (v3): the key line, a header line of JSON (Header), spaces to a multiple of 8,
 * then: time float64[n+1]; key, cause int32[n+1]; kindStart int32[kinds+1]; kindSeqs
 * int32[n']; keyKind, keyEnds int32[nKeys]; orderStart int32[kinds+1], orders
 * int32[nKeys]; cpPos, cpLen int32[snapshots]; cpKeys, cpSeqs int32[cpEntries]; verb
 * uint8[n+1]; the keys' bytes (latin1 when all ASCII, else utf8), one after another.
 * Everything a cached open needs is a view of the one buffer the file is read into:
 * nothing parsed, nothing rebuilt (v2 kept the keys one a line, split into 225,981
 * strings, and rebuilt the per-kind arrays and each kind's checkpoints: ~0.35 s of a
 * cached `get pods -A` on the KWOK recording). Native byte order: the file is this
 * machine's cache, never copied elsewhere.
 */
function writeIndex(file: string, key: string, index: EventIndex, cps: CheckpointParts): void {
  const cols = index.columns();
  const d = index.derived();
  const keys = Buffer.from(index.keys.join(''), 'utf8');
  const keyEnds = new Int32Array(index.keyCount);
  let at = 0;
  index.keys.forEach((k, i) => {
    at += Buffer.byteLength(k, 'utf8');
    keyEnds[i] = at;
  });
  const orderStart = new Int32Array(d.kinds.length + 1);
  cps.orders.forEach((o, k) => (orderStart[k + 1] = (orderStart[k] as number) + o.length));
  const snapshots = cps.lists.flat();
  const cpPos = Int32Array.from(snapshots, (c) => c.pos);
  const cpLen = Int32Array.from(snapshots, (c) => c.keys.length);
  const header: Header = { n: index.length, nKeys: index.keyCount, kinds: d.kinds, cps: cps.lists.map((l) => l.length), cpEntries: cpLen.reduce((a, b) => a + b, 0), keysBytes: keys.length, ascii: isAscii(keys) };
  const head = Buffer.from(`${key}\n${JSON.stringify(header)}\n`);
  const parts = [
    head,
    Buffer.alloc((8 - (head.length % 8)) % 8, 0x20),
    bytes(cols.time),
    bytes(cols.key),
    bytes(cols.cause),
    bytes(d.kindStart),
    bytes(d.kindSeqs),
    bytes(d.keyKind),
    bytes(keyEnds),
    bytes(orderStart),
    ...cps.orders.map(bytes),
    bytes(cpPos),
    bytes(cpLen),
    ...snapshots.map((c) => bytes(c.keys)),
    ...snapshots.map((c) => bytes(c.seqs)),
    bytes(cols.verb),
    keys,
  ];
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat(parts));
    fs.renameSync(tmp, file); // whole or not at all: a reader never sees half a file
  } catch {
    // a read-only cache folder: the next open indexes again
  }
}

function readIndex(file: string, key: string): OpenedIndex | undefined {
  let buf: Buffer;
  try {
    buf = readAligned(file); // its own buffer at offset 0: the views below are aligned
  } catch {
    return undefined; // none yet
  }
  try {
    const nl1 = buf.indexOf(0x0a);
    if (nl1 <= 0 || buf.toString('latin1', 0, nl1) !== key) return undefined;
    const nl2 = buf.indexOf(0x0a, nl1 + 1);
    if (nl2 < 0) return undefined;
    const h = JSON.parse(buf.toString('utf8', nl1 + 1, nl2)) as Header;
    let at = nl2 + 1;
    at += (8 - (at % 8)) % 8;
    const ab = buf.buffer as ArrayBuffer;
    const f64 = (len: number): Float64Array<ArrayBuffer> => {
      const a = new Float64Array(ab, at, len);
      at += 8 * len;
      return a;
    };
    const i32 = (len: number): Int32Array<ArrayBuffer> => {
      const a = new Int32Array(ab, at, len);
      at += 4 * len;
      return a;
    };
    const nk = h.kinds.length;
    const time = f64(h.n + 1);
    const keyCol = i32(h.n + 1);
    const cause = i32(h.n + 1);
    const kindStart = i32(nk + 1);
    const kindSeqs = i32(kindStart[nk] as number);
    const keyKind = i32(h.nKeys);
    const keyEnds = i32(h.nKeys);
    const orderStart = i32(nk + 1);
    const orderAll = i32(h.nKeys);
    const snapshots = h.cps.reduce((a, b) => a + b, 0);
    const cpPos = i32(snapshots);
    const cpLen = i32(snapshots);
    const cpKeys = i32(h.cpEntries);
    const cpSeqs = i32(h.cpEntries);
    const verb = new Uint8Array(ab, at, h.n + 1);
    at += h.n + 1;
    // Exactly this long: a file cut short (or longer) is not ours to read.
    if (at + h.keysBytes !== buf.length || (h.nKeys > 0 && keyEnds[h.nKeys - 1] !== h.keysBytes)) return undefined;
    const keys = { bytes: buf.subarray(at), ends: keyEnds, encoding: h.ascii ? ('latin1' as const) : ('utf8' as const) };
    const index = EventIndex.fromCache(keys, { key: keyCol, verb, cause, time }, { kinds: h.kinds, keyKind, kindStart, kindSeqs });
    const lists: Checkpoint[][] = [];
    let cp = 0;
    let entry = 0;
    for (let k = 0; k < nk; k++) {
      const list: Checkpoint[] = [];
      for (let i = 0; i < (h.cps[k] as number); i++, cp++) {
        const len = cpLen[cp] as number;
        list.push({ pos: cpPos[cp] as number, keys: cpKeys.subarray(entry, entry + len), seqs: cpSeqs.subarray(entry, entry + len) });
        entry += len;
      }
      lists.push(list);
    }
    const orders = h.kinds.map((_, k) => orderAll.subarray(orderStart[k] as number, orderStart[k + 1] as number));
    return { index, checkpoints: { lists, orders } };
  } catch {
    return undefined; // not ours: build it again
  }
}

function bytes(a: Int32Array | Float64Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
