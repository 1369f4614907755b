import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { viewerStarter, type ViewerServer } from './video-viewer.js';
import { UsageError } from '../cli/exit.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

/** The frame size: the viewer's 720p layout (the size its screen-recording checks use). */
export const FRAME = { width: 1280, height: 720 } as const;

export interface CardText {
  title: string;
  body: string;
  index: number;
  count: number;
}

/**
 * The viewer in headless chromium, moved frame by frame through window.kubelapse.seekTime
 * (viewer/web/src/export-hook.ts) and photographed. The viewer server runs in this
 * process on 127.0.0.1 and a free port, serving a scratch folder that holds only a link to
 * the recording: the viewer's list then checks one recording, not every file beside it.
 */
export class ViewerCamera {
  private constructor(
    private readonly viewer: ViewerServer,
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly scratch: string,
  ) {}

  /** `name`: what the viewer's header calls the recording (its file name without .db). */
  static async open(file: string, name: string, window: { t0: number; t1: number; timeMs: number }): Promise<ViewerCamera> {
    if (!fs.existsSync(CHROMIUM)) throw new UsageError(`video export needs chromium at ${CHROMIUM}: apt-get install chromium (or set KUBELAPSE_CHROMIUM)`);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-video-'));
    // The viewer takes plain file names only (library.ts): another name shows as "recording".
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name) || name.includes('..')) name = 'recording';
    fs.symlinkSync(path.resolve(file), path.join(scratch, `${name}.db`));
    let viewer: ViewerServer | undefined;
    let browser: Browser | undefined;
    try {
      viewer = await viewerStarter()({ dir: scratch, host: '127.0.0.1', port: 0 });
      // A dependency (the browser tests use it too), loaded only when a video is made: the
      // rest of the CLI starts without it. Debian's chromium is still needed (CHROMIUM).
      const { chromium } = await import('playwright-core').catch(() => {
        throw new UsageError('video export needs the npm package playwright-core, missing from this install: npm install playwright-core');
      });
      // --disable-partial-raster: chromium re-rasters only the changed part of a tile by
      // default, so a pixel's anti-aliasing (the rounded corners beside a scrolling column)
      // depended on which frames came before and on timing: two exports of the same range
      // differed by one level in a few pixels. Whole tiles make each frame depend on the
      // page alone (3 launches x 2 frames, same bytes).
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [...CHROMIUM_ARGS, '--hide-scrollbars', '--disable-partial-raster'],
      });
      const page = await browser.newPage({ viewport: FRAME, deviceScaleFactor: 1 });
      const q = new URLSearchParams({ rec: name, present: '1', time: String(window.timeMs), t0: String(window.t0), t1: String(window.t1) });
      await page.goto(`${viewer.url}?${q}`);
      await page.waitForFunction(() => {
        const g = globalThis as unknown as { __kubelapse?: { ready: boolean; error?: string } };
        return g.__kubelapse?.ready === true || g.__kubelapse?.error !== undefined;
      }, null, { timeout: 120_000 });
      const error = await page.evaluate(() => (globalThis as unknown as { __kubelapse: { error?: string } }).__kubelapse.error);
      if (error !== undefined) throw new Error(`the viewer cannot show this recording: ${error}`);
      // A recording too big to hash-check in the list is checked 3 s after opening and the
      // header changes then: wait for its last word, or every export would differ there.
      await page.locator('#recording-info').filter({ hasNotText: /not checked yet|checking the hash chain/ }).waitFor({ timeout: 60_000 });
      return new ViewerCamera(viewer, browser, page, scratch);
    } catch (err) {
      await browser?.close();
      await viewer?.close();
      fs.rmSync(scratch, { recursive: true, force: true });
      throw err;
    }
  }

  /** The viewer at cluster time `timeMs` (with a title card, or none) as a PNG of FRAME's size. */
  async shoot(timeMs: number, card: CardText | null): Promise<Buffer> {
    await this.page.evaluate(
      ([t, c]) => (globalThis as unknown as { kubelapse: { seekTime(ms: number, card: unknown): Promise<unknown> } }).kubelapse.seekTime(t, c),
      [timeMs, card] as const,
    );
    return this.page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.viewer.close();
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }
}
