#!/usr/bin/env node
/*
 * Retakes the README's viewer screenshots (docs/img/*.png) at 1280x720, the size
 * walkthroughs are screen-recorded at:
 *
 *   npm run build --silent && node scripts/readme-shots.mjs
 *
 * It records the scenarios it shows into a scratch folder (from the shipped YAML, so
 * the pictures match the code), serves them with the built viewer, and photographs
 * them in headless chromium (/usr/bin/chromium, or KUBELAPSE_CHROMIUM). Run it from
 * the repository root after a change to what the viewer draws, and look at the result.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadScenario } from '../dist/core/scenario/parse.js';
import { runScenario } from '../dist/core/scenario/runner.js';
import { startViewer } from '../dist/viewer/server/serve.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs', 'img');
const SIZE = { width: 1280, height: 720 };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-shots-'));
process.env.KUBELAPSE_CACHE_DIR ??= path.join(dir, 'cache');
for (const name of ['pod-loss-recovery', 'prestop-off', 'prestop-on']) {
  runScenario(loadScenario(path.join(ROOT, 'recordings', `${name}.yaml`)), { output: path.join(dir, `${name}.db`) });
}
const viewer = await startViewer({ dir, port: 0 });
const api = async (p) => (await fetch(new URL(p, viewer.url))).json();
const browser = await chromium.launch({ executablePath: process.env.KUBELAPSE_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });

async function photograph(query, file, ready, detailFrom) {
  const page = await browser.newPage({ viewport: SIZE });
  await page.goto(`${viewer.url}${query}`);
  await page.waitForFunction(() => globalThis.__kubelapse?.ready === true, null, { timeout: 30_000 });
  if (ready) await page.waitForSelector(ready, { timeout: 30_000 });
  if (detailFrom) {
    // The selected event's panel scrolls on its own: start it at `detailFrom` (its head is in the narration and the log row anyway).
    await page.evaluate((sel) => {
      const panel = globalThis.document.querySelector('.detail-section');
      const at = panel.querySelector(sel);
      panel.scrollTop += at.getBoundingClientRect().top - panel.getBoundingClientRect().top - 8;
    }, detailFrom);
  }
  await page.waitForTimeout(600); // chips fade in over 350 ms
  await page.mouse.move(0, SIZE.height - 1); // no hover outline on a chip
  await page.screenshot({ path: path.join(OUT, file) });
  await page.close();
  console.log(`wrote docs/img/${file}`);
}

try {
  // pod-loss-recovery at the replacement pod's creation, selected: its causal chain from the kubectl delete at 0:30
  // (the story's one replacement: the fault at 1:10 restarts its pod in place).
  const del = (await api('/api/recordings/pod-loss-recovery/events?actor=kubectl&reason=Delete')).events[0];
  const created = (await api(`/api/recordings/pod-loss-recovery/events?kind=pod&reason=SuccessfulCreate&fromSeq=${del.seq}&limit=1`)).events[0];
  await photograph(`?rec=pod-loss-recovery&seq=${created.seq}&sel=${created.seq}`, 'viewer-causal-chain.png', '#detail svg.sequence', '.chain');
  // prestop-off against prestop-on while the first old pod terminates: requests lost on one side only.
  await photograph('?rec=prestop-off&cmp=prestop-on&time=44600', 'viewer-compare-prestop.png');
} finally {
  await browser.close();
  await viewer.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
