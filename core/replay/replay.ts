import type { KObject } from '../api/types.js';
import type { Recording } from '../record/recording.js';
import type { EventRow } from '../record/schema.js';
import { Checkpoints, type CheckpointParts } from './checkpoints.js';
import { jsonTextNestsDeeperThan } from '../api/depth.js';
import { MAX_VIEW_DEPTH, parseRecorded, recordedText } from './deep-json.js';
import { diffObjects, type Change } from './diff.js';
import { EventIndex } from './event-index.js';
import { INDEX_CACHE_FROM, openIndexWithCheckpoints } from './index-cache.js';
import { SummaryCache } from './summary-cache.js';
import { DAMAGED, NOT_BYTES, TAKEN, type TakeLine } from './take-line.js';
import { objectHistory, previousVersionSeq, type Version } from './history.js';
import { ParsedVersions } from './parsed-versions.js';
import { StateView, type ViewSource } from './state-view.js';

export type { Version } from './history.js';
export type { StateView, ViewKey } from './state-view.js';

/**
 * The parsed-version cache's size in characters of JSON (one byte each for ASCII): 16 M
 * holds 6,400 Node versions of 2.5 kB, or 3,300 Pods of 5 kB, per open recording.
 */
const PARSED_CACHE_CHARS = 16 * 1024 * 1024;

/**
 * A state of at most this many objects is kept in the parsed-version cache (frozen); a
 * bigger one is parsed for the caller alone, as before. 2,048 objects of up to ~4 kB fill
 * half the cache: the 1,000 Nodes of the 100,000-pod recording are kept, its 100,000 Pods
 * (500 MB of JSON) are not: they would only evict each other, and freezing them would add
 * ~23 us to the ~30 us parse of each.
 */
const KEEP_OBJECTS = 2048;

/** Rows read by one statement (their seqs as one JSON array bound to it). */
const ROWS_PER_READ = 4096;

/** The rows of the seqs in a JSON array, each found by its rowid (never a scan of the table's objects). */
export const ROWS_BY_SEQS_SQL = 'SELECT seq, object FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq';

/** summaryBytes sorts rows by seq as seq * ROWS + row: rows of one query stay below it. */
const ROWS = 2 ** 24;

export interface StateQuery {
  kinds?: readonly string[];
  namespace?: string | null;
}

/** A live object: its key (index.keys[keyId], "Kind\0namespace\0name") and the seq of its version. */
export interface LiveObject {
  keyId: number;
  seq: number;
}

/**
 * How a caller shortens objects it only prints (core/printers/row-summary.ts): to a line
 * of text, read back by `parse` (undefined: not a line of this summariser's, made again
 * from the row). `id` names the way: a cache written another way is never read.
 */
export interface Summarizer<T> {
  id: string;
  summarize: (o: KObject) => string;
  parse: (line: string) => T | undefined;
}

export { DAMAGED, NOT_BYTES, TAKEN, type TakeLine };

export interface CausalChain {
  /** The event's causes, the outermost (the outside action) first. */
  ancestors: EventRow[];
  event: EventRow;
  /** Writes made because of this event. */
  effects: EventRow[];
}

/**
 * Replays a recording: the cluster at any seq or time, an object's versions and diffs,
 * and the causal chain of any write. Built once per open (one pass over the event
 * metadata); every query after that reads only the object rows it returns.
 */
export class Replay {
  private readonly objectStmt;
  private readonly objectsStmt;
  private built: Checkpoints | undefined;
  /**
   * Recently parsed versions, frozen (parsed-versions.ts). On the KWOK recording the 200
   * Nodes have 401 versions in 396,141 events, so a viewer asking for Nodes at seq after
   * seq reads and parses each version once. Objects from stateAt, namedAt and objectAt
   * are read-only: a kept one is shared by every caller (frozen, so a change throws).
   */
  private readonly parsed = new ParsedVersions(PARSED_CACHE_CHARS);

