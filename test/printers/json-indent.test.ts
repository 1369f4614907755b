import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indentJson } from '../../core/printers/json-indent.js';

describe('indentJson: JSON text laid out as JSON.stringify(value, null, 2), without a parse', () => {
  it('gives JSON.stringify\'s bytes for any value, at depth 0 and nested 2 levels in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const compact = JSON.stringify(v);
        expect(indentJson(compact)).toBe(JSON.stringify(v, null, 2));
        expect(indentJson(compact, 2)).toBe(JSON.stringify(v, null, 2).replaceAll('\n', '\n    '));
      }),
      { numRuns: 500 },
    );
    // strings holding brackets, commas, colons, quotes and backslashes are copied as they are
    const tricky = { 'a,b': ['{', '}', '[', ']', ':', ',', '\\', '"', '\\"', '\\\\'], e: {}, f: [], g: [{}, []], h: 'x\ny' };
    expect(indentJson(JSON.stringify(tricky))).toBe(JSON.stringify(tricky, null, 2));
  });

  it('text with spaces outside strings comes out as the same value', () => {
    const loose = '{ "a" : [ 1 , 2.50 , { } , [ ] ], "b": "\\u00e9 { , }" }';
    expect(JSON.parse(indentJson(loose))).toEqual(JSON.parse(loose));
    expect(() => indentJson('{"a":"x}')).toThrow(/unterminated string/);
  });
});
