import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shot } from './browser.js';

/**
 * What a new user found at 1280x720 (round 11's walkthrough, findings D): words broken
 * mid-word in the event log, a Selected event panel 180 px tall whose heading scrolled away,
 * the log lighting the playhead's row rather than the selected one, pod chips all reading
 * `plane` or overlapping, and a header and playhead label cut short.
 */
const NAMES = ['rolling-update', 'prestop-on', 'autoscaler-scale-out', 'pod-loss-recovery'];
const HD = { width: 1280, height: 720 };
const DESKTOP = { width: 1600, height: 1000 };

let viewer: RunningViewer;
let browser: Browser;
const api = async (p: string): Promise<any> => (await fetch(new URL(p, viewer.url))).json();

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(NAMES), port: 0 });
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

async function open(query: string, size = HD): Promise<{ page: Page; problems: string[] }> {
  return openViewer(browser, `${viewer.url}${query}`, size);
}

/** Waits until the log shows `seq`'s row and the detail panel `sel`'s head. */
async function settled(page: Page, seq: number, sel: number): Promise<void> {
  await page.waitForSelector(`#log tr[data-seq="${seq}"]`);
  if (sel > 0) await page.waitForFunction((s) => (globalThis as any).document.querySelector('#detail .detail-head')?.textContent.includes(`seq ${s} `), sel, { timeout: 15_000 });
}

/**
 * Every place a log cell's text goes to a new line, as "before|after" where the break is
 * inside a word: between two letters or digits, not after a space, "/" or "-" nor between a
 * lower-case letter and an upper-case one (`Container` `Started`).
 */
function midWordBreaks(page: Page, cells = '#log td .clip'): Promise<string[]> {
  return page.evaluate((sel) => {
    const doc = (globalThis as any).document;
    const out: string[] = [];
    for (const clip of doc.querySelectorAll(sel)) {
      const walker = doc.createTreeWalker(clip, 4 /* text */);
      const chars: Array<{ c: string; top: number }> = [];
      for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
        for (let i = 0; i < n.data.length; i++) {
          const r = doc.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const box = r.getClientRects()[0];
          // A space that ends a line has no box of its own: it still says the break is between words.
          if (/\s/.test(n.data[i])) chars.push({ c: n.data[i], top: chars.at(-1)?.top ?? 0 });
          else if (box !== undefined && box.width > 0) chars.push({ c: n.data[i], top: box.top });
        }
      }
      for (let i = 1; i < chars.length; i++) {
        const [prev, next] = [chars[i - 1]!, chars[i]!];
        if (next.top <= prev.top + 2) continue;
        const a = prev.c;
        const b = next.c;
        const fine = /[\s/\-:,.=]/.test(a) || /[\s[]/.test(b) || (/[a-z]/.test(a) && /[A-Z]/.test(b)) || b === '…';
        if (!fine) out.push(`${chars.slice(Math.max(0, i - 8), i).map((x) => x.c).join('')}|${chars.slice(i, i + 8).map((x) => x.c).join('')}`);
      }
    }
    return out;
  }, cells);
}

/** Whether `seq`'s row is all inside the log's visible part. */
function rowInView(page: Page, seq: number): Promise<boolean> {
  return page.evaluate((s) => {
    const doc = (globalThis as any).document;
    const box = doc.querySelector('#log .log-scroll').getBoundingClientRect();
    const row = doc.querySelector(`#log tr[data-seq="${s}"]`)?.getBoundingClientRect();
    return row !== undefined && row.top >= box.top - 1 && row.bottom <= box.bottom + 1;
  }, seq);
}

