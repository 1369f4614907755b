import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Recording } from '../record/recording.js';
import { Checkpoints, type Checkpoint, type CheckpointParts } from './checkpoints.js';
import { EventIndex, type KeyText } from './event-index.js';
import { readAt } from './read-aligned.js';

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
  const built = new Checkpoints(index);
  writeIndex(file, key, index, built.all());
  return { index, checkpoints: built.parts() };
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
 * then what every open reads: time float64[n+1]; key, cause int32[n+1]; kindStart
 * int32[kinds+1]; kindSeqs int32[n']; keyKind int32[nKeys]; orderStart int32[kinds+1];
 * cpPos, cpLen int32[snapshots]; verb uint8[n+1] and spaces to a multiple of 4. Then what
 * is read when first asked for: each kind's key order (int32, orderStart), each
 * snapshot's keys then seqs (int32[cpLen] each, snapshots in kind order), the keys' ends
 * (int32[nKeys]) and bytes (latin1 when all ASCII, else utf8).
 * A cached open is views of the buffer the first part is read into: nothing parsed or
 * rebuilt (v2 split 225,981 keys into strings and rebuilt the per-kind arrays and each
 * kind's checkpoints: ~0.35 s of a cached `get pods -A` on the KWOK recording); `get pods`
 * then reads the Pods' order and snapshots and never the keys (10 MB on the KWOK
 * recording, ~50 MB at 100,000 Pods) nor the Events' snapshots. The file stays open for
 * those reads (closed when the index is collected), so a file replaced meanwhile is never
 * half read. Native byte order: the file is this machine's cache, never copied elsewhere.
 */
function writeIndex(file: string, key: string, index: EventIndex, cps: { lists: Checkpoint[][]; orders: Int32Array[] }): void {
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
    bytes(orderStart),
    bytes(cpPos),
    bytes(cpLen),
    bytes(cols.verb),
    Buffer.alloc((4 - (cols.verb.length % 4)) % 4, 0x20),
    ...cps.orders.map(bytes),
    ...snapshots.flatMap((c) => [bytes(c.keys), bytes(c.seqs)]),
    bytes(keyEnds),
    keys,
  ];
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // Part by part, not one Buffer.concat: at 100,000 pods the file is ~91 MB, and on this
    // VM every MB of new memory is ~3.5 ms of page faults before a byte is written.
    const fd = fs.openSync(tmp, 'w');
    try {
      for (const part of parts) {
        for (let at = 0; at < part.length; ) at += fs.writeSync(fd, part, at, part.length - at);
      }
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file); // whole or not at all: a reader never sees half a file
  } catch {
    // a read-only cache folder: the next open indexes again
  }
}

/** Closes a cache file's descriptor once the index reading from it is collected. */
const closing = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
});

