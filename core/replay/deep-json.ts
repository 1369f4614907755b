import { createHash } from 'node:crypto';
import { jsonTextNestsDeeperThan, nestsDeeperThan } from '../api/depth.js';

/**
 * How deep an object is shown, diffed and printed when read back from a recording.
 * Kubernetes objects nest about 10 levels (a Deployment's container ports: 8), a CRD's
 * openAPIV3Schema a few dozen; everything that walks an object recursively (the diff,
 * JSON.stringify, YAML printing, here and in the browser) overflows the stack somewhere
 * past ~4,000 levels. A recording may still hold deeper rows (an older kubelapse
 * accepted them): below this depth they read as a note, never as a crash.
 */
export const MAX_VIEW_DEPTH = 100;

/** A recorded object's JSON, parsed; parts nested deeper than `max` are replaced by a note (see capDepth). `deep`: whether it nests deeper, when the caller knows already (Replay keeps each row's answer). */
export function parseRecorded<T = unknown>(json: string, max = MAX_VIEW_DEPTH, deep = jsonTextNestsDeeperThan(json, max)): T {
  const value = JSON.parse(json) as unknown; // V8's parser is iterative: any depth parses
  return (deep ? capDepth(value, max) : value) as T;
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** `value`, or its depth-capped copy when it nests deeper than `max`. */
export function viewable<T>(value: T, max = MAX_VIEW_DEPTH): T {
  return (nestsDeeperThan(value, max) ? capDepth(value, max) : value) as T;
}

/**
 * A copy of `value` whose containers at depth `max` hold, in place of anything deeper, a
 * string saying how many levels were cut and a short SHA-256 of what was there:
 * `‹too deep to show: 2,900 more levels, sha256 1a2b3c4d5e6f›`. Two versions that differ
 * below the cut differ in that string, so a diff still says the field changed.
 * Iterative: it never recurses, whatever the depth.
 */
export function capDepth(value: unknown, max = MAX_VIEW_DEPTH): unknown {
  if (!isContainer(value)) return value;
  const root: Container = Array.isArray(value) ? [] : {};
  const stack: Array<{ from: Container; to: Container; depth: number }> = [{ from: value, to: root, depth: 1 }];
  while (stack.length > 0) {
    const { from, to, depth } = stack.pop() as { from: Container; to: Container; depth: number };
    for (const [k, v] of Object.entries(from)) {
      let out: unknown = v;
      if (isContainer(v)) {
        if (depth >= max) out = tooDeep(v);
        else {
          out = Array.isArray(v) ? [] : {};
          stack.push({ from: v, to: out as Container, depth: depth + 1 });
        }
      }
      // defineProperty: a recorded "__proto__" key stays a key, as JSON.parse made it.
      Object.defineProperty(to, k, { value: out, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

function tooDeep(v: Container): string {
  const { levels, text } = serialize(v);
  const sha = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return `‹too deep to show: ${levels.toLocaleString('en-US')} more level${levels === 1 ? '' : 's'}, sha256 ${sha}›`;
}

/** JSON text and depth of a value without recursion (JSON.stringify overflows on very deep values). */
function serialize(value: unknown): { levels: number; text: string } {
  const parts: string[] = [];
  let levels = 0;
  type Item = { v: unknown; depth: number } | { close: string };
  const stack: Item[] = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    if ('close' in item) {
      parts.push(item.close);
      continue;
    }
    const { v, depth } = item;
    if (!isContainer(v)) {
      parts.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    levels = Math.max(levels, depth);
    const array = Array.isArray(v);
    parts.push(array ? '[' : '{');
    stack.push({ close: array ? ']' : '}' });
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i] as [string, unknown];
      stack.push({ v: child, depth: depth + 1 });
      if (!array) stack.push({ close: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` });
      else if (i > 0) stack.push({ close: ',' });
    }
  }
  return { levels, text: parts.join('') };
}

/**
 * The JSON text of the object `parseRecorded(json)` returns, without parsing when it need
 * not: the recorded text itself, unless it nests deeper than `max` (then the capped object,
 * stringified). For a row kubelapse recorded, the text is JSON.stringify of the object
 * (object-store.ts), so this is byte for byte what JSON.stringify(parseRecorded(json))
 * gives; for any other valid JSON text it is the same value (JSON-equal). The depth check
 * is the one parseRecorded makes: a count of brackets, then a character scan only when
 * there are more than `max`.
 */
export function recordedText(json: string, max = MAX_VIEW_DEPTH, deep = jsonTextNestsDeeperThan(json, max)): string {
  return deep ? JSON.stringify(capDepth(JSON.parse(json) as unknown, max)) : json;
}
