import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainModel } from '../../viewer/shared/model.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { fitLabel, stepLabel } from '../../viewer/web/src/chain-label.js';
import { ellipsize, estimateWidth, layoutLanes, wrapName, type LaneLayout } from '../../viewer/web/src/chain-lanes.js';
import { ROOT } from '../helpers.js';
import { recordingsDir } from './fixtures.js';

/*
 * Every causal chain of every shipped recording fits its panel: /chain is asked for
 * every seq, and each chain's lanes are laid out at the widths the diagram gets inside
 * the right column (478 px at 1280x720 and 606 px at 1600x1000, less the scroll box's
 * border and scrollbar; 343 px at the column's 360 px minimum). No lane may fall off the
 * right edge, headers of one row may not overlap, each header sits on its own lifeline,
 * and at the two recording sizes every component's name is whole (wrapped, not cut).
 */

const NAMES = fs.readdirSync(path.join(ROOT, 'recordings')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
const WIDTHS = { '1280x720': 461, '1600x1000': 589, 'narrowest column': 343 } as const;
let viewer: RunningViewer;
/** Per recording: the lanes of each distinct chain shape, and the widest chain found. */
const shapes = new Map<string, { lanes: string[][]; widest: { seq: number; lanes: number } }>();
const labels: Array<ReturnType<typeof stepLabel>> = [];

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(NAMES), port: 0 });
  for (const name of NAMES) {
    // A chain's lanes are its cause's lanes plus its own actor: one pass over the rows gives every
    // seq's lanes (asking /chain for all 8,940 seqs takes a minute, the deep lease chains mostly).
    const byCause = new Map<number, string[]>();
    const seen = new Set<string>();
    const lanes: string[][] = [];
    let widest = { seq: 0, lanes: 0 };
    for (const e of viewer.library.get(name).rec.events()) {
      const up = e.causeSeq === null ? ['API server'] : (byCause.get(e.causeSeq) ?? ['API server']);
      const l = up.includes(e.actor) ? up : [...up, e.actor];
      byCause.set(e.seq, l);
      if (l.length > widest.lanes) widest = { seq: e.seq, lanes: l.length };
      if (!seen.has(l.join('|'))) {
        seen.add(l.join('|'));
        lanes.push(l);
      }
    }
    // ... and /chain agrees: on the widest chain and on every 40th seq, its ancestors give the same lanes.
    const base = `${viewer.url}api/recordings/${name}`;
    for (const seq of [widest.seq, ...[...byCause.keys()].filter((s) => s % 40 === 0)]) {
      const chain = (await (await fetch(`${base}/chain/${seq}`)).json()) as ChainModel;
      const steps = [...chain.ancestors, chain.event];
      const l = ['API server'];
      for (const e of steps) if (!l.includes(e.actor)) l.push(e.actor);
      expect(l, `${name} seq ${seq}`).toEqual(byCause.get(seq));
      labels.push(stepLabel(steps.length, chain.event));
    }
    shapes.set(name, { lanes, widest });
  }
}, 180_000);

afterAll(async () => {
  await viewer?.close();
});

function checkFits(L: LaneLayout, width: number): void {
  const xs = L.heads.map((h) => h.x);
  for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1] as number);
  for (const h of L.heads) {
    const left = h.cx - h.boxW / 2;
    const right = h.cx + h.boxW / 2;
    expect(left, `${h.name} header's left edge`).toBeGreaterThanOrEqual(L.gutter);
    expect(right, `${h.name} header's right edge in ${width} px`).toBeLessThanOrEqual(width);
    expect(h.x).toBeGreaterThanOrEqual(left);
    expect(h.x).toBeLessThanOrEqual(right);
    for (const line of h.lines) expect(estimateWidth(line.trimEnd())).toBeLessThanOrEqual(h.boxW - 6);
  }
  for (let lv = 0; lv < L.levels; lv++) {
    const row = L.heads.filter((h) => h.level === lv);
    for (let i = 1; i < row.length; i++) expect(row[i - 1]!.cx + row[i - 1]!.boxW / 2).toBeLessThanOrEqual(row[i]!.cx - row[i]!.boxW / 2);
  }
}

