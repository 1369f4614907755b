import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextNestsDeeperThan, nestsDeeperThan } from '../../core/api/depth.js';
import { capDepth, parseRecorded } from '../../core/replay/deep-json.js';

const sha12 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

describe('reading objects nested too deep to show', () => {
  it('the text scan counts nesting, ignores brackets inside strings, and agrees with the value\'s depth', () => {
    expect(jsonTextNestsDeeperThan('1', 0)).toBe(false);
    expect([jsonTextNestsDeeperThan('{}', 0), jsonTextNestsDeeperThan('{}', 1)]).toEqual([true, false]);
    expect([jsonTextNestsDeeperThan('{"a":[{"b":"[[[{{{"}]}', 2), jsonTextNestsDeeperThan('{"a":[{"b":"[[[{{{"}]}', 3)]).toEqual([true, false]);
    expect(jsonTextNestsDeeperThan('{"a":"\\"{"}', 1)).toBe(false);
    // A string passed over to its closing quote: one after an even run of backslashes closes it, an odd run escapes it.
    expect(jsonTextNestsDeeperThan('{"a":"\\\\"}', 1)).toBe(false);
    expect(jsonTextNestsDeeperThan('{"a":"\\\\",  "b":{}}', 1)).toBe(true);
    expect(jsonTextNestsDeeperThan('{"a":"\\\\\\"{{"}', 1)).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (v, max) => {
        // strings of only brackets, quotes and backslashes: the escapes the scan must read right
        const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' ? x.replace(/[^"\\{}[\]]/g, '\\') : x));
        expect(jsonTextNestsDeeperThan(text, max)).toBe(depthOf(JSON.parse(text)) > max);
      }),
    );
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (v, max) => {
      const text = JSON.stringify(v);
      expect(jsonTextNestsDeeperThan(text, max)).toBe(depthOf(v) > max);
      expect(nestsDeeperThan(v, max)).toBe(depthOf(v) > max);
    }));
  });

  it('within the limit, an object reads back unchanged', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
      const text = JSON.stringify(v);
      expect(parseRecorded(text, 10)).toEqual(JSON.parse(text)); // JSON has no -0: compare with what it holds
      expect(nestsDeeperThan(v, 10)).toBe(false);
    }));
  });

  it('past the limit, the cut part becomes a note with its depth and the SHA-256 of its JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 4 }), (v, max) => {
      const capped = capDepth(v, max);
      expect(depthOf(capped)).toBeLessThanOrEqual(max);
      // Every note stands for exactly the subtree it replaced.
      walk(capped, v, (note, original) => {
        expect(note).toBe(`‹too deep to show: ${depthOf(original).toLocaleString('en-US')} more level${depthOf(original) === 1 ? '' : 's'}, sha256 ${sha12(JSON.stringify(original))}›`);
      });
      expect(nestsDeeperThan(v, max)).toBe(depthOf(v) > max);
    }));
  });

  it('10,000 levels: parsed, cut and noted without a stack overflow', () => {
    const text = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    let v = parseRecorded(text) as any;
    let levels = 0;
    while (typeof v === 'object') {
      v = v.a;
      levels++;
    }
    expect(levels).toBe(100);
    expect(v).toMatch(/^‹too deep to show: 9,900 more levels, sha256 [0-9a-f]{12}›$/);
  });
});

function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(v).map(depthOf));
}

/** Calls `onNote` for each string in `capped` that stands where `original` has a container. */
function walk(capped: unknown, original: unknown, onNote: (note: string, original: unknown) => void): void {
  if (original === null || typeof original !== 'object') return;
  if (typeof capped === 'string') return onNote(capped, original);
  for (const [k, v] of Object.entries(original)) walk((capped as Record<string, unknown>)[k], v, onNote);
}

describe('a recorded "__proto__" key', () => {
  it('stays an ordinary key when the object is cut', () => {
    const text = '{"__proto__":{"polluted":true},"x":' + '['.repeat(200) + ']'.repeat(200) + '}';
    const v = parseRecorded(text) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((v as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