describe('newuser: the event log at 1280x720', () => {
  it('wraps actor, verb, reason and message at word and path boundaries (or cuts with an ellipsis and a title), presentation mode too', async () => {
    const seq = 263; // rolling-update: kubectl set image, among deployment-controller and endpointslice writes
    const { page, problems } = await open(`?rec=rolling-update&seq=${seq}&sel=${seq}`);
    await settled(page, seq, seq);
    expect(await midWordBreaks(page)).toEqual([]);
    // A cell cut short keeps its whole text in its tooltip.
    for (const t of await page.$$eval('#log td.actor, #log td.reason, #log td.verb', (els) => els.map((e) => [e.getAttribute('title'), e.textContent]))) expect(t[0]).toBe(t[1]);
    await expect.poll(() => rowInView(page, seq)).toBe(true);
    await shot(page, 'newuser-log-1280');
    await page.keyboard.press('p');
    await page.waitForFunction(() => (globalThis as any).document.body.classList.contains('presenting'));
    expect(await midWordBreaks(page)).toEqual([]);
    await expect.poll(() => rowInView(page, seq)).toBe(true);
    await shot(page, 'newuser-log-1280-present');
    const prestop = await open('?rec=prestop-on&seq=174&sel=174');
    await settled(prestop.page, 174, 174);
    expect(await midWordBreaks(prestop.page)).toEqual([]);
    expect([...problems, ...prestop.problems]).toEqual([]);
  }, 60_000);

  it('lights the selected event, not the playhead, and shows its row; the playhead row keeps a mark of its own', async () => {
    const { page, problems } = await open('?rec=prestop-on&seq=174&sel=151');
    await settled(page, 174, 151);
    await expect.poll(() => rowInView(page, 151)).toBe(true);
    const g = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const win = globalThis as any;
      const row = (s: number): any => doc.querySelector(`#log tr[data-seq="${s}"]`);
      const bg = (s: number): string => win.getComputedStyle(row(s)).backgroundColor;
      const mark = (s: number): string => win.getComputedStyle(row(s).querySelector('td')).boxShadow;
      const plain = [...doc.querySelectorAll('#log tbody tr')].find((r: any) => !r.classList.contains('selected') && !r.classList.contains('current'));
      return { selBg: bg(151), curBg: bg(174), plainBg: win.getComputedStyle(plain).backgroundColor, curMark: mark(174), selMark: mark(151) };
    });
    expect(g.selBg).not.toBe(g.plainBg);
    expect(g.selBg).not.toBe(g.curBg);
    expect(g.curMark).not.toBe('none');
    expect(g.curMark).not.toBe(g.selMark);
    await shot(page, 'newuser-log-selected');
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('newuser: the Selected event panel', () => {
  for (const [size, least] of [[HD, 235], [DESKTOP, 375]] as const) {
    it(`at ${size.width}x${size.height} gives the chain and the diff ${least}+ px, its heading stays in view when scrolled`, async () => {
      const sel = (await api('/api/recordings/rolling-update/events?reason=ContainersReady&limit=1')).events[0]?.seq ?? 300;
      const { page, problems } = await open(`?rec=rolling-update&seq=${sel}&sel=${sel}`, size);
      await settled(page, sel, sel);
      await page.waitForSelector('#detail svg.sequence');
      const g = await page.evaluate(() => {
        const doc = (globalThis as any).document;
        const sec = doc.querySelector('.detail-section');
        const h2 = sec.querySelector('h2');
        const room = sec.clientHeight - h2.getBoundingClientRect().height;
        sec.scrollTop = sec.scrollHeight;
        const s = sec.getBoundingClientRect();
        const h = h2.getBoundingClientRect();
        return { room, headInView: h.top >= s.top - 1 && h.bottom <= s.bottom + 1 && sec.scrollTop > 0 };
      });
      expect(g.room).toBeGreaterThanOrEqual(least);
      // The diff's field paths break between their parts ("status." "containerStatuses"), not inside one.
      expect(await midWordBreaks(page, '#detail table.diff td.path')).toEqual([]);
      expect(g.headInView).toBe(true);
      await shot(page, `newuser-detail-${size.width}x${size.height}`);
      expect(problems).toEqual([]);
    }, 60_000);
  }
});

describe('newuser: pod chips', () => {
  it('static pods on the control-plane node read their component, and no label runs past its chip', async () => {
    const { page, problems } = await open('?rec=autoscaler-scale-out&seq=700');
    await page.waitForSelector('svg.cluster g.pod text.label');
    const g = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const chips = [...doc.querySelectorAll('svg.cluster g.pod')].map((p: any) => ({ pod: p.getAttribute('data-pod') as string, label: p.querySelector('text.label')?.textContent ?? '', w: p.querySelector('.body').getBBox().width as number, lw: p.querySelector('text.label')?.getBBox().width ?? 0 }));
      return chips;
    });
    const plane = g.filter((c) => c.pod.endsWith('-control-plane'));
    expect(plane.length).toBeGreaterThan(1);
    expect(new Set(plane.map((c) => c.label)).size).toBe(plane.length);
    for (const c of g) expect(c.lw, `${c.pod} "${c.label}"`).toBeLessThanOrEqual(c.w - 2);
    for (const c of g.filter((x) => !x.pod.endsWith('-control-plane') && x.label !== '')) expect(c.pod.endsWith(c.label.replace('…', '')) || c.pod.includes(c.label.replace('…', '')), c.pod).toBe(true);
    await shot(page, 'newuser-chips');
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('newuser: the header and the playhead label at 1280x720', () => {
  it('shows the recording info whole, the picker not cut under its arrow, and the playhead time whole at the end', async () => {
    const last = (await api('/api/recordings/prestop-on')).lastSeq as number;
    const { page, problems } = await open(`?rec=prestop-on&seq=${last}`);
    await page.waitForFunction(() => /chain (verified|BROKEN)/i.test((globalThis as any).document.querySelector('#recording-info').textContent));
    const g = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const win = globalThis as any;
      const info = doc.querySelector('#recording-info');
      const sel = doc.querySelector('#recording-select');
      const svg = doc.querySelector('svg.timeline');
      const t = doc.querySelector('text.playhead-time').getBoundingClientRect();
      const s = svg.getBoundingClientRect();
      const cs = win.getComputedStyle(sel);
      return { infoCut: info.scrollWidth > info.clientWidth, overflow: cs.textOverflow, timeRight: t.right, timeLeft: t.left, svgRight: s.right, svgLeft: s.left, text: doc.querySelector('text.playhead-time').textContent };
    });
    expect(g.infoCut).toBe(false);
    expect(g.overflow).toBe('ellipsis');
    expect(g.timeRight).toBeLessThanOrEqual(g.svgRight);
    expect(g.timeLeft).toBeGreaterThanOrEqual(g.svgLeft);
    expect(g.text).toMatch(/^\d+:\d\d\.\d$/);
    await shot(page, 'newuser-header-end');
    expect(problems).toEqual([]);
  }, 60_000);
});
