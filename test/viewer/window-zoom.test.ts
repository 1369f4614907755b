import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from '../../viewer/web/src/log-filters.js';
import { Store, type ViewState } from '../../viewer/web/src/store.js';
import { WindowZoom, type Wheel } from '../../viewer/web/src/timeline-zoom.js';
import { readUrl, writeUrl } from '../../viewer/web/src/url-state.js';

const END = 120_000;
const state = (patch: Partial<ViewState> = {}): ViewState => ({
  rec: 'r', cmp: '', seq: 10, timeMs: 30_000, t0: 0, t1: END, sel: 0, playing: false, speed: 1, scrubbing: false, logFilters: NO_FILTERS, lens: true, follow: false, ...patch,
});
const wheel = (w: Partial<Wheel>): Wheel => ({ deltaX: 0, deltaY: 0, deltaMode: 0, ctrlKey: false, metaKey: false, shiftKey: false, ...w });

describe('zooming the time window (W/S, A/D, Ctrl+wheel)', () => {
  it('zooms around a time, which stays at the same place in the window', () => {
    const store = new Store(state());
    const z = new WindowZoom(store, () => END);
    z.zoomAt(0.5, 90_000);
    // 90 s was 3/4 across 0..120 s; in a 60 s window it is still 3/4 across: 45..105 s.
    expect(store.state).toMatchObject({ t0: 45_000, t1: 105_000 });
    z.zoomAt(2, 90_000);
    expect(store.state).toMatchObject({ t0: 0, t1: END });
  });

  it('stops at either end of the recording and at 200 ms', () => {
    const store = new Store(state());
    const z = new WindowZoom(store, () => END);
    z.zoomAt(0.5, 0);
    expect(store.state).toMatchObject({ t0: 0, t1: 60_000 });
    z.pan(-0.5);
    expect(store.state).toMatchObject({ t0: 0, t1: 60_000 });
    z.pan(5);
    expect(store.state).toMatchObject({ t0: 60_000, t1: END });
    for (let i = 0; i < 100; i++) z.zoomAt(0.5, 70_000);
    expect(store.state.t1 - store.state.t0).toBeCloseTo(200, 6);
  });

  it('W/S around the playhead when the mouse is not over the timeline, around the mouse when it is; A/D pan a tenth', () => {
    const store = new Store(state({ timeMs: 30_000 }));
    const z = new WindowZoom(store, () => END);
    z.key('w', { hoverTime: () => undefined });
    // 0.8 x 120 s = 96 s, the playhead (30 s, a quarter across) still a quarter across: 6..102 s.
    expect(store.state.t0).toBeCloseTo(6_000, 6);
    expect(store.state.t1).toBeCloseTo(102_000, 6);
    z.key('d', undefined);
    expect(store.state.t0).toBeCloseTo(15_600, 6);
    z.key('s', { hoverTime: () => 63_600 });
    expect(store.state.t1 - store.state.t0).toBeCloseTo(END, 6);
  });

  it('Ctrl+wheel zooms (a notch of 100 in by ~18%), Shift+wheel and sideways swipes pan, a plain wheel is not used', () => {
    const store = new Store(state());
    const z = new WindowZoom(store, () => END);
    expect(z.wheel(wheel({ deltaY: 100 }), 60_000, 100)).toBe(false);
    expect(store.state).toMatchObject({ t0: 0, t1: END });
    expect(z.wheel(wheel({ deltaY: -100, ctrlKey: true }), 60_000, 100)).toBe(true);
    const w = store.state.t1 - store.state.t0;
    expect(w / END).toBeCloseTo(Math.exp(-0.2), 6);
    expect(z.wheel(wheel({ deltaY: 50, shiftKey: true }), 60_000, 10)).toBe(true);
    expect(store.state.t0).toBeCloseTo((END - w) / 2 + 500, 6);
    expect(z.wheel(wheel({ deltaX: -30, deltaY: 2 }), 60_000, 10)).toBe(true);
    expect(store.state.t0).toBeCloseTo((END - w) / 2 + 200, 6);
  });
});

describe('permalinks carry the event log filters', () => {
  it('writes only the filters that are set, and reads them back', () => {
    const url = writeUrl(state({ logFilters: { kind: 'Pod', actor: '', name: 'web', reason: 'Kill ing' } }));
    expect(url).toBe('?rec=r&seq=10&t0=0&t1=120000&kind=Pod&name=web&reason=Kill+ing');
    expect(readUrl(url).logFilters).toEqual({ kind: 'Pod', actor: '', name: 'web', reason: 'Kill ing' });
    expect(readUrl(writeUrl(state())).logFilters).toBeUndefined();
  });
});
