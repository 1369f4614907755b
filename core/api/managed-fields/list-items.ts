import { goJson, keyPe, peString, valuePe } from './path-element.js';
import type { ListNode } from './schema.js';

/** A value that does not fit the schema: upstream's field manager fails on it the same way. */
export class SchemaMismatch extends Error {
  override name = 'SchemaMismatch';
}

/**
 * The path element of an item of an associative list (SMD's listItemToPathElement):
 * its key fields for a map-list, with the schema's default for a key it omits (a
 * container port without protocol is keyed protocol "TCP"); the value itself for a set.
 */
export function listItemPe(list: ListNode, item: unknown, path: readonly string[], index: number): string {
  const at = (): string => where(path);
  if (list.keys.length > 0) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new SchemaMismatch(`${at()}: element ${index}: associative list with keys may not have ${item === null ? 'a null element' : 'non-map elements'}`);
    }
    if (list.keys.length === 1) {
      // The common case (name, type, uid): one key, already in order.
      const k = list.keys[0] as string;
      const v = (item as Record<string, unknown>)[k] ?? list.keyDefaults[k];
      if (v === undefined) throw new SchemaMismatch(`${at()}: element ${index}: associative list with keys has an element that omits key field "${k}" (and doesn't have default value)`);
      return singleKeyPe(k, v);
    }
    const key: Record<string, unknown> = {};
    for (const k of list.keys) {
      const v = (item as Record<string, unknown>)[k];
      if (v !== undefined) key[k] = v;
      else if (list.keyDefaults[k] !== undefined) key[k] = list.keyDefaults[k];
      else throw new SchemaMismatch(`${at()}: element ${index}: associative list with keys has an element that omits key field "${k}" (and doesn't have default value)`);
    }
    return keyPe(key);
  }
  if (item !== null && typeof item === 'object') {
    throw new SchemaMismatch(`${at()}: element ${index}: associative list without keys has an element that's a ${Array.isArray(item) ? 'list' : 'map'} type`);
  }
  if (item === null) throw new SchemaMismatch(`${at()}: element ${index}: associative list without keys has an element that's an explicit null`);
  return valuePe(item);
}

/*
 * The element of a one-key item, made once per key name and value: every comparison
 * makes one for each item of both sides' lists (a pod's conditions, containers, their
 * ports and statuses: ~20 a pod write), and `k:{"type":"Ready"}` made with two JSON
 * texts each time was 0.75 kB of every write's garbage (listItemPe, 10,000-pod run).
 * The names and values repeat (condition types, container names); a pod's own IP does
 * not, and only fills the table. Bounded as the other tables: cleared when full.
 */
const KEY_LIMIT = 4096;
const keyPes = new Map<string, Map<unknown, string>>();
let keyPeCount = 0;

function singleKeyPe(k: string, v: unknown): string {
  // Only scalars are kept: an object or array value (never a key upstream) has no identity to key on.
  if (v !== null && typeof v === 'object') return `k:{${JSON.stringify(k)}:${goJson(v)}}`;
  let byValue = keyPes.get(k);
  let pe = byValue?.get(v);
  if (pe !== undefined) return pe;
  if (keyPeCount >= KEY_LIMIT) {
    keyPes.clear();
    keyPeCount = 0;
    byValue = undefined;
  }
  if (byValue === undefined) keyPes.set(k, (byValue = new Map()));
  pe = `k:{${JSON.stringify(k)}:${goJson(v)}}`;
  byValue.set(v, pe);
  keyPeCount++;
  return pe;
}

/** A path as error messages print it: `.spec.template.spec.containers`. */
export function where(path: readonly string[]): string {
  return path.map(peString).join('');
}
