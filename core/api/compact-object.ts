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
const LIMIT = 1024;
/**
 * Templates by their keys joined with NUL, and how many keys each has. No template has a
 * key with a NUL in it (such objects stay as they are), so a hit with the same count is
 * the same keys: ["a\u0000b", "c", ...] joins as ["a", "b", "c", ...] does, but has one
 * key fewer (a label key can hold a NUL: nothing in the API refuses one).
 */
const templates = new Map<string, { json: string; count: number }>();

function compactOne(obj: any): any {
  // A plain object only (JSON's kind): anything else keeps its prototype and identity.
  if (Object.getPrototypeOf(obj) !== Object.prototype) return obj;
  const keys = Object.keys(obj);
  if (keys.length <= 4) return obj;
  const id = keys.join('\u0000');
  let template = templates.get(id);
  if (template === undefined) {
    // A member named __proto__ would set the copy's prototype: such an object stays as it is.
    if (keys.includes('__proto__') || keys.some((k) => k.includes('\u0000'))) return obj;
    if (templates.size >= LIMIT) templates.clear();
    template = { json: `{${keys.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`, count: keys.length };
    templates.set(id, template);
  } else if (template.count !== keys.length) {
    return obj;
  }
  const out = JSON.parse(template.json);
  for (const k of keys) out[k] = obj[k];
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