  /**
   * Each version's answer to "does its text nest deeper than MAX_VIEW_DEPTH?" (0: not asked
   * yet, 1: no, 2: yes), by seq. The answer is a scan of the text (core/api/depth.ts): a
   * 4.6 kB Pod has ~121 `{`, past the cheap bracket count, so ~6 us of a Pod's ~25 us read
   * and parse. A row never changes, so each is scanned once per open Replay: a server's
   * second state of 100,000 Pods, or a page read again, skips them. One byte an event:
   * 1.3 MB at 100,000 pods (1,300,621 events).
   */
  private depthKnown: Uint8Array | undefined;

  private deep(seq: number, json: string): boolean {
    const known = (this.depthKnown ??= new Uint8Array(this.index.length + 1));
    const k = seq < known.length ? (known[seq] as number) : 0;
    if (k !== 0) return k === 2;
    const deep = jsonTextNestsDeeperThan(json, MAX_VIEW_DEPTH);
    if (seq < known.length) known[seq] = deep ? 2 : 1;
    return deep;
  }

  private constructor(
    readonly recording: Recording,
    readonly index: EventIndex,
    private readonly checkpointInterval: number | undefined,
    private readonly cacheFrom: number | undefined,
    private readonly cachedCheckpoints: CheckpointParts | undefined,
  ) {
    this.objectStmt = recording.db.prepare('SELECT object FROM events WHERE seq = ?').pluck(true);
    // Many rows by one statement, in seq order: a row a `get` call was ~10-13 us of CPU
    // (better-sqlite3's call, bind and reset), a row of one stepped statement ~5 us
    // (10,000-pod recording, 13,502 Pods of 5 kB).
    this.objectsStmt = recording.db.prepare(ROWS_BY_SEQS_SQL).raw(true);
  }

  /**
   * Indexes the recording, or reads its index from the cache folder when one was saved
   * for the same last seq and hash (index-cache.ts: a recording of `cacheFrom` events or
   * more saves one; 0 never does).
   */
  static open(recording: Recording, options: { checkpointInterval?: number; cacheFrom?: number } = {}): Replay {
    const { index, checkpoints } = openIndexWithCheckpoints(recording, options.cacheFrom);
    return new Replay(recording, index, options.checkpointInterval, options.cacheFrom, checkpoints);
  }

  /** Built on first use, one kind at a time: `why` needs only the index, state-at-seq needs these too. */
  get checkpoints(): Checkpoints {
    // The cache's checkpoints were taken at the default interval: a caller asking for another builds its own.
    return (this.built ??= new Checkpoints(this.index, this.checkpointInterval, this.checkpointInterval === undefined ? this.cachedCheckpoints : undefined));
  }

  get lastSeq(): number {
    return this.index.length;
  }

  seqAtTime(timeMs: number): number {
    return this.index.seqAtTime(timeMs);
  }