function readIndex(file: string, key: string): OpenedIndex | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined; // none yet
  }
  let kept = false;
  try {
    const size = fs.fstatSync(fd).size;
    const first = readAt(fd, 0, Math.min(size, 64 * 1024));
    const nl1 = first.indexOf(0x0a);
    if (nl1 <= 0 || first.toString('latin1', 0, nl1) !== key) return undefined;
    const nl2 = first.indexOf(0x0a, nl1 + 1);
    if (nl2 < 0) return undefined;
    const h = JSON.parse(first.toString('utf8', nl1 + 1, nl2)) as Header;
    const nk = h.kinds.length;
    const snapshots = h.cps.reduce((a, b) => a + b, 0);
    const start = nl2 + 1 + ((8 - ((nl2 + 1) % 8)) % 8);
    // kindSeqs' length is in kindStart: the eager part's size is known once kindStart is read.
    const kindStartAt = start + 16 * (h.n + 1);
    const kindStart = new Int32Array(readAt(fd, kindStartAt, 4 * (nk + 1)).buffer, 0, nk + 1);
    const kindSeqsLen = kindStart[nk] as number;
    const verbAt = kindStartAt + 4 * (nk + 1 + kindSeqsLen + h.nKeys + nk + 1 + 2 * snapshots);
    const lazyAt = verbAt + h.n + 1 + ((4 - ((h.n + 1) % 4)) % 4);
    const keysAt = lazyAt + 4 * (h.nKeys + 2 * h.cpEntries);
    // Exactly this long: a file cut short (or longer) is not ours to read.
    if (keysAt + 4 * h.nKeys + h.keysBytes !== size) return undefined;
    // Read now: the keys and verbs by seq (a kind's writes since its snapshot are folded
    // from them) and the per-kind arrays. Read when first used: the times (seqAtTime reads
    // ~21 of them one by one), the causes and each key's kind, which `get` never needs:
    // at 100,000 Pods (1.3 M events) ~21 MB of the ~34 MB a cached open read, and on this
    // VM every MB read into new memory is ~3.5 ms of page faults.
    const timeAt = start;
    const keyAt = start + 8 * (h.n + 1);
    const causeAt = keyAt + 4 * (h.n + 1);
    const keyKindAt = kindStartAt + 4 * (nk + 1 + kindSeqsLen);
    const keyCol = new Int32Array(readAt(fd, keyAt, 4 * (h.n + 1)).buffer as ArrayBuffer, 0, h.n + 1);
    const kindSeqs = new Int32Array(readAt(fd, kindStartAt + 4 * (nk + 1), 4 * kindSeqsLen).buffer as ArrayBuffer, 0, kindSeqsLen);
    const tail = readAt(fd, keyKindAt + 4 * h.nKeys, lazyAt - keyKindAt - 4 * h.nKeys);
    const ab = tail.buffer as ArrayBuffer;
    let at = 0;
    const i32 = (len: number): Int32Array<ArrayBuffer> => {
      const a = new Int32Array(ab, at, len);
      at += 4 * len;
      return a;
    };
    const orderStart = i32(nk + 1);
    const cpPos = i32(snapshots);
    const cpLen = i32(snapshots);
    const verb = new Uint8Array(ab, at, h.n + 1);
    const time = (): Float64Array<ArrayBuffer> => new Float64Array(readAt(fd, timeAt, 8 * (h.n + 1)).buffer as ArrayBuffer, 0, h.n + 1);
    const timeOne = (seq: number): number => new Float64Array(readAt(fd, timeAt + 8 * seq, 8).buffer as ArrayBuffer, 0, 1)[0] as number;
    const cause = (): Int32Array<ArrayBuffer> => new Int32Array(readAt(fd, causeAt, 4 * (h.n + 1)).buffer as ArrayBuffer, 0, h.n + 1);
    const keyKind = (): Int32Array<ArrayBuffer> => new Int32Array(readAt(fd, keyKindAt, 4 * h.nKeys).buffer as ArrayBuffer, 0, h.nKeys);
    const keys = (): KeyText => {
      const ends = new Int32Array(readAt(fd, keysAt, 4 * h.nKeys).buffer, 0, h.nKeys);
      return { bytes: readAt(fd, keysAt + 4 * h.nKeys, h.keysBytes), ends, encoding: h.ascii ? 'latin1' : 'utf8' };
    };
    // Key id's text lies between ends[id - 1] and ends[id]; key 0 starts at 0, so only its own end is read.
    const peek = (id: number): string => {
      const ends = new Int32Array(readAt(fd, id === 0 ? keysAt : keysAt + 4 * (id - 1), id === 0 ? 4 : 8).buffer);
      const from = id === 0 ? 0 : (ends[0] as number);
      const to = ends[id === 0 ? 0 : 1] as number;
      return readAt(fd, keysAt + 4 * h.nKeys + from, to - from).toString(h.ascii ? 'latin1' : 'utf8');
    };
    const index = EventIndex.fromCache(h.nKeys, keys, peek, { key: keyCol, verb, cause, time, timeAt: timeOne }, { kinds: h.kinds, keyKind, kindStart, kindSeqs });
    // Where each kind's snapshots start (in snapshots, and in int32 entries after the orders).
    const firstCp = new Int32Array(nk + 1);
    const firstEntry = new Float64Array(nk + 1);
    for (let k = 0, cp = 0; k < nk; k++) {
      let entries = 0;
      for (let i = 0; i < (h.cps[k] as number); i++, cp++) entries += cpLen[cp] as number;
      firstCp[k + 1] = cp;
      firstEntry[k + 1] = (firstEntry[k] as number) + 2 * entries;
    }
    // A kind's snapshots, each read when a query first folds from it: the Pods of the
    // 100,000-pod recording have 17 snapshots, ~1.2 M entries (9.6 MB), and one query
    // needs one of them (~100,000 entries).
    const list = (k: number): Checkpoint[] | undefined => {
      if (k < 0 || k >= nk) return undefined;
      const out: Checkpoint[] = [];
      let entry = firstEntry[k] as number;
      for (let cp = firstCp[k] as number; cp < (firstCp[k + 1] as number); cp++) {
        const len = cpLen[cp] as number;
        const from = lazyAt + 4 * h.nKeys + 4 * entry;
        let both: Int32Array | undefined;
        const read = (): Int32Array => (both ??= new Int32Array(readAt(fd, from, 8 * len).buffer as ArrayBuffer, 0, 2 * len));
        out.push({
          pos: cpPos[cp] as number,
          get keys() {
            return read().subarray(0, len);
          },
          get seqs() {
            return read().subarray(len, 2 * len);
          },
        });
        entry += 2 * len;
      }
      return out;
    };
    const order = (k: number): Int32Array | undefined => {
      if (k < 0 || k >= nk) return undefined;
      const len = (orderStart[k + 1] as number) - (orderStart[k] as number);
      return new Int32Array(readAt(fd, lazyAt + 4 * (orderStart[k] as number), 4 * len).buffer, 0, len);
    };
    closing.register(index, fd);
    kept = true;
    return { index, checkpoints: { list, order } };
  } catch {
    return undefined; // not ours: build it again
  } finally {
    if (!kept) fs.closeSync(fd);
  }
}

function bytes(a: Int32Array | Float64Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
