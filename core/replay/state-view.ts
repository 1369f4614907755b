import type { KObject } from '../api/types.js';

/** What a view reads through (Replay's index and rows), so this file imports no Replay. */
export interface ViewSource {
  /** The key of a key id, "Kind\0namespace\0name"; `peek`: a few keys, without reading every key first. */
  keyOf: (keyId: number, peek: boolean) => string;
  /** One version, parsed and kept (frozen) in the parsed-version cache. */
  object: (versionSeq: number) => KObject;
  /** Versions in the order given, read in seq order, parsed (kept when few: Replay's KEEP_OBJECTS). */
  objects: (versionSeqs: Int32Array) => KObject[];
  /** Calls `each(i, object)` for versionSeqs[i], in seq order, each parsed and not kept (Replay.parseEach). */
  each: (versionSeqs: Int32Array, each: (i: number, o: KObject) => void) => void;
  /** Versions' recorded JSON texts in the order given, no parse (Replay.textsOf). */
  texts: (versionSeqs: Int32Array) => string[];
}

export interface ViewKey {
  kind: string;
  namespace: string | null;
  name: string;
}

/**
 * One seq's state of a query (Replay.viewAt) as which objects are live and which version of
 * each, in stateAt's order (kind, namespace, name), with every object read only when asked
 * for. `stateAt` reads and parses them all: at 100,000 Pods that is ~92,000 Pods, ~500 MB of
 * JSON, 2.5 s of CPU and 6-29 s of wall a call (docs/performance.md, round 6), while the
 * live set under it is two Int32Arrays made in ~1-6 ms. A caller that counts, lists
 * names, pages or filters by name or namespace reads only the rows it shows; one that
 * needs every object still parses every object (`objects()`: stateAt's cost, said so).
 *
 * A view is a snapshot of arrays: it stays valid while its Replay is open, whatever is asked
 * of the Replay meanwhile. Objects are read-only, as stateAt's are.
 */
export class StateView {
  constructor(
    private readonly source: ViewSource,
    /** The seq the state is taken right after. */
    readonly seq: number,
    private readonly keyIds: Int32Array,
    private readonly versionSeqs: Int32Array,
  ) {}

  /** How many objects are live: no row read. */
  get length(): number {
    return this.keyIds.length;
  }

  /** The i-th object's kind, namespace (null: cluster-scoped) and name, from the index: no row read. */
  key(i: number): ViewKey {
    return viewKeyOf(this.source.keyOf(this.keyIdAt(i), true));
  }

  /**
   * The keys of objects from..to, from the index (no row read). `key(i)` reads a key at a time
   * from the index cache when no key is read yet (a few keys); this reads them all at once
   * first (~50 MB at 100,000 Pods, once per Replay), for a caller that lists many.
   */
  keys(from = 0, to = this.length): ViewKey[] {
    const [a, b] = this.bounds(from, to);
    const out = new Array<ViewKey>(b - a);
    for (let i = a; i < b; i++) out[i - a] = viewKeyOf(this.source.keyOf(this.keyIds[i] as number, false));
    return out;
  }

  /** The i-th object's name (metadata.name), from the index: no row read. */
  name(i: number): string {
    const key = this.source.keyOf(this.keyIdAt(i), true);
    return key.slice(key.lastIndexOf('\0') + 1); // a name holds no NUL
  }

  /** The seq that wrote the i-th object's version (its row's seq). */
  versionSeq(i: number): number {
    this.check(i);
    return this.versionSeqs[i] as number;
  }

  /** The i-th object, read and parsed on first access, then kept (frozen) like namedAt's. */
  object(i: number): KObject {
    return this.source.object(this.versionSeq(i));
  }

  /**
   * Objects from..to (stateAt's from..to), their rows read by one statement in seq order:
   * a page. Every object (`objects()`) is stateAt's whole cost: the parse is not avoided,
   * only not paid for what is not read.
   */
  objects(from = 0, to = this.length): KObject[] {
    return this.source.objects(this.range(from, to));
  }

  /**
   * The recorded JSON texts of objects from..to, no parse: each is the text of the object
   * `objects()` returns (the same bytes JSON.stringify makes of it for rows kubelapse
   * recorded; see Replay.textsOf). For a caller whose output is JSON (the viewer's state route).
   */
  texts(from = 0, to = this.length): string[] {
    return this.source.texts(this.range(from, to));
  }

  /**
   * The objects that pass `test` (a label selector, a field), in stateAt's order. Every object
   * is read and parsed to be tested, but only those that pass stay alive: the GC's part of a
   * big state's parse is copying the objects that survive (all of them, for stateAt), so at
   * 100,000 Pods a selector that matches 1,000 pays the parse and little of the GC.
   */
  where(test: (o: KObject) => boolean): KObject[] {
    const found: Array<{ i: number; o: KObject }> = [];
    this.source.each(this.versionSeqs, (i, o) => {
      if (test(o)) found.push({ i, o });
    });
    return found.sort((a, b) => a.i - b.i).map((f) => f.o);
  }

  /** The objects from..to as a view of their own (a page): no copy, no row read. */
  slice(from = 0, to = this.length): StateView {
    const [a, b] = this.bounds(from, to);
    return new StateView(this.source, this.seq, this.keyIds.subarray(a, b), this.versionSeqs.subarray(a, b));
  }

  /**
   * The objects whose key passes `test`, as a view (no row read): a filter by name or
   * namespace. Labels and fields are in the objects, not the keys: a filter on them reads
   * (and parses) every object it tests.
   */
  filter(test: (key: ViewKey) => boolean): StateView {
    const keep: number[] = [];
    for (let i = 0; i < this.length; i++) if (test(viewKeyOf(this.source.keyOf(this.keyIds[i] as number, false)))) keep.push(i);
    return this.picked(keep);
  }

  /**
   * The objects named `name` (one a namespace and kind), as a view, no row read: filter's
   * answer without splitting every key (a key ends with "\0" + its name; no name holds a
   * NUL). 100,000 Pods: ~5 ms against ~20-50 ms.
   */
  named(name: string): StateView {
    const suffix = `\0${name}`;
    const keep: number[] = [];
    for (let i = 0; i < this.length; i++) if (this.source.keyOf(this.keyIds[i] as number, false).endsWith(suffix)) keep.push(i);
    return this.picked(keep);
  }

  /** The objects at positions `keep` (ascending), as a view of their own. */
  private picked(keep: readonly number[]): StateView {
    return new StateView(
      this.source,
      this.seq,
      Int32Array.from(keep, (i) => this.keyIds[i] as number),
      Int32Array.from(keep, (i) => this.versionSeqs[i] as number),
    );
  }

  private keyIdAt(i: number): number {
    this.check(i);
    return this.keyIds[i] as number;
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`state view: no object ${i} (${this.length} live)`);
  }

  private bounds(from: number, to: number): [number, number] {
    const a = Math.max(0, Math.min(this.length, Math.trunc(from)));
    return [a, Math.max(a, Math.min(this.length, Math.trunc(to)))];
  }

  private range(from: number, to: number): Int32Array {
    const [a, b] = this.bounds(from, to);
    return this.versionSeqs.subarray(a, b);
  }
}

/** An index key "Kind\0namespace\0name" as its parts ('' namespace: cluster-scoped, null). */
function viewKeyOf(key: string): ViewKey {
  const [kind = '', ns = '', name = ''] = key.split('\0');
  return { kind, namespace: ns === '' ? null : ns, name };
}
