import fs from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, SHARED_BROWSER_ENV } from './browser/browser-args.js';

/**
 * Vitest's global setup: one headless chromium for every browser test file of the run,
 * which each connect to (test/browser/browser.ts `launch`). A launch costs ~3 s of CPU on
 * these 2-core machines (11 processes: zygotes, GPU, network, a WebUI renderer) and 27 files
 * launched their own: ~80 s of CPU in a run that is CPU-bound. Each file still gets its own
 * connection, and closing it closes that file's pages only.
 * No chromium here: nothing is started, and the first browser test says how to install it.
 */
let server: BrowserServer | undefined;

export async function setup(): Promise<void> {
  if (!fs.existsSync(CHROMIUM) || process.env[SHARED_BROWSER_ENV] !== undefined) return;
  server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  process.env[SHARED_BROWSER_ENV] = server.wsEndpoint();
}

export async function teardown(): Promise<void> {
  await server?.close();
}
