import { jsonStringEnd } from '../api/depth.js';

/** A newline and the indent of each level, made once. */
const PADS: string[] = [];

/**
 * JSON text laid out as `JSON.stringify(JSON.parse(text), null, 2)` would, nested `depth`
 * levels in (its lines after the first indented 2 x depth spaces more), without parsing
 * it: `kubelapse get pods -A -o json` of 100,000 Pods is ~470 MB of recorded JSON, whose
 * parse held ~1.4 GB and whose one indented string would pass V8's longest string
 * (2^29 - 24 characters). For compact text as JSON.stringify writes it (every recorded
 * row: test/replay/state-view.test.ts) the bytes are the same; any other valid JSON comes
 * out as the same value, its strings and numbers as written (whitespace outside strings
 * is dropped).
 */
export function indentJson(text: string, depth = 0): string {
  const parts: string[] = [];
  let level = depth;
  let from = 0; // text[from, i) is copied as it is when the next piece is pushed
  const newline = (): string => (PADS[level] ??= `\n${'  '.repeat(level)}`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string, copied whole.
      const end = jsonStringEnd(text, i);
      if (end === -1) throw new Error(`json: unterminated string at ${i}`);
      i = end;
      continue;
    }
    if (c !== 0x7b && c !== 0x5b && c !== 0x7d && c !== 0x5d && c !== 0x2c && c !== 0x3a && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) continue;
    parts.push(text.slice(from, i));
    from = i + 1;
    if (c === 0x7b || c === 0x5b) {
      const close = nextNonSpace(text, i + 1);
      if (text.charCodeAt(close) === (c === 0x7b ? 0x7d : 0x5d)) {
        parts.push(c === 0x7b ? '{}' : '[]'); // JSON.stringify writes an empty one on one line
        i = close;
        from = close + 1;
        continue;
      }
      level++;
      parts.push(c === 0x7b ? '{' : '[', newline());
    } else if (c === 0x7d || c === 0x5d) {
      level--;
      parts.push(newline(), c === 0x7d ? '}' : ']');
    } else if (c === 0x2c) parts.push(',', newline());
    else if (c === 0x3a) parts.push(': ');
    // whitespace outside strings: dropped
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function nextNonSpace(text: string, at: number): number {
  let i = at;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  return i;
}
