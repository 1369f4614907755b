import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportWriter } from '../../core/import/import-writer.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { sqlite, tmpDir } from '../helpers.js';
import { observedFromRecording } from '../import/sim-observed.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, release, shotAt } from './browser.js';

/*
 * An imported recording in the viewer: built from what an audit log holds of the shipped
 * pod-loss-recovery run (import-k8shark.e2e.test.ts opens a real capture), so it has no
 * traffic, no container logs and no scenario. It opens without errors, its header says
 * where it came from, and the chain draws inferred links as inferred. Screenshots in
 * test-artifacts/import-*.png.
 */

let viewer: RunningViewer;
let browser: Browser;
let binding = 0;

beforeAll(async () => {
  const sim = path.join(recordingsDir(['pod-loss-recovery']), 'pod-loss-recovery.db');
  const dir = tmpDir('kubelapse-import-view-');
  const file = path.join(dir, 'incident.db');
  const w = ImportWriter.create(file, { sources: ['audit.log', 'audit-2024.log.gz', 'audit-2023.log.gz'], kind: 'audit', keepSecrets: false });
  for (const o of observedFromRecording(sim)) w.add(o);
  w.close({ complete: true });
  expect(fs.readdirSync(dir)).toEqual(['incident.db']);
  binding = Number(sqlite(file, "SELECT MIN(seq) FROM events WHERE subresource = 'binding' AND namespace = 'default'").trim());
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('viewer in chromium: an imported recording', () => {
  it('opens with no traffic, logs or scenario, says where it came from, and labels inferred links in the chain', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=incident&seq=${binding}&sel=${binding}`, { width: 1280, height: 720 });
    await page.waitForSelector('#detail .chain svg.sequence');
    expect(problems).toEqual([]);
    expect(await page.locator('#recording-info').textContent()).toMatch(/^imported from 3 files, start 2026-01-01 00:00:00 UTC · \d+ events/);
    const hops = page.locator('#detail svg.sequence g.hop.inferred');
    expect(await hops.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#detail svg.sequence text.hop-inferred').allTextContents()).toEqual(['inferred (deployment-spec)', 'inferred (rs-scale)', 'inferred (bind-pod-create)']);
    expect(await hops.first().locator('line.notify').evaluate((l) => (globalThis as unknown as { getComputedStyle(e: unknown): { strokeDasharray: string } }).getComputedStyle(l).strokeDasharray)).toBe('2px, 5px');
    expect(await page.locator('#detail .provenance').textContent()).toBe(`imported from audit.log:${binding} · inferred: pod created 1 ms earlier (rule bind-pod-create)`);
    await shotAt(page, 'import-chain-1280', '#detail .chain');
    await release(page);
  });

  it('scrubs to the end without errors', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=incident&time=120000`, { width: 1280, height: 720 });
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
    await shotAt(page, 'import-end-1280', 'body');
    await release(page);
  });
});
