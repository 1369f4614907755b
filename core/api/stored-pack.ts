import type { KObject } from './types.js';

/**
 * A stored object kept as one flat list of its own values, with the names of its members
 * (and the values that repeat across objects: its kind, apiVersion, namespace, reason...)
 * in a shared layout, rebuilt into an equal frozen object when read.
 *
 * Why: the Events are the store's biggest part and almost never read back. At 10,000 pods
 * on main (2e20b32), after the scale-up, 64,135 stored Events took 42.8 MB of the 146 MB
 * JS heap, 667 bytes each: the object (136 B), its metadata (72 B), its involvedObject (72
 * B, own in 53,033 of them), the StoredObject around it (48 B), the resourceVersion
 * strings (24 + 24 B), then the strings only it has (uid 56, message ~75, name ~33) and
 * its key. A 10,000-pod bench recording has 129,388 Event creates and 325 updates: one read
 * (the correlator's bump, a GET before a patch) per 400 writes, and none by an informer in
 * the simulation (`kubectl get events` in live mode lists them). Packed, an Event is a
 * list of 14 values (its seq, its layout, 12 of its own: 128 B, and 32 B for the array
 * around it) in place of ~370 B of objects and numbers kept as strings: measured 667 ->
 * ~445 B an Event, ~1.4 kB a pod (~6.4 Events each); at 100,000 pods the live heap after
 * the scale-up 1,168 -> 1,017 MB.
 *
 * Exactly equal when rebuilt: the same members in the same order, the same values, a
 * resourceVersion-like string given back by `String` of the number it was
 * kept as only when that prints it back unchanged; every part frozen. A part kept as a
 * value (managedFields, source, anything deeper) is the same object; the objects laid
 * out (the root, its metadata and involvedObject) are new ones. What the layout
 * cannot say (a `__proto__` member, a non-plain object, too many layouts) is not packed:
 * the store keeps the object as it is.
 */

/** What a layout says of one member's value (numbers: no enum, as elsewhere in core). */
const Slot = {
  /** The next value in the list. */
  Value: 0,
  /** The next value in the list, a number to be given back as its decimal string. */
  Digits: 1,
  /** The layout's own value (the same in every object of this layout). */
  Same: 2,
  /** A plain object, its members laid out by `inner`. */
  Object: 3,
  /**
   * Equal to a value a few places before in the list (`extra`: how far back): an Event's
   * creation, first and last times are one second's string (24 of the 470 bytes).
   */
  Repeat: 4,
} as const;
type Slot = (typeof Slot)[keyof typeof Slot];

interface Layout {
  readonly keys: readonly string[];
  readonly slots: readonly Slot[];
  /** Per member: the value for Slot.Same, the inner layout for Slot.Object. */
  readonly extra: readonly unknown[];
}

/** A packed object: [seq, layout, ...values]. */
export type Packed = unknown[];

/**
 * Members whose values repeat across objects, so they go into the layout, not the list.
 * Numbers and other strings vary per Event (names, uids, times, counts, messages, the
 * host in `source`) and stay in the list.
 */
const SAME_KEYS = new Set(['apiVersion', 'kind', 'namespace', 'type', 'reason', 'reportingComponent', 'component', 'fieldPath', 'action', 'eventTime', 'count']);

/** How far back a Slot.Repeat looks for an equal string. */
const REPEAT_WINDOW = 4;

/**
 * The members whose objects are laid out too (an Event's own metadata and involvedObject,
 * one level down; share-values.ts leaves `involvedObject` to its Event since round 11: laid
 * out here, a shared one was given up anyway). Any other object or list (managedFields, source: shared between an agent's
 * Events) is kept as a value: the same object when rebuilt, 8 bytes here.
 */
const LAID_OUT: ReadonlySet<string> = new Set(['metadata', 'involvedObject']);
const MAX_DEPTH = 1;

/**
 * The layouts, found by walking a trie of what the object shows: its member names, each
 * member's slot, and a Slot.Same member's value (each a Map key: no string is built per
 * object). Bounded: a pack that finds this many trie nodes starts a new trie (the lists
 * packed before keep their own layout objects, so nothing packed is lost; new Events
 * find their layouts again). An Event layout is ~30 nodes and the 10,000-pod run makes a
 * few hundred layouts; a live session's many namespaces and field paths fork the trie
 * early, and without the restart packing would stop for good once it was full. One walk
 * may add at most MAX_NODES more (an object with thousands of members is kept whole).
 */
const MAX_NODES = 50_000;

interface TrieNode {
  next: Map<unknown, TrieNode> | undefined;
  layout: Layout | undefined;
}

// Markers between names and values in the trie's path (never equal to a name or value).
const OPEN = Symbol('open');
const CLOSE = Symbol('close');
const VALUE = Symbol('value');
const DIGITS = Symbol('digits');
const SAME = Symbol('same');
const REPEAT = Symbol('repeat');

/** A resourceVersion-like string kept as a number: decimal digits that String() gives back. */
function isDigits(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 15) return false;
  const c0 = v.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || (c0 === 48 && v.length > 1)) return false;
  for (let i = 1; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.getPrototypeOf(v) === Object.prototype;
}

