import { describe, expect, it } from 'vitest';
import { Rng, RngStreams } from '../../core/sim/rng.js';

describe('seeded rng', () => {
  it('the same seed and stream give the same sequence', () => {
    const a = new Rng(42, 'scheduler');
    const b = new Rng(42, 'scheduler');
    expect(Array.from({ length: 20 }, () => a.nextUint32())).toEqual(Array.from({ length: 20 }, () => b.nextUint32()));
  });

  it('another seed or stream gives another sequence', () => {
    const base = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(42, 'x')));
    const otherSeed = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(43, 'x')));
    const otherStream = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(42, 'y')));
    expect(otherSeed).not.toEqual(base);
    expect(otherStream).not.toEqual(base);
  });

  it('streams are independent: draws from one never shift another', () => {
    const quiet = new RngStreams(7);
    const busy = new RngStreams(7);
    for (let i = 0; i < 1000; i++) busy.get('scheduler').next();
    expect(busy.get('replicaset-controller').string(5, 'abc')).toBe(quiet.get('replicaset-controller').string(5, 'abc'));
  });

  it('int stays in range and covers it', () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const v = r.int(27);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(27);
      seen.add(v);
    }
    expect(seen.size).toBe(27);
  });
});
