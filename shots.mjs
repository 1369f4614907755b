import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const urls = process.argv.slice(2);
for (const [i, u] of urls.entries()) {
  for (const [w, h] of [[1280, 720], [1600, 1000]]) {
    const p = await b.newPage({ viewport: { width: w, height: h } });
    p.on('pageerror', (e) => console.log('pageerror', e.message));
    p.on('console', (m) => { if (m.type() === 'error') console.log('console', m.text()); });
    await p.goto('http://127.0.0.1:18181/' + u);
    await p.waitForFunction(() => globalThis.__kubelapse?.ready === true || globalThis.__kubelapse?.error !== undefined, null, { timeout: 30000 });
    await p.waitForTimeout(500);
    await p.screenshot({ path: `/tmp/shot-${i}-${w}.png` });
    await p.close();
  }
}
await b.close();
