import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reuse, reuseList, sameJson } from '../../core/kubelet/reuse-status.js';

/*
 * The kubelet hands the API server's stored status values back where they are the same
 * as the ones it built; that may never change a recorded byte, so "the same" must be
 * "the same JSON text", key order included.
 */

// JSON-like values with few keys, so that two draws are often equal or re-ordered.
const leaf = fc.oneof(fc.constantFrom('a', 'b', ''), fc.integer({ min: -1, max: 1 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('value'), { maxKeys: 3 })),
}));
const reordered = (v: unknown): unknown => {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(reordered);
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reordered(x)]));
};

describe('reusing stored status values', () => {
  it('sameJson is exactly "JSON.stringify gives the same text", over random values and their re-orderings', () => {
    fc.assert(
      fc.property(value, value, fc.boolean(), (a, b, flip) => {
        const other = flip ? reordered(a) : b;
        expect(sameJson(a, other)).toBe(JSON.stringify(a) === JSON.stringify(other));
      }),
      { numRuns: 3000 },
    );
  });

  it('a re-ordered condition is not reused (its text differs), an identical one is, and a list is shared only when every item is', () => {
    const stored = Object.freeze([Object.freeze({ type: 'Ready', status: 'True' }), Object.freeze({ type: 'PodScheduled', status: 'True' })]);
    const same = [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }];
    expect(reuseList(stored, same)).toBe(stored);
    const flipped = { status: 'True', type: 'Ready' };
    expect(reuse(stored[0], flipped)).toBe(flipped);
    const changed = [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }];
    const out = reuseList(stored, changed);
    expect(out).not.toBe(stored);
    expect(out[0]).toBe(changed[0]);
    expect(out[1]).toBe(stored[1]);
    expect(JSON.stringify(out)).toBe(JSON.stringify(changed));
  });
});
