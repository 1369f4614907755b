import { describe, expect, it } from 'vitest';
import { newUid } from '../../core/api/names.js';
import { Rng } from '../../core/sim/rng.js';

/** The uid as it was made before its characters were filled into one array: the same draws in the same order. */
function referenceUid(rng: Rng): string {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
    return s;
  };
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(4)]}${hex(3)}-${hex(12)}`;
}

describe('newUid', () => {
  it('gives the uids (and leaves the stream where) the character-by-character form did, so recordings keep their uids', () => {
    const a = new Rng(7, 'apiserver');
    const b = new Rng(7, 'apiserver');
    for (let i = 0; i < 200; i++) {
      const uid = newUid(a);
      expect(uid).toBe(referenceUid(b));
      expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(a.int(1000)).toBe(b.int(1000));
  });
});
