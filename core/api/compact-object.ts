/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * A stored object's parts rebuilt so that each keeps all its members in the object
 * itself. The API's copies (patch.ts `copyTree`, `orderMeta`) build an object by adding
 * members to `{}`, and V8 gives `{}` room for 4 members in the object: the 5th on go to a
 * separate properties store, grown 3 at a time. An Event (14 members) was 56 + 112 bytes,
 * its metadata (6) 56 + 40; the same members in the object are 24 + 8 x 14 = 136 and
 * 24 + 8 x 6 = 72 bytes: 56 bytes an Event, ~360 bytes a pod at ~6.4 Events a pod, and
 * 16-32 bytes for each of a pod version's own parts of more than 4 members (heap
 * snapshot after the 10,000-pod scale-up, docs/performance.md round 6).
 *
 * JSON.parse makes an object with exactly its members in the object, so a copy starts
 * from the parse of `{"k1":0,...}` for its keys, in order, and takes the values: same
 * members in the same order, so the same JSON and the same reads. Parts already frozen
 * are a stored version's (shared, already compact) and kept as they are. ~1 µs a part.
 */
const LIMIT = 4096;

/**
 * Templates found by walking the object's keys, in order, down a tree of Maps: a node
 * per key sequence seen, its template at the node of the last key. The walk reads the
 * keys with for-in and allocates nothing on a hit; the keys' array and their NUL-joined
 * text it replaces were ~0.4 kB of every write's garbage (compactParts' 1.3 kB a write
 * in the 10,000-pod run, the rest the copies themselves). Exact by construction: a key
 * with any character in it is one step. Bounded by nodes, cleared when full.
 */
interface Node {
  next: Map<string, Node> | undefined;
  /** The template for the keys that lead here; null: such an object stays as it is. */
  json: string | null | undefined;
  /** How many copies were made from `json`; past MAKE_AFTER, `make` makes them. */
  uses: number;
  make: ((o: any) => any) | undefined;
}
const newNode = (): Node => ({ next: undefined, json: undefined, uses: 0, make: undefined });
let root = newNode();
let nodes = 0;

/*
 * A shape copied often gets a function returning an object literal of its keys
 * (`{"kind": o["kind"], ...}`): the same object as the parse of the template (its
 * members in the object, in the same order, 136 bytes for an Event's 14: measured), made
 * ~3.5x faster than the parse and the copy (1.5 -> 0.4 us for 14 members); compactOne
 * was 3.3 % of the simulation thread at 100,000 pods (lead's profile, round 7). The keys
 * are written as JSON strings, which are JavaScript string literals; `__proto__`, which
 * a literal would take as the prototype, never gets here. Made after a few copies only,
 * so a shape seen once (a label set of its own) costs no compilation.
 */
const MAKE_AFTER = 8;

function templateOf(obj: any): Node {
  let node = root;
  for (const k in obj) {
    let next = node.next?.get(k);
    if (next === undefined) {
      if (nodes >= LIMIT) {
        root = newNode();
        nodes = 0;
        return templateOf(obj);
      }
      next = newNode();
      (node.next ??= new Map()).set(k, next);
      nodes++;
    }
    node = next;
  }
  if (node.json === undefined) {
    const keys = Object.keys(obj);
    // A member named __proto__ would set the copy's prototype: such an object stays as it is.
    node.json = keys.includes('__proto__') ? null : `{${keys.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`;
  }
  return node;
}

function compactOne(obj: any): any {
  // A plain object only (JSON's kind): anything else keeps its prototype and identity.
  if (Object.getPrototypeOf(obj) !== Object.prototype) return obj;
  let count = 0;
  for (const _ in obj) if (++count > 4) break;
  if (count <= 4) return obj;
  const node = templateOf(obj);
  if (node.make !== undefined) return node.make(obj);
  const json = node.json;
  if (json === null || json === undefined) return obj;
  if (++node.uses > MAKE_AFTER) {
    const keys = Object.keys(obj).map((k) => JSON.stringify(k));
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- keys are JSON string literals (see above)
    node.make = new Function('o', `return {${keys.map((k) => `${k}: o[${k}]`).join(', ')}};`) as (o: any) => any;
    return node.make(obj);
  }
  const out = JSON.parse(json);
  for (const k in obj) out[k] = obj[k];
  return out;
}

/**
 * `obj` with its own parts (not yet frozen) compacted, down to `depth` levels of objects
 * under it (arrays' elements count as the array's level). Call before the freeze; the
 * result is a new object when `obj` itself had more than 4 members.
 */
export function compactParts<T>(obj: T, depth: number): T {
  if (obj === null || typeof obj !== 'object' || Object.isFrozen(obj)) return obj;
  if (Array.isArray(obj)) {
    if (depth > 0) for (let i = 0; i < obj.length; i++) obj[i] = compactParts(obj[i], depth);
    return obj;
  }
  const o = obj as any;
  if (depth > 0) {
    for (const k in o) {
      const v = o[k];
      if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) o[k] = compactParts(v, depth - 1);
    }
  }
  return compactOne(o);
}
