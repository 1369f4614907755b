/* eslint-disable @typescript-eslint/no-explicit-any -- the page's globals, read inside page.evaluate */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, release, SIZES } from './browser.js';

/*
 * The first frame reads every view's width in one go, before any view draws (widths.ts:
 * one layout of the bare page instead of one after each view's writes). That is only right
 * if nothing a view draws changes another's width: the timeline, the cluster and the
 * Workloads charts must be exactly as wide as their boxes are once everything is drawn.
 * A chart drawn for a width read too early would end short of its box or run past it
 * (under a scrollbar).
 */

let viewer: RunningViewer;
let browser: Browser;

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['rolling-update', 'daemonset-rollout']), port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

/** Each view's drawn width beside the width of its box read now, after everything is drawn. */
function drawnAndBox(): Array<{ view: string; drawn: number; box: number }> {
  const doc = (globalThis as any).document;
  const box = (sel: string): number => doc.querySelector(sel).clientWidth as number;
  const width = (el: any): number => Number(el?.getAttribute('width'));
  const out = [
    { view: 'timeline', drawn: width(doc.querySelector('svg.timeline')), box: Math.max(300, box('#timeline')) },
    { view: 'cluster', drawn: width(doc.querySelector('#cluster svg.cluster')), box: Math.max(320, box('#cluster')) },
  ];
  for (const svg of doc.querySelectorAll('#workloads > .charts svg:not(.pattern-defs)')) {
    if (svg.parentElement.closest('svg') !== null) continue; // an svg inside a chart's svg
    out.push({ view: `workloads ${svg.getAttribute('class') ?? ''}`, drawn: width(svg), box: Math.max(320, box('#workloads')) });
  }
  return out;
}

describe('first frame widths', () => {
  for (const rec of ['rolling-update', 'daemonset-rollout']) {
    for (const size of SIZES) {
      it(`${rec} at ${size.width}x${size.height}: every view is drawn as wide as its box`, async () => {
        const { page, problems } = await openViewer(browser, `${viewer.url}?rec=${rec}`, size);
        try {
          const views = await page.evaluate(drawnAndBox);
          expect(views.map((v) => v.view)).toEqual(expect.arrayContaining(['timeline', 'cluster']));
          expect(views.length).toBeGreaterThan(2); // at least one Workloads chart
          for (const v of views) expect({ view: v.view, width: v.drawn }).toEqual({ view: v.view, width: v.box });
          expect(problems).toEqual([]);
        } finally {
          await release(page);
        }
      }, 60_000);
    }
  }
});
