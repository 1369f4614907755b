import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { FORMATS } from '../../core/export/formats.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { cli, ROOT, tmpDir } from '../helpers.js';
import { launch, openViewer, release, shot } from './browser.js';

/*
 * The viewer's Export menu in chromium: the header's "export" button lists the formats
 * of the CLI's registry, and choosing perfetto downloads <recording>.perfetto.json, which
 * parses and holds the recording's writes. Screenshot: test-artifacts/export-menu.png.
 */

let viewer: RunningViewer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = tmpDir();
  const r = cli(['run', path.join(ROOT, 'recordings', 'prestop-on.yaml'), '-o', path.join(dir, 'prestop-on.db')]);
  if (r.code !== 0) throw new Error(r.stderr);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('viewer Export menu in chromium', () => {
  it('lists the registered formats and downloads the perfetto trace as a file that parses', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=prestop-on`, { width: 1280, height: 720 });
    await page.click('#export-button');
    const items = page.locator('#export-menu button[data-format]');
    await expect.poll(() => items.count()).toBe(FORMATS.length);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-format')))).toEqual(FORMATS.map((f) => f.name));
    await shot(page, 'export-menu');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-menu button[data-format="perfetto"]')]);
    expect(download.suggestedFilename()).toBe('prestop-on.perfetto.json');
    const file = path.join(tmpDir(), download.suggestedFilename());
    await download.saveAs(file);
    const trace = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: Array<{ ph: string; cat?: string }> };
    expect(trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'write').length).toBeGreaterThan(300);
    await expect.poll(() => page.locator('#export-menu button[data-format="perfetto"] .export-status').textContent()).toBe(' saved prestop-on.perfetto.json');
    expect(problems).toEqual([]);
    await release(page);
  });

  it('the export endpoint names the known formats when asked for another', async () => {
    const res = await fetch(`${viewer.url}api/recordings/prestop-on/export?format=pdf`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`format: unknown format "pdf" (known: ${FORMATS.map((f) => f.name).join(', ')})`);
  });
});