  /**
   * Which objects are live right after `seq` (0: before anything happened) and the seq of
   * each one's version, in key order (kind, namespace, name), without reading a row: what
   * a caller that draws, counts or pages needs before it reads any object (`objectAt`).
   */
  liveAt(seq: number, query: StateQuery = {}): LiveObject[] {
    const { keys, seqs } = this.liveArraysAt(seq, query);
    const out = new Array<LiveObject>(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = { keyId: keys[i] as number, seq: seqs[i] as number };
    return out;
  }

  /**
   * liveAt as two arrays, key ids and version seqs, in the same order (kind, namespace,
   * name): the live set without an object per live object. On the 100,000-pod recording
   * every kind's live set is ~430,000 objects at a random seq (most of them Events), and
   * making a `{keyId, seq}` for each was most of liveAt's time: p95 84-183 ms on main at
   * load 6-7, against 7-10 ms for these two arrays.
   */
  liveArraysAt(seq: number, query: StateQuery = {}): { keys: Int32Array; seqs: Int32Array } {
    const kindIds = query.kinds === undefined ? this.index.kinds.map((_, i) => i) : [...new Set(query.kinds)].sort().map((k) => this.index.kindId(k)).filter((k) => k >= 0);
    const at = Math.max(0, Math.min(seq, this.index.length));
    if (query.namespace !== undefined && query.namespace !== null) {
      const parts = kindIds.map((k) => this.liveOfKind(seq, k, query.namespace));
      const n = parts.reduce((sum, p) => sum + p.keys.length, 0);
      const keys = new Int32Array(n);
      const seqs = new Int32Array(n);
      let to = 0;
      for (const p of parts) {
        keys.set(p.keys, to);
        seqs.set(p.seqs, to);
        to += p.keys.length;
      }
      return { keys, seqs };
    }
    const cps = this.checkpoints;
    const room = kindIds.reduce((sum, k) => sum + cps.keysOfKind(k), 0);
    const keys = new Int32Array(room);
    const seqs = new Int32Array(room);
    let n = 0;
    for (const k of kindIds) n = cps.liveInto(k, at, keys, seqs, n);
    return { keys: keys.subarray(0, n), seqs: seqs.subarray(0, n) };
  }

  /**
   * liveAt of one kind as two arrays (key ids, version seqs), in key order: what a caller
   * that prints 100,000 Pods from their summaries needs (summaryBytes), without an object
   * a Pod. An empty pair for a kind the recording never wrote.
   */
  liveKindAt(seq: number, kind: string, namespace?: string | null): { keys: Int32Array; seqs: Int32Array } {
    const kindId = this.index.kindId(kind);
    return kindId < 0 ? { keys: new Int32Array(0), seqs: new Int32Array(0) } : this.liveOfKind(seq, kindId, namespace);
  }

  private liveOfKind(seq: number, kindId: number, namespace: string | null | undefined): { keys: Int32Array; seqs: Int32Array } {
    const live = this.checkpoints.liveArrays(kindId, Math.max(0, Math.min(seq, this.index.length)));
    if (namespace === undefined || namespace === null) return live;
    // The live keys are in key order, so one namespace's are a run of them: the keys from
    // "Kind\0ns\0" up to "Kind\0ns\x01", found by two binary searches (~34 keys read
    // from the cache file, not the 100,000 Pods' keys and the ~50 MB they sit in).
    const kind = this.index.kinds[kindId] as string;
    const lo = this.firstAtLeast(live.keys, `${kind}\0${namespace}\0`);
    const hi = this.firstAtLeast(live.keys, `${kind}\0${namespace}\u0001`);
    return { keys: live.keys.subarray(lo, hi), seqs: live.seqs.subarray(lo, hi) };
  }

  /** The first position of the key-ordered `keys` whose key is >= `key` (keys.length if none). */
  private firstAtLeast(keys: Int32Array, key: string): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.index.keyPeek(keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Every object live right after `seq` (0: before anything happened), in key order, each
   * read and parsed; read-only whatever its size: a state of up to KEEP_OBJECTS objects is
   * frozen and shared with later queries (a change throws), a larger one is not frozen
   * (freezing 100,000 Pods would cost what parsing them does) but is no caller's to change
   * either, so code that works on a small recording works on a large one. Rows are read in seq order, not key order: a recording's rows sit
   * in seq order in the file, so 1,000 Pods' versions come off ascending pages instead of
   * 1,000 jumps back and forth through a 4 GB file. Reading and parsing what is not kept is
   * the whole cost (the 100,000-pod recording: ~68 us of wall a Pod at load 6, ~35 us of
   * it the parse and its garbage; against ~15 ms for the live set of ~97,000 Pods): a caller
   * that needs one object, or only names and counts, should use `namedAt` or `liveAt`.
   */
  stateAt(seq: number, query: StateQuery = {}): KObject[] {
    return this.read(this.liveArraysAt(seq, query).seqs);
  }

  /**
   * stateAt's state with no row read: which objects are live right after `seq` and which
   * version of each, in stateAt's order, each object read (and parsed) only when asked for
   * (state-view.ts). At 100,000 Pods the view is the Pods' live set, ~1-6 ms, where stateAt
   * parses ~92,000 Pods (2.5 s of CPU); reading every object through it is that parse again.
   */
  viewAt(seq: number, query: StateQuery = {}): StateView {
    const { keys, seqs } = this.liveArraysAt(seq, query);
    return new StateView(this.viewSource, Math.max(0, Math.min(seq, this.index.length)), keys, seqs);
  }

  private readonly viewSource: ViewSource = {
    keyOf: (keyId, peek) => (peek ? this.index.keyPeek(keyId) : this.index.keyAt(keyId)),
    object: (versionSeq) => {
      const o = this.version(versionSeq);
      if (o === undefined) throw new Error(`replay: no row for seq ${versionSeq}`);
      return o;
    },
    objects: (versionSeqs) => this.read(versionSeqs),
    texts: (versionSeqs) => this.textsOf(versionSeqs),
    each: (versionSeqs, each) => this.parseEach(versionSeqs, each),
  };

  /**
   * Each version of `seqs` parsed and handed to `each` with its position, in seq order, none
   * kept (neither in the parsed-version cache nor here): for a caller that keeps few of them.
   * A seq with no row is an error, as in read().
   */
  private parseEach(seqs: ArrayLike<number>, each: (i: number, o: KObject) => void): void {
    let n = 0;
    this.readRows(seqs, (i, json) => {
      n++;
      each(i, parseRecorded<KObject>(json, MAX_VIEW_DEPTH, this.deep(seqs[i] as number, json)));
    });
    if (n !== seqs.length) throw new Error(`replay: ${seqs.length - n} of ${seqs.length} versions have no row`);
  }

  /**
   * The recorded JSON texts of versions `seqs`, in that order, not parsed: for a caller whose
   * output is the JSON itself (the viewer's state route), which would otherwise parse 500 MB
   * of Pods to stringify them again. Each text is the row's object as recorded, which for
   * every row kubelapse writes is JSON.stringify of the object stateAt parses from it
   * (object-store.ts: the row is that text), so the same bytes; a row nested deeper than
   * MAX_VIEW_DEPTH is parsed, capped and stringified (deep-json.ts recordedText), as
   * stateAt's object would be. Rows are read in seq order, ROWS_PER_READ a statement.
   */
  textsOf(seqs: ArrayLike<number>): string[] {
    const out = new Array<string>(seqs.length);
    this.readRows(seqs, (i, json) => (out[i] = recordedText(json, MAX_VIEW_DEPTH, this.deep(seqs[i] as number, json))));
    for (let i = 0; i < out.length; i++) if (out[i] === undefined) throw new Error(`replay: no row for seq ${seqs[i] as number}`);
    return out;
  }

  /**
   * `stateAt(seq, {kinds: [kind], namespace})`, each object as `summarizer` makes it into a
   * line of text (a table row: core/printers/row-summary.ts) and reads it back. On a
   * recording long enough to cache its index (cacheFrom), the lines are kept in the cache
   * folder (summary-cache.ts) by version seq, so a version's row is read and parsed once,
   * not at every `get`: on the 20,000-pod KWOK recording a cached `get pods -A` parsed
   * 20,202 Pods of 3.8 kB (2.6 s of CPU, GC included), and now reads 20,202 lines of ~150
   * bytes. A line that does not read back (a damaged file) is made again from the row. A
   * shorter recording reads its rows each time, as stateAt does (a few hundred rows:
   * faster than a file).
   */
  summariesAt<T>(seq: number, kind: string, namespace: string | null | undefined, summarizer: Summarizer<T>): T[] {
    const live = this.liveAt(seq, { kinds: [kind], namespace });
    const from = this.cacheFrom ?? INDEX_CACHE_FROM;
    const head = this.recording.head();
    const fresh = (o: KObject): T => summarizer.parse(summarizer.summarize(o)) as T;
    if (from <= 0 || head === undefined || head.seq < from) return this.read(live.map((l) => l.seq)).map(fresh);
    const cache = SummaryCache.open(this.recording.path, kind, summarizer.id, head.seq, head.hash);
    const out = new Array<T>(live.length);
    const missing: number[] = [];
    for (let i = 0; i < live.length; i++) {
      const line = cache.get((live[i] as LiveObject).seq);
      const summary = line === undefined ? undefined : summarizer.parse(line);
      if (summary === undefined) missing.push(i);
      else out[i] = summary;
    }
    if (missing.length > 0) {
      const lines = this.summarizeEach(
        missing.map((i) => (live[i] as LiveObject).seq),
        summarizer.summarize,
      );
      missing.forEach((i, j) => {
        const line = lines[j] as string;
        out[i] = summarizer.parse(line) as T;
        cache.set((live[i] as LiveObject).seq, line);
      });
      cache.save();
    }
    return out;
  }

  /**
   * The summary lines of the versions `seqs` (liveKindAt's), handed to `take` as bytes
   * in their order, row i for seqs[i]: from the summary cache's buffer as they sit there
   * (no string a line), the others made from their rows (and kept, as summariesAt does).
   * `take` answers TAKEN, DAMAGED (that line is made again from its row) or NOT_BYTES (a
   * line it cannot print from bytes, e.g. not ASCII): then this returns false and the
   * caller prints from summariesAt's strings instead. The same lines either way.
   */
  summaryBytes(seqs: Int32Array, kind: string, summarizer: Pick<Summarizer<unknown>, 'id' | 'summarize'>, take: TakeLine): boolean {
    const from = this.cacheFrom ?? INDEX_CACHE_FROM;
    const head = this.recording.head();
    const cache = from <= 0 || head === undefined || head.seq < from ? undefined : SummaryCache.open(this.recording.path, kind, summarizer.id, head.seq, head.hash);
    const missing: number[] = [];
    if (seqs.length >= ROWS) return false;
    if (cache !== undefined) {
      // In seq order, the order of the file's entries: one walk through both instead of a
      // binary search a row, and the lines read front to back instead of hopping through
      // 17 MB in name order (100,000 Pods: their names are hashes, so key order is random).
      const order = new Float64Array(seqs.length);
      for (let i = 0; i < seqs.length; i++) order[i] = (seqs[i] as number) * ROWS + i; // seq, then row: exact below 2^53
      order.sort();
      const bytes = cache.bytes;
      const ascii = cache.ascii;
      const entries = cache.count;
      let at = 0;
      for (let k = 0; k < order.length; k++) {
        const i = (order[k] as number) % ROWS;
        const seq = seqs[i] as number;
        while (at < entries && cache.seqAt(at) < seq) at++;
        const taken = at < entries && cache.seqAt(at) === seq ? take(i, bytes, cache.startOf(at), cache.endOf(at), ascii) : DAMAGED;
        if (taken === NOT_BYTES) return false;
        if (taken === DAMAGED) missing.push(i);
      }
      missing.sort((a, b) => a - b);
    } else for (let i = 0; i < seqs.length; i++) missing.push(i);
    if (missing.length === 0) return true;
    const lines = this.summarizeEach(
      missing.map((i) => seqs[i] as number),
      summarizer.summarize,
    );
    if (cache !== undefined) {
      lines.forEach((line, j) => cache.set(seqs[missing[j] as number] as number, line));
      cache.save();
    }
    const made = Buffer.from(lines.join(''), 'utf8');
    let at = 0;
    for (let j = 0; j < lines.length; j++) {
      const end = at + Buffer.byteLength(lines[j] as string, 'utf8');
      if (take(missing[j] as number, made, at, end, false) !== TAKEN) return false; // a line just made is never damaged: not printable from bytes
      at = end;
    }
    return true;
  }

  /**
   * The summary of each version, in the order given, its row read, parsed and summarised
   * one at a time in seq order, the object dropped before the next is read: the first
   * `get pods -A` of the 100,000-pod recording held 100,000 parsed Pods at once before
   * (RSS ~1.4 GB). Rows already in the row cache are taken from it; the rest are not put
   * in it (100,000 parsed Pods through a 16 M-character cache only evict each other).
   */
  private summarizeEach(versionSeqs: readonly number[], summarize: (o: KObject) => string): string[] {
    const out = new Array<string>(versionSeqs.length);
    const missing: number[] = [];
    versionSeqs.forEach((seq, i) => {
      const kept = this.parsed.peek(seq);
      if (kept === undefined) missing.push(i);
      else out[i] = summarize(kept);
    });
    this.readRows(
      missing.map((i) => versionSeqs[i] as number),
      (j, json) => {
        const seq = versionSeqs[missing[j] as number] as number;
        out[missing[j] as number] = summarize(parseRecorded<KObject>(json, MAX_VIEW_DEPTH, this.deep(seq, json)));
      },
    );
    return out;
  }

  /**
   * The objects of `live`, in its order (see stateAt): the versions kept in the
   * parsed-version cache from it, the others read in seq order, parsed, and kept when
   * the state is small enough to be asked for again (KEEP_OBJECTS).
   */
  private read(versionSeqs: ArrayLike<number>): KObject[] {
    const out = new Array<KObject>(versionSeqs.length);
    const keep = versionSeqs.length <= KEEP_OBJECTS;
    const missing: number[] = [];
    for (let i = 0; i < versionSeqs.length; i++) {
      const kept = keep ? this.parsed.get(versionSeqs[i] as number) : undefined;
      if (kept === undefined) missing.push(i);
      else out[i] = kept;
    }
    this.readRows(
      missing.map((i) => versionSeqs[i] as number),
      (j, json) => {
        const i = missing[j] as number;
        const o = parseRecorded<KObject>(json, MAX_VIEW_DEPTH, this.deep(versionSeqs[i] as number, json));
        out[i] = keep ? this.parsed.keep(versionSeqs[i] as number, o, json.length) : o;
      },
    );
    // A live version always has its row (the index was built from the rows); a hole here
    // would be a damaged index cache, and an answer with `undefined` in it is worse than none.
    for (const i of missing) if (out[i] === undefined) throw new Error(`replay: no row for seq ${versionSeqs[i] as number}`);
    return out;
  }

  /**
   * Reads the rows of `seqs` (distinct version seqs, any order) in seq order, the order
   * they sit in the file (1,000 Pods' versions come off ascending pages instead of 1,000
   * jumps back and forth through a 4 GB file), ROWS_PER_READ a statement, and hands each
   * to `each` with its position in `seqs` (each position once, a seq given twice too). A
   * seq with no row is skipped: callers that must have every row check (read()).
   */
  private readRows(seqs: ArrayLike<number>, each: (i: number, json: string) => void): void {
    if (seqs.length === 0) return;
    if (seqs.length === 1) {
      const json = this.objectStmt.get(seqs[0]) as string | undefined;
      if (json !== undefined) each(0, json);
      return;
    }
    const order = Int32Array.from({ length: seqs.length }, (_, i) => i).sort((a, b) => (seqs[a] as number) - (seqs[b] as number));
    for (let from = 0; from < order.length; from += ROWS_PER_READ) {
      const part = order.subarray(from, Math.min(order.length, from + ROWS_PER_READ));
      const wanted = Array.from(part, (i) => seqs[i] as number);
      let at = 0;
      for (const row of this.objectsStmt.iterate(JSON.stringify(wanted))) {
        const [seq, json] = row as [number, string];
        while (at < wanted.length && (wanted[at] as number) < seq) at++; // a seq without a row (past the end) is passed over
        // The same seq asked for twice (two positions): each is handed the row.
        while (wanted[at] === seq) each(part[at++] as number, json);
      }
    }
  }

  /** The version written at `seq`, parsed and kept (frozen), or undefined when there is none. */
  private version(seq: number): KObject | undefined {
    const kept = this.parsed.get(seq);
    if (kept !== undefined) return kept;
    const json = this.objectStmt.get(seq) as string | undefined;
    return json === undefined ? undefined : this.parsed.keep(seq, parseRecorded<KObject>(json, MAX_VIEW_DEPTH, this.deep(seq, json)), json.length);
  }

  /**
   * The objects named `name` among those `stateAt(seq, query)` would return (one, or one
   * per namespace when the query names none), read and parsed alone: `kubelapse describe
   * pod x` on a recording of 100,000 pods parses one Pod, not every Pod of the namespace.
   */
  namedAt(seq: number, query: StateQuery, name: string): KObject[] {
    const suffix = `\0${name}`; // a key is "Kind\0namespace\0name", and no name holds a NUL
    if (query.namespace === undefined || query.namespace === null) {
      return this.liveAt(seq, query)
        .filter((o) => this.index.keyAt(o.keyId).endsWith(suffix))
        .map((o) => this.version(o.seq) as KObject);
    }
    // In one namespace the name is one key: found by a binary search of the key-ordered live set.
    const out: KObject[] = [];
    const kinds = query.kinds === undefined ? this.index.kinds : [...new Set(query.kinds)].sort();
    for (const kind of kinds) {
      const live = this.liveKindAt(seq, kind, query.namespace);
      const key = `${kind}\0${query.namespace}${suffix}`;
      const at = this.firstAtLeast(live.keys, key);
      if (at < live.keys.length && this.index.keyPeek(live.keys[at] as number) === key) out.push(this.version(live.seqs[at] as number) as KObject);
    }
    return out;
  }

  event(seq: number): EventRow | undefined {
    return this.recording.event(seq);
  }

  /** Every recorded version of one object (all its lives, if the name was reused), oldest first. */
  history(kind: string, namespace: string | null, name: string): Version[] {
    return objectHistory(this.recording, kind, namespace, name);
  }

  /** The version of the same object written before `seq`, if any. */
  previousVersionSeq(seq: number): number | undefined {
    return previousVersionSeq(this.recording, seq);
  }

  /** Field changes from version `fromSeq` to version `toSeq` (or from nothing, for a create). */
  diff(fromSeq: number | undefined, toSeq: number): Change[] {
    const after = this.objectAt(toSeq);
    const before = fromSeq === undefined ? undefined : this.objectAt(fromSeq);
    return diffObjects(before, after);
  }

  /** The version written at `seq` (read-only: frozen, and shared with later callers), or undefined. */
  objectAt(seq: number): KObject | undefined {
    return this.version(seq);
  }

  /** Ancestors through cause_seq up to the outside action, and the direct effects. */
  causalChain(seq: number, maxDepth = 1000): CausalChain | undefined {
    const event = this.recording.event(seq);
    if (event === undefined) return undefined;
    const ancestors: EventRow[] = [];
    const seen = new Set<number>([seq]);
    let cause = event.causeSeq;
    while (cause !== null && ancestors.length < maxDepth && !seen.has(cause)) {
      seen.add(cause);
      const e = this.recording.event(cause);
      if (e === undefined) break;
      ancestors.unshift(e);
      cause = e.causeSeq;
    }
    const effects = this.index.effectsOf(seq).map((s) => this.recording.event(s)).filter((e): e is EventRow => e !== undefined);
    return { ancestors, event, effects };
  }
}
