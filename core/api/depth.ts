/**
 * How deep a request body may nest. Upstream's decoders stop at 10,000 levels
 * (encoding/json's maxNestingDepth, go-yaml's max depth); kubelapse stops at 1,000,
 * because V8's recursive JSON.stringify already overflows the stack near 5,000 and
 * every later reader (recorder, watch, replay, viewer diff) walks the object again.
 * No Kubernetes object comes near either: a Deployment is about 10 levels deep, a
 * CRD's OpenAPI schema a few dozen. docs/fidelity.md says so. (Protobuf messages of
 * the served kinds do not nest themselves, so their depth is bounded by the schema; only
 * the JSON embedded in a RawExtension is checked, like any JSON body.)
 */
export const MAX_NESTING_DEPTH = 1000;

/**
 * Whether parsed JSON nests deeper than `limit` (objects and arrays count a level each:
 * `{"a":{}}` is 2). The walk stops as soon as it passes the limit, so its own recursion
 * is never deeper than limit + 1 frames, whatever the value; it allocates nothing, so
 * checking every patched object costs about as much as one shallow copy.
 */
export function nestsDeeperThan(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  return deeper(value, limit);
}

function deeper(v: unknown, levelsLeft: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (levelsLeft === 0) return true;
  if (Array.isArray(v)) {
    for (const child of v) if (deeper(child, levelsLeft - 1)) return true;
    return false;
  }
  for (const key in v) if (deeper((v as Record<string, unknown>)[key], levelsLeft - 1)) return true;
  return false;
}

/**
 * Whether JSON text nests deeper than `limit`, scanned before it is parsed: brackets
 * inside strings do not count. The text need not be valid JSON; JSON.parse judges that.
 * A text can only nest deeper than `limit` with more than `limit` opening brackets, and
 * counting those with native indexOf costs ~2% of a JSON.parse (200 MB of recorded pods:
 * 30-45 ms against 1.2-1.9 s), so the scan below runs only past that count. It does run
 * for replay's limit of 100 (deep-json.ts MAX_VIEW_DEPTH): a 4.6 kB Pod of the
 * 100,000-pod recording has ~121 `{`. A string is passed over with indexOf to its closing
 * quote instead of a character at a time: most of a Pod's text is strings (its keys and
 * values), so that is ~3-4x fewer steps (20,000 Pods: 244 ms a character at a time).
 */
export function jsonTextNestsDeeperThan(text: string, limit = MAX_NESTING_DEPTH): boolean {
  if (text.length <= limit || !moreBracketsThan(text, limit)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = jsonStringEnd(text, i);
      if (end === -1) return false; // never closed: not JSON, and no bracket after it counts
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Where the JSON string whose opening quote is at `open` ends: the next quote not escaped,
 * i.e. not after an odd run of backslashes, found with indexOf; -1 when it never closes.
 */
export function jsonStringEnd(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (end !== -1 && escapedAt(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

/** Whether the character at `at` follows an odd run of backslashes (so is escaped). */
function escapedAt(text: string, at: number): boolean {
  let n = 0;
  while (text.charCodeAt(at - 1 - n) === 0x5c) n++;
  return (n & 1) === 1;
}

function moreBracketsThan(text: string, max: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1 && n <= max; i = text.indexOf('{', i + 1)) n++;
  for (let i = text.indexOf('['); i !== -1 && n <= max; i = text.indexOf('[', i + 1)) n++;
  return n > max;
}

/** Upstream's decoder message, with kubelapse's limit named. */
export function tooDeepMessage(format: 'json' | 'yaml' | 'protobuf', limit = MAX_NESTING_DEPTH): string {
  return format === 'yaml' ? `yaml: exceeded max depth of ${limit}` : `${format === 'json' ? 'json parse error' : 'proto'}: exceeded max depth of ${limit}`;
}

/** A parser's report that it ran out of stack: V8's RangeError text, also inside the yaml library's errors. */
export function isStackOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}
