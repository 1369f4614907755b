import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../viewer/server/app.js';
import { RecordingLibrary } from '../../viewer/server/library.js';

/*
 * The page's own files are answered from memory (viewer/server/web-files.ts) so a fresh
 * server sends app.js at once instead of after its first API answers. What a user would
 * notice if that went wrong: a page without its script or styles (wrong type), a reload
 * after `npm run build` still running the old bundle, or a missing front end not saying so.
 */

let web: string;
let server: Server;
let base: string;

beforeAll(async () => {
  web = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-web-'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>page</title><script type="module" src="app.js"></script>');
  fs.writeFileSync(path.join(web, 'app.js'), 'console.log("first build");');
  fs.writeFileSync(path.join(web, 'style.css'), 'body { margin: 0 }');
  const lib = new RecordingLibrary(fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-recs-')));
  server = createApp(lib, web).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

describe('the page files', () => {
  it('answers the page, its script and its stylesheet with their types', async () => {
    const page = await fetch(`${base}/?rec=big`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('src="app.js"');
    const js = await fetch(`${base}/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('console.log("first build");');
    expect((await fetch(`${base}/style.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers a page opened again with 304, and a rebuilt bundle with its new bytes', async () => {
    const first = await fetch(`${base}/app.js`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    const again = await fetch(`${base}/app.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // A rebuild writes a new bundle (another size, a later mtime): the next load gets it, not the cached bytes.
    const file = path.join(web, 'app.js');
    fs.writeFileSync(file, 'console.log("second build, longer");');
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(file, later, later);
    const rebuilt = await fetch(`${base}/app.js`, { headers: { 'if-none-match': etag } });
    expect(rebuilt.status).toBe(200);
    expect(await rebuilt.text()).toBe('console.log("second build, longer");');
  });

  it('says the front end is not built when index.html is missing', async () => {
    fs.rmSync(path.join(web, 'index.html'));
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('the front end is not built');
  });
});
