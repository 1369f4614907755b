import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { startLive, waitFor, type RunningLive } from '../live/live-fixture.js';
import { CHROMIUM, launch, openViewer, shot, viewState } from './browser.js';

/* The viewer on a recording that a live session is still writing. */

let live: RunningLive;
let viewer: RunningViewer;
let browser: Browser;

const deployment = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
});

describe.skipIf(!fs.existsSync(CHROMIUM))('viewer following a live recording', () => {
  beforeAll(async () => {
    live = await startLive({ speed: 4 });
    viewer = await startViewer({ dir: live.dir, port: 0 });
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
    await live?.stop();
  });

  it('streams new events in with the playhead at now, holds it where the user scrubbed back, and says when the session ended', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=live-test`);
    const lastSeq = () => live.live.session.sim.api.lastSeq;
    // Opens at the end of what is recorded so far.
    const first = await viewState(page);
    expect(first.seq).toBeGreaterThan(0);
    await waitFor('the live badge', async () => ((await page.textContent('#recording-info'))?.includes('live') ? true : undefined));

    // kubectl-like writes arrive: the viewer rebuilds and the playhead follows to the new end.
    expect((await live.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment, contentType: 'application/json' })).status).toBe(201);
    await waitFor('pods drawn in the cluster view', async () => {
      const names = await page.$$eval('svg.cluster g.pod', (els) => els.filter((e) => (e as unknown as { style: { display: string } }).style.display !== 'none').map((e) => e.getAttribute('data-pod') ?? ''));
      return names.filter((n) => n.startsWith('web-')).length === 2 ? names : undefined;
    });
    const followed = await waitFor('the playhead at the newest event', async () => {
      const s = await viewState(page);
      const probe = await page.evaluate(() => (globalThis as any).__kubelapse.live);
      return probe !== undefined && probe.following && s.seq === probe.lastSeq && s.seq > first.seq ? s : undefined;
    });
    expect(followed.seq).toBeLessThanOrEqual(lastSeq());
    expect(await page.textContent('#recording-info')).toMatch(/live · \d+ events · .* · following/);
    await shot(page, 'live-following');

    // Scrub back: later updates keep the playhead where the user put it.
    await page.keyboard.press('Home');
    const held = (await viewState(page)).seq;
    const updatesBefore = await page.evaluate(() => (globalThis as any).__kubelapse.live.updates);
    await live.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { body: '{"spec":{"replicas":3}}', contentType: 'application/merge-patch+json' });
    await waitFor('another update', async () => ((await page.evaluate(() => (globalThis as any).__kubelapse.live.updates)) > updatesBefore ? true : undefined));
    expect((await viewState(page)).seq).toBe(held);
    expect(await page.textContent('#recording-info')).toContain('press End to follow');

    // End follows again.
    await page.keyboard.press('End');
    const updates2 = await page.evaluate(() => (globalThis as any).__kubelapse.live.updates);
    await waitFor('an update after End', async () => ((await page.evaluate(() => (globalThis as any).__kubelapse.live.updates)) > updates2 ? true : undefined), 30_000);
    await waitFor('following again', async () => ((await page.evaluate(() => (globalThis as any).__kubelapse.live.following)) ? true : undefined));

    // Ctrl-C in the terminal: the recording completes and the viewer says so.
    await live.stop();
    await waitFor('the ended badge', async () => ((await page.textContent('#recording-info'))?.includes('live session ended') ? true : undefined));
    expect(problems).toEqual([]);
  }, 120_000);
});
