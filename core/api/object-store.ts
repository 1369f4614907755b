import type { KObject } from './types.js';

/** One stored object: frozen, with its JSON and its last write's seq. */
export interface Stored {
  readonly obj: Readonly<KObject>;
  /** The object as JSON, the bytes the write recorded (JSON.stringify of a frozen object never changes). */
  readonly json: string;
  readonly seq: number;
}

/**
 * A stored object whose JSON is made when first asked for, then kept. The write's JSON
 * goes to the recording and is dropped: only the REST layer reads it back (GET, LIST),
 * and a simulation without `live` never does. At 100,000 pods that is the store's
 * largest part: a pod's JSON is ~4.8 kB and its ~6 Events' ~1.1 kB each, ~11.5 kB of
 * text per pod held beside the objects themselves (docs/performance.md).
 */
export class StoredObject implements Stored {
  private text: string | undefined;

  constructor(
    readonly obj: Readonly<KObject>,
    readonly seq: number,
  ) {}

  get json(): string {
    return (this.text ??= JSON.stringify(this.obj));
  }
}

export function objectKey(namespace: string | null | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The objects of every kind, keyed like etcd (namespace/name). Lists come back in key
 * order, as a real API server returns them and kubectl prints them.
 */
export class ObjectStore {
  private readonly kinds = new Map<string, Map<string, Stored>>();

  private bucket(kind: string): Map<string, Stored> {
    let m = this.kinds.get(kind);
    if (m === undefined) {
      m = new Map();
      this.kinds.set(kind, m);
    }
    return m;
  }

  get(kind: string, key: string): Stored | undefined {
    return this.kinds.get(kind)?.get(key);
  }

  set(kind: string, key: string, stored: Stored): void {
    this.bucket(kind).set(key, stored);
  }

  delete(kind: string, key: string): void {
    this.kinds.get(kind)?.delete(key);
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.size ?? 0;
  }

  /** Objects of a kind, optionally in one namespace, sorted by key. */
  list(kind: string, namespace?: string | null): Stored[] {
    const m = this.kinds.get(kind);
    if (m === undefined) return [];
    const out: Array<[string, Stored]> = [];
    const prefix = namespace ? `${namespace}/` : undefined;
    for (const entry of m) {
      if (prefix === undefined || entry[0].startsWith(prefix)) out.push(entry);
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return out.map((e) => e[1]);
  }
}

export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
