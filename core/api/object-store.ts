import type { KObject } from './types.js';

/** One stored object: frozen, with its JSON (written once per write) and its last write's seq. */
export interface Stored {
  obj: Readonly<KObject>;
  json: string;
  seq: number;
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
