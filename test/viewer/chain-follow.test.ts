import { describe, expect, it } from 'vitest';
import type { ChainModel, EventSummary } from '../../viewer/shared/model.js';
import { ChainFollow } from '../../viewer/web/src/chain-follow.js';
import { readUrl, writeUrl } from '../../viewer/web/src/url-state.js';
import type { ViewState } from '../../viewer/web/src/store.js';
import { NO_FILTERS } from '../../viewer/web/src/log-filters.js';

/** A causal tree as /chain/:seq would answer it: seq -> cause. */
function fakeChain(causes: Record<number, number | null>): { chain: (seq: number) => Promise<ChainModel>; asked: number[] } {
  const asked: number[] = [];
  const ev = (seq: number): EventSummary => ({ seq }) as EventSummary;
  const chain = async (seq: number): Promise<ChainModel> => {
    asked.push(seq);
    const ancestors: EventSummary[] = [];
    for (let c = causes[seq] ?? null; c !== null; c = causes[c] ?? null) ancestors.unshift(ev(c));
    const effects = Object.entries(causes).filter(([, c]) => c === seq).map(([s]) => ev(Number(s)));
    return { ancestors, event: ev(seq), effects };
  };
  return { chain, asked };
}

describe('follow the chain: ← → along one causal tree', () => {
  // 10 (outside action) -> 12 -> 20 -> 21; 12 -> 15; 10 -> 30. 11 and 13 are another story.
  const causes = { 10: null, 11: null, 12: 10, 13: 11, 15: 12, 20: 12, 21: 20, 30: 10 };

  it('from the selected event → visits its effects and theirs in seq order, never another story', async () => {
    const { chain } = fakeChain(causes);
    const f = new ChainFollow(chain);
    const visited: number[] = [];
    let at = 12;
    for (let q = await f.next(12, at, 1, () => true); q !== undefined; q = await f.next(12, at, 1, () => true)) {
      visited.push(q);
      at = q;
    }
    expect(visited).toEqual([15, 20, 21]);
    // ← goes back through the event to its cause.
    expect(await f.next(12, 12, -1, () => true)).toBe(10);
  });

  it('opens the tree lazily: only members before the next step are asked for', async () => {
    const { chain, asked } = fakeChain(causes);
    const f = new ChainFollow(chain);
    expect(await f.next(10, 10, 1, () => true)).toBe(12);
    expect(asked).toEqual([10]);
    expect(await f.next(10, 12, 1, () => true)).toBe(15); // 12's effects 15 and 20 come before 30
    expect(asked).toEqual([10, 12]);
  });

  it('skips what the lens leaves out', async () => {
    const { chain } = fakeChain(causes);
    const f = new ChainFollow(chain);
    expect(await f.next(12, 12, 1, (s) => s !== 15)).toBe(20);
  });
});

describe('permalink: the lens and follow', () => {
  const state: ViewState = { rec: 'r', cmp: '', seq: 5, timeMs: 0, t0: 0, t1: 10, sel: 0, playing: false, speed: 1, scrubbing: false, lens: true, follow: false, logFilters: NO_FILTERS };
  it('the lens is on unless lens=0; follow=1 follows', () => {
    expect(writeUrl(state)).not.toContain('lens');
    expect(writeUrl({ ...state, lens: false, follow: true })).toContain('lens=0&follow=1');
    expect(readUrl('?rec=r&lens=0&follow=1')).toMatchObject({ lens: false, follow: true });
    expect(readUrl('?rec=r').lens).toBeUndefined();
  });
});