describe('causal chains of every shipped recording fit the panel', () => {
  it.each(NAMES)('%s: every chain, every lane inside the diagram at 461, 589 and 343 px', (name) => {
    const s = shapes.get(name)!;
    expect(s.widest.lanes).toBeGreaterThanOrEqual(2);
    for (const lanes of s.lanes) {
      for (const [size, width] of Object.entries(WIDTHS)) {
        const L = layoutLanes(lanes, width, estimateWidth);
        expect(L.heads.map((h) => h.name)).toEqual(lanes);
        checkFits(L, width);
        // Whole names at the sizes walkthroughs are recorded at; only the narrowest column may cut one.
        if (size !== 'narrowest column') expect(L.heads.filter((h) => h.truncated).map((h) => h.name), `${name} at ${size}`).toEqual([]);
        // Wrapped lines read back as the name: nothing dropped, nothing abbreviated.
        for (const h of L.heads.filter((x) => !x.truncated)) expect(h.lines.join('')).toBe(h.name);
      }
    }
  });

  it('the widest chains have 9 lanes (rolling-update, prestop, autoscaler) and still fit at 1280x720', () => {
    const widest = Math.max(...[...shapes.values()].map((s) => s.widest.lanes));
    expect(widest).toBe(9);
    expect(shapes.get('rolling-update')!.widest.lanes).toBe(9);
    // 9 lanes in 461 px are too close for one row of headers (and for "endpointslice-" in two).
    const lanes = shapes.get('autoscaler-scale-out')!.lanes.reduce((a, b) => (b.length > a.length ? b : a));
    expect(layoutLanes(lanes, WIDTHS['1280x720'], estimateWidth).levels).toBeGreaterThanOrEqual(2);
  });

  it("step labels fit the room right of the API server's lane, keeping the reason and the end of the name", () => {
    expect(labels.length).toBeGreaterThan(100);
    for (const width of Object.values(WIDTHS)) {
      const L = layoutLanes(['API server', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], width, estimateWidth);
      const room = width - L.x('API server') - 10;
      for (const l of labels) {
        const fitted = fitLabel(l, room, estimateWidth);
        expect(estimateWidth(fitted)).toBeLessThanOrEqual(room);
        if (fitted !== l.full && l.tail !== '' && fitted.includes('…')) expect(fitted.endsWith(l.tail) || fitted.endsWith('…')).toBe(true);
      }
    }
    const l = { head: '6. update/status ', object: 'Pod/web-6fb8f76555-m7lm5', tail: ' · ContainerStarted', full: '6. update/status Pod/web-6fb8f76555-m7lm5 · ContainerStarted' };
    const fitted = fitLabel(l, 340, estimateWidth);
    expect(fitted).toMatch(/^6\. update\/status Pod\/web-.*…-m7lm5 · ContainerStarted$/);
    expect(estimateWidth(fitted)).toBeLessThanOrEqual(340);
  });

  it('names wrap at their joints and are cut with an ellipsis only past the lines allowed', () => {
    expect(wrapName('deployment-controller', 70, estimateWidth, 2)).toEqual({ lines: ['deployment-', 'controller'], truncated: false });
    expect(wrapName('kubelet/node-3', 90, estimateWidth, 2)).toEqual({ lines: ['kubelet/node-3'], truncated: false });
    expect(wrapName('API server', 40, estimateWidth, 2)).toEqual({ lines: ['API ', 'server'], truncated: false });
    const cut = wrapName('cloud-node-lifecycle-controller', 70, estimateWidth, 2);
    expect(cut.truncated).toBe(true);
    expect(cut.lines[0]).toBe('cloud-node-');
    expect(cut.lines[1]).toMatch(/^lifecycle-.*…$/);
    expect(ellipsize('replicaset-controller', 30, estimateWidth)).toBe('rep…');
    expect(ellipsize('x', 1, estimateWidth)).toBe('…');
  });
});
