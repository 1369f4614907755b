import type { Browser, Page } from 'playwright-core';
import { onTestFinished } from 'vitest';

/**
 * Pages handed from test to test of a file: a test that opens the viewer gets a page an earlier test
 * of its file finished with (one of the same window size if there is one, else resized), navigated
 * to its own URL (the viewer boots anew, as in a fresh page), instead of a new page. A new page is a
 * new browser context and renderer process: opening rolling-update at seq 330 ten times took 3.2 s
 * of CPU an open in new pages and 0.9 s in one page navigated again (chromium, node and the viewer
 * server together; 2026-12-04, load 10-15 on 2 cores), and ~3.7-5.5 s against ~1.1-1.3 s of wall time.
 * The viewer keeps nothing in the browser (no cookies, storage or IndexedDB), and what a test may
 * have changed of the page is put back before it is lent again: the window size, the mouse (moved
 * off the window, so no element of the next document is hovered where the last test left it), the
 * listeners openViewer added; the page goes through about:blank, so even a URL that differs only
 * after '#' boots the viewer anew.
 * A page opened outside a test (beforeAll) or by a test that failed is never lent again.
 */
const idle = new WeakMap<Browser, Page[]>();
const detach = new WeakMap<Page, () => void>();
const owner = new WeakMap<Page, Browser>();

/** An idle page of `browser`, one of `size` if there is one; undefined if none. */
function borrow(browser: Browser, size: { width: number; height: number }): Page | undefined {
  const list = (idle.get(browser) ?? []).filter((p) => !p.isClosed());
  const sized = list.findIndex((p) => p.viewportSize()?.width === size.width && p.viewportSize()?.height === size.height);
  const [page] = list.splice(sized === -1 ? list.length - 1 : sized, 1);
  idle.set(browser, list);
  return page;
}

function giveBack(browser: Browser, page: Page): void {
  if (page.isClosed() || !browser.isConnected()) return;
  const list = idle.get(browser) ?? [];
  idle.set(browser, list);
  if (!list.includes(page)) list.push(page);
}

/** Lends the page back when the running test ends; nothing outside a test (a beforeAll's page is the file's to close). */
function lendUntilTestEnds(browser: Browser, page: Page): void {
  try {
    onTestFinished((ctx) => {
      if (ctx.task.result?.state === 'fail') return void page.close().catch(() => undefined);
      giveBack(browser, page);
    });
  } catch {
    // Outside a test: never lent.
  }
}

/** A page of `size`: a used one made like new, or a new one. */
export async function pageOfSize(browser: Browser, size: { width: number; height: number }): Promise<Page> {
  const used = borrow(browser, size);
  const page = used ?? (await browser.newPage({ viewport: size }));
  if (used !== undefined) {
    detach.get(used)?.();
    detach.delete(used);
    const now = used.viewportSize();
    if (now?.width !== size.width || now.height !== size.height) await used.setViewportSize(size);
    await used.mouse.move(-1, -1);
    await used.goto('about:blank');
  }
  owner.set(page, browser);
  lendUntilTestEnds(browser, page);
  return page;
}

/**
 * Done with `page` before the test ends: the test's next open may take it (a test that opens
 * four recordings one after the other then uses one page, not four). What `page.close()` was
 * for in such a test; a page of no pool is closed.
 */
export async function release(page: Page): Promise<void> {
  const browser = owner.get(page);
  if (browser === undefined) return page.close();
  giveBack(browser, page);
}

/** A page that fails the test on any script error or failed request, opened on `url` and waited on until the viewer is ready. */
export async function openViewer(browser: Browser, url: string, size = { width: 1500, height: 1000 }): Promise<{ page: Page; problems: string[] }> {
  const page = await pageOfSize(browser, size);
  const problems: string[] = [];
  const onError = (e: Error): void => void problems.push(`page error: ${e.message}`);
  const onConsole = (m: { type(): string; text(): string }): void => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  };
  page.on('pageerror', onError);
  page.on('console', onConsole);
  detach.set(page, () => {
    page.off('pageerror', onError);
    page.off('console', onConsole);
  });
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true || (globalThis as any).__kubelapse?.error !== undefined, null, { timeout: 15_000 });
  return { page, problems };
}
