import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { tmpDir } from '../helpers.js';
import { exportTo } from './shipped.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, shot } from '../browser/browser.js';

/*
 * The html export opened the way a reader opens a mailed file: from file://, in a browser
 * whose every request that is not file: is refused (and counted: none may go out). It
 * must show rolling-update's chapters, step with the keyboard, open a `#seq=` permalink at
 * that seq, and draw a pod write's causal chain and diff from the data inside the page,
 * matching what the server's Replay computes from SQLite. Screenshots at 1280x720:
 * test-artifacts/html-export-*.png.
 */

let browser: Browser;
let context: BrowserContext;
let rec: Recording;
let replay: Replay;
let file: string;
let summary: string;
const outside: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  const dir = recordingsDir(['rolling-update']);
  rec = Recording.open(path.join(dir, 'rolling-update.db'), { readonly: true });
  replay = Replay.open(rec);
  file = path.join(tmpDir('kubelapse-html-'), 'rolling-update.html');
  // The real CLI; its summary line says how big the page is and how much of it is the recording.
  summary = exportTo(path.join(dir, 'rolling-update.db'), 'html', file).stdout;
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.route('**', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
});

afterAll(async () => {
  await browser?.close();
  rec?.close();
});

async function open(fragment = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  await page.goto(`file://${file}${fragment}`);
  await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true || (globalThis as any).__kubelapse?.error !== undefined, null, { timeout: 15_000 });
  expect(await page.evaluate(() => (globalThis as any).__kubelapse.error)).toBeUndefined();
  return page;
}

const seqOf = (page: Page): Promise<number> => page.evaluate(() => (globalThis as any).__kubelapse.store.state.seq as number);

describe('html export (file://, network refused)', () => {
  it('is one file holding the viewer and the recording: no reference to anything outside it', () => {
    const html = fs.readFileSync(file, 'utf8');
    const kB = (fs.statSync(file).size / 1000).toFixed(1);
    expect(summary).toMatch(new RegExp(`^wrote ${file}: ${kB} kB, 881 events in one page: the recording \\d+ kB of it \\(\\d+ kB of gzip, as base64\\), the viewer the rest in [\\d.]+ s\\n$`));
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/);
    expect(html).toContain('<title>Rolling updates, replica set by replica set · kubelapse</title>');
  });

  it('opens with the chapters on the timeline and the narration of the first one, then steps with the keyboard', async () => {
    const page = await open();
    const chapters = rec.markers().filter((m) => m.kind === 'chapter');
    expect(chapters.length).toBeGreaterThanOrEqual(2);
    const flags = await page.locator('#timeline g.marker.chapter').count();
    expect(flags).toBe(chapters.length);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await seqOf(page)).toBe(3);
    // Shift+Right: the next marker; the narration tells the chapter the playhead is in.
    const second = chapters[1] as (typeof chapters)[number];
    for (let i = 0; i < 20 && (await page.evaluate(() => (globalThis as any).__kubelapse.store.state.timeMs as number)) < second.timeMs; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.locator('#narration .chapter-title').textContent()).toBe(second.title);
    // The permalink is written into the #fragment (no query: there is no server to read one).
    const seq = await seqOf(page);
    await expect.poll(() => page.url()).toContain(`#seq=${seq}&`);
    expect(new URL(page.url()).search).toBe('');
    await shot(page, 'html-export-chapter');
    await page.close();
  });

  it('opens a #seq= permalink at that seq, with the event selected and its diff computed in the page', async () => {
    const target = [...rec.events({ kind: 'Deployment', name: 'web' })].find((e) => e.verb === 'update' && e.subresource === null && replay.previousVersionSeq(e.seq) !== undefined);
    expect(target).toBeDefined();
    const seq = target?.seq as number;
    const page = await open(`#seq=${seq}&sel=${seq}`);
    expect(await seqOf(page)).toBe(seq);
    await expect.poll(() => page.locator('#detail .detail-head b').first().textContent()).toBe(`seq ${seq}`);
    const want = replay.diff(replay.previousVersionSeq(seq), seq).map((c) => c.path);
    expect(want.length).toBeGreaterThan(0);
    await page.waitForSelector('#detail table.diff');
    expect(await page.locator('#detail table.diff td.path').allTextContents()).toEqual(want);
    await page.close();
  });

  it("draws the causal chain of a pod's write: the same steps and lanes as the server's Replay", async () => {
    // The scheduler's binding of a pod of the first rollout: a chain kubectl -> deployment -> replicaset -> scheduler.
    const bind = [...rec.events({ kind: 'Pod' })].find((e) => e.subresource === 'binding' && (replay.causalChain(e.seq)?.ancestors.length ?? 0) >= 2);
    expect(bind).toBeDefined();
    const seq = bind?.seq as number;
    const chain = replay.causalChain(seq)!;
    const page = await open(`#seq=${seq}&sel=${seq}`);
    await page.waitForSelector('#detail .chain svg.sequence');
    const steps = await page.locator('#detail .chain g.step').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-seq'))));
    expect(steps).toEqual(expect.arrayContaining([...chain.ancestors.map((e) => e.seq), seq]));
    const lanes = await page.locator('#detail .chain .lane-head title').allTextContents();
    for (const actor of new Set([...chain.ancestors, chain.event].map((e) => e.actor))) expect(lanes).toContain(actor);
    await page.locator('#detail .chain').scrollIntoViewIfNeeded();
    await shot(page, 'html-export-chain');
    // A step is a link: clicking the outermost cause selects it.
    const first = chain.ancestors[0]!.seq;
    await page.locator(`#detail .chain g.step[data-seq="${first}"]`).click();
    await expect.poll(() => page.evaluate(() => (globalThis as any).__kubelapse.store.state.sel as number)).toBe(first);
    await page.close();
  });

  it('sent no request anywhere and hid what needs a server (compare, adding notes, the Export menu)', async () => {
    const page = await open();
    expect(await page.locator('#export-button').isVisible()).toBe(false);
    expect(await page.locator('#compare-select').isVisible()).toBe(false);
    expect(await page.locator('.note-form').first().isVisible()).toBe(false);
    await page.close();
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });
});
