import { describe, expect, it } from 'vitest';
import { Stage, STAGE_NAMES } from '../../viewer/shared/model.js';
import { REV_INK, REV_MARKS, REV_NONE, REV_PAPER, revCss, revFill, revMark, SIGTERM_COLOR, STAGE_COLOR } from '../../viewer/web/src/palette.js';
import { chroma, deltaE, type Vision } from './cvd.js';

const VISIONS: Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

/** Every fill a chip's body or a lifecycle segment can have, by the name the legend gives it. */
const PHASES: Array<[string, string]> = [
  ...Object.values(Stage).map((s): [string, string] => [STAGE_NAMES[s], STAGE_COLOR[s]]),
  ['after SIGTERM', SIGTERM_COLOR],
];

/** The closest pairs under one vision, closest first. */
function closest(vision: Vision): Array<{ pair: string; dE: number }> {
  const out: Array<{ pair: string; dE: number }> = [];
  PHASES.forEach(([a, ca], i) => PHASES.slice(i + 1).forEach(([b, cb]) => out.push({ pair: `${a} / ${b}`, dE: Math.round(deltaE(ca, cb, vision) * 10) / 10 })));
  return out.sort((x, y) => x.dE - y.dE);
}

describe('the palette, as colour-blind viewers see it (Machado 2009 matrices, CIELAB dE)', () => {
  it('the simulation does what it claims: red and green, far apart for most viewers, come close for a deuteranope', () => {
    expect(deltaE('#ff0000', '#00ff00', 'normal')).toBeGreaterThan(150);
    expect(deltaE('#ff0000', '#00ff00', 'deuteranopia')).toBeLessThan(deltaE('#ff0000', '#00ff00', 'normal') / 3);
    // Blue and yellow are what a deuteranope still tells apart.
    expect(deltaE('#0000ff', '#ffff00', 'deuteranopia')).toBeGreaterThan(80);
  });

  for (const vision of VISIONS) {
    it(`every two pod phases stay at least dE 15 apart with ${vision} vision`, () => {
      const near = closest(vision).filter((p) => p.dE < 15);
      // On the old palette deuteranopia saw Completed (#3b5b92) and Failed (#7b3294) at dE 2.3: one colour.
      expect(near).toEqual([]);
    });
  }

  it('a template mark has no hue at all, so it cannot be read as a phase', () => {
    for (const grey of [REV_INK, REV_PAPER, REV_NONE]) expect(chroma(grey)).toBeLessThan(1);
    // Every phase but Pending's grey has a hue a mark never has.
    for (const [name, c] of PHASES) if (name !== 'Pending') expect(chroma(c), name).toBeGreaterThan(15);
  });

  it('template marks are told apart by texture: five different ones, cycling by creation order, the same in svg and in HTML keys', () => {
    expect(new Set(REV_MARKS).size).toBe(5);
    expect([0, 1, 2, 3, 4].map(revMark)).toEqual([...REV_MARKS]);
    expect(new Set([0, 1, 2, 3, 4].map(revCss)).size).toBe(5);
    expect(revFill(1)).toBe('url(#rev-1)');
    expect(revFill(1 + REV_MARKS.length)).toBe(revFill(1));
    expect([revFill(-1), revCss(-1), revMark(-1)]).toEqual([REV_NONE, REV_NONE, null]);
    // Only ink and paper (and the no-template grey) in any key: no hue sneaks in.
    for (const i of [0, 1, 2, 3, 4]) for (const c of revCss(i).match(/#[0-9a-f]{6}/gi) ?? []) expect([REV_INK, REV_PAPER]).toContain(c);
  });
});
