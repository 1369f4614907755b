import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../helpers.js';

import { CHROMIUM, CHROMIUM_ARGS, SHARED_BROWSER_ENV } from './browser-args.js';

/** Opens the viewer in a page lent from test to test of a file (pages.ts says why and how it is made like new). */
export { openViewer, pageOfSize, release } from './pages.js';

export { CHROMIUM };
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/**
 * Debian's chromium, headless, as CI installs it (.ci/run); a missing browser is a failure with the fix, not a skip.
 * Under vitest, a connection to the run's one chromium (test/shared-browser.ts): `close()` then closes this
 * file's pages and leaves the browser to the others. Elsewhere (the benches), a browser of its own.
 */
export async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (or set KUBELAPSE_CHROMIUM)`);
  const shared = process.env[SHARED_BROWSER_ENV];
  if (shared !== undefined) return chromium.connect(shared);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The viewer's state as the store holds it. */
export function viewState(page: Page): Promise<{ seq: number; timeMs: number; t0: number; t1: number; sel: number; playing: boolean; speed: number }> {
  return page.evaluate(() => {
    const s = (globalThis as any).__kubelapse.store.state;
    return { seq: s.seq, timeMs: s.timeMs, t0: s.t0, t1: s.t1, sel: s.sel, playing: s.playing, speed: s.speed };
  });
}

/** The two window sizes the viewer is checked at: a 720p screen recording and a desktop. */
export const SIZES = [
  { width: 1280, height: 720 },
  { width: 1600, height: 1000 },
] as const;

/** A screenshot of the window with `selector` scrolled into view (the middle of the viewer scrolls; header, narration and timeline stay). */
export async function shotAt(page: Page, name: string, selector: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