function isSamePrimitive(v: unknown): boolean {
  return v === null || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 64) || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 16 && !Object.is(v, -0));
}

/**
 * What a member's value is in the layout, for pack() and layoutOf() alike (so both decide
 * the same): its slot and the slot's extra (Same: the value; Repeat: how far back). A
 * value kept in the list is pushed onto `values`; an object to lay out is left to the caller.
 */
function classify(k: string, v: unknown, depth: number, values: unknown[]): { slot: Slot; extra: unknown } {
  if (depth < MAX_DEPTH && LAID_OUT.has(k) && isPlain(v)) return { slot: Slot.Object, extra: undefined };
  if (SAME_KEYS.has(k) && isSamePrimitive(v)) return { slot: Slot.Same, extra: v };
  if (isDigits(v)) {
    values.push(Number(v));
    return { slot: Slot.Digits, extra: undefined };
  }
  if (typeof v === 'string') {
    // values[0] and [1] are the seq and the layout.
    for (let back = 1; back <= REPEAT_WINDOW && values.length - back >= 2; back++) {
      if (values[values.length - back] === v) return { slot: Slot.Repeat, extra: back };
    }
  }
  values.push(v);
  return { slot: Slot.Value, extra: undefined };
}

/** Packs objects of one store into flat lists; one per ObjectStore (its layouts are its own). */
export class Packer {
  private readonly root: TrieNode = { next: undefined, layout: undefined };
  private nodes = 1;

  /** `obj` packed with `seq`, or undefined when it cannot be (it is then kept whole). */
  pack(obj: Readonly<KObject>, seq: number): Packed | undefined {
    if (!isPlain(obj)) return undefined;
    if (this.nodes >= MAX_NODES) {
      this.root.next = undefined;
      this.nodes = 1;
    }
    const values: unknown[] = [seq, undefined];
    let node: TrieNode | undefined = this.root;
    const walk = (o: Record<string, unknown>, depth: number): boolean => {
      node = this.step(node, OPEN);
      for (const k in o) {
        if (!Object.prototype.hasOwnProperty.call(o, k) || k === '__proto__') return false;
        const v = o[k];
        node = this.step(node, k);
        const { slot, extra } = classify(k, v, depth, values);
        if (slot === Slot.Object) {
          if (!walk(v as Record<string, unknown>, depth + 1)) return false;
        } else if (slot === Slot.Same) node = this.step(this.step(node, SAME), extra);
        else if (slot === Slot.Repeat) node = this.step(this.step(node, REPEAT), extra);
        else node = this.step(node, slot === Slot.Digits ? DIGITS : VALUE);
        if (node === undefined) return false;
      }
      node = this.step(node, CLOSE);
      return node !== undefined;
    };
    if (!walk(obj as Record<string, unknown>, 0) || node === undefined) return undefined;
    const at: TrieNode = node;
    at.layout ??= layoutOf(obj as Record<string, unknown>, 0, [seq, undefined]);
    values[1] = at.layout;
    // Exactly its length: built by push(), the list would have room for ~17 more.
    return values.slice();
  }

  private step(node: TrieNode | undefined, token: unknown): TrieNode | undefined {
    if (node === undefined) return undefined;
    let next = node.next?.get(token);
    if (next === undefined) {
      if (this.nodes >= 2 * MAX_NODES) return undefined;
      next = { next: undefined, layout: undefined };
      (node.next ??= new Map()).set(token, next);
      this.nodes++;
    }
    return next;
  }
}

/** The layout of `o` as pack() walked it (the same decisions, in the same order). */
function layoutOf(o: Record<string, unknown>, depth: number, values: unknown[]): Layout {
  const keys: string[] = [];
  const slots: Slot[] = [];
  const extras: unknown[] = [];
  for (const k in o) {
    const v = o[k];
    keys.push(k);
    const { slot, extra } = classify(k, v, depth, values);
    slots.push(slot);
    extras.push(slot === Slot.Object ? layoutOf(v as Record<string, unknown>, depth + 1, values) : extra);
  }
  return Object.freeze({ keys: Object.freeze(keys), slots: Object.freeze(slots), extra: Object.freeze(extras) });
}

/** The object `packed` was made from: equal, frozen, its shared parts the same objects. */
export function unpack(packed: Packed): Readonly<KObject> {
  // The next value to read. When a Repeat is read, the list up to `i` is what pack()'s list
  // held when it chose that Repeat, so `back` places before `i` is the value it matched.
  let i = 2;
  const build = (layout: Layout): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let m = 0; m < layout.keys.length; m++) {
      const slot = layout.slots[m];
      let v: unknown;
      if (slot === Slot.Object) v = build(layout.extra[m] as Layout);
      else if (slot === Slot.Same) v = layout.extra[m];
      else if (slot === Slot.Repeat) v = packed[i - (layout.extra[m] as number)];
      else {
        v = slot === Slot.Digits ? String(packed[i]) : packed[i];
        i++;
      }
      out[layout.keys[m] as string] = v;
    }
    return Object.freeze(out);
  };
  return build(packed[1] as Layout) as unknown as Readonly<KObject>;
}

export function packedSeq(packed: Packed): number {
  return packed[0] as number;
}
