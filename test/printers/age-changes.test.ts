import { describe, expect, it } from 'vitest';
import { humanDuration, humanDurationChangesAt } from '../../core/printers/age.js';

/*
 * A whole Table LIST is kept until the first instant any row's AGE text changes
 * (list-cache.ts): humanDurationChangesAt must never be later than a change, or a kept
 * body would print a stale AGE.
 */

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDurationChangesAt', () => {
  it("is the next instant humanDuration's text changes: seconds to 10 minutes, then minutes, hours, days", () => {
    expect(humanDurationChangesAt(90 * S + 400)).toBe(91 * S);
    expect(humanDurationChangesAt(9 * M + 59 * S)).toBe(10 * M);
    expect(humanDurationChangesAt(12 * M + 5 * S)).toBe(13 * M);
    expect(humanDurationChangesAt(3 * H + 20 * M + 7 * S)).toBe(3 * H + 21 * M);
    expect(humanDurationChangesAt(30 * H + 5 * M)).toBe(31 * H);
    expect(humanDurationChangesAt(3 * D + 5 * H + 1)).toBe(3 * D + 6 * H);
    expect(humanDurationChangesAt(300 * D + 5 * H)).toBe(301 * D);
    expect(humanDurationChangesAt(-1500)).toBeLessThanOrEqual(0);
  });

  it('the text holds until then and differs at it, at every regime boundary and between', () => {
    const starts = [0, 1, 999, 119 * S, 120 * S, 599 * S, 10 * M, 11 * M - 1, 3 * H - 1, 3 * H, 8 * H - 1, 8 * H, 48 * H - 1, 48 * H, 8 * D - 1, 8 * D, 2 * 365 * D - 1, 2 * 365 * D, 2 * 365 * D + 5 * H];
    // And a spread of ages between, a prime step apart.
    for (let ms = 0; ms < 3 * 365 * D; ms += 7_919_993) starts.push(ms);
    for (const ms of starts) {
      const next = humanDurationChangesAt(ms);
      const text = humanDuration(ms);
      expect(next).toBeGreaterThan(ms);
      // Constant over [ms, next): checked at the ends and at a few points between.
      for (const t of [ms, next - 1, Math.floor((ms + next) / 2), ms + Math.floor((next - ms) / 3)]) expect(humanDuration(t), `${t} in [${ms}, ${next})`).toBe(text);
      expect(humanDuration(next), `changes at ${next}`).not.toBe(text);
    }
  });
});
