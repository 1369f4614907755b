import zlib from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { list } from '../../../core/api/rest/reads.js';
import { asTable } from '../../../core/api/rest/table.js';
import { ListCache } from '../../../core/api/rest/list-cache.js';
import { CachedTail, gzipSpliced } from '../../../core/api/rest/compression.js';
import { kindInfo } from '../../../core/api/kinds.js';
import type { Reply, ResourceRequest } from '../../../core/api/rest/request.js';
import type { Simulation } from '../../../core/sim/cluster.js';
import { deployment, makeSim, pod } from '../../helpers.js';

/*
 * LIST bodies kept between requests (list-cache.ts, reads.ts): a Table is kept while no
 * row's AGE text changes and the next one is made ahead; their memory is reused once no
 * response reads it (body-buffers.ts). Every body served must be the bytes an uncached
 * build makes at that instant, gzip'd or not.
 */

const kubectl = { actor: 'kubectl' };

function request(sim: Simulation, table: boolean, kind = 'Pod'): ResourceRequest {
  const info = kindInfo(kind);
  if (info === undefined) throw new Error('no Pod kind');
  return {
    api: sim.api,
    target: { info, namespace: undefined, name: undefined, subresource: undefined, watchPrefix: false },
    method: 'GET',
    query: new URLSearchParams(),
    req: {} as IncomingMessage,
    ctx: () => ({ actor: 'kubectl', causeSeq: null, reason: null, message: '' }),
    sync: () => undefined,
    later: (task) => setImmediate(task),
    ...(table ? { table: { include: 'Metadata' as const } } : {}),
  };
}

/** What an uncached build prints now: JSON.stringify of a fresh Table of every pod, in key order. */
function expected(sim: Simulation, kind = 'Pod'): string {
  const pods = [...sim.api.list(kind, {}).items].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  return JSON.stringify(asTable(kind, pods, { include: 'Metadata', clock: sim.api, resourceVersion: String(sim.api.resourceVersion) }));
}

/** The body a reply sends: as text, and gzip'd as a client asking for it gets it (inflated again). */
async function served(reply: Reply): Promise<{ text: string; gunzipped: string }> {
  const s = reply.spliced;
  if (s === undefined) throw new Error('not a spliced LIST reply');
  const text = s.head + s.tail.bytes.toString();
  await s.tail.prepareGzip();
  const gunzipped = zlib.gunzipSync(Buffer.concat(gzipSpliced(Buffer.from(s.head), s.tail))).toString();
  return { text, gunzipped };
}

/** A LIST as a response makes it: held by list(), released when the response is done. */
async function get(sim: Simulation, kind = 'Pod'): Promise<{ reply: Reply; text: string }> {
  const reply = list(request(sim, true, kind));
  const { text, gunzipped } = await served(reply);
  expect(text).toBe(expected(sim, kind));
  expect(gunzipped).toBe(text);
  reply.spliced?.tail.release();
  return { reply, text };
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

function podsAt(sim: Simulation, names: string[]): void {
  for (const n of names) sim.api.create(pod(n), kubectl);
}

describe('whole Table LIST kept while its AGE text holds', () => {
  it('serves the uncached bytes, gzip\'d and not, across second, 2-minute and 10-minute boundaries and after writes', async () => {
    const sim = makeSim(1);
    podsAt(sim, ['a', 'b']);
    sim.runUntil(3_000);
    podsAt(sim, ['c']);
    for (const at of [3_000, 3_400, 3_999, 4_000, 119_999, 120_000, 121_500, 599_999, 600_000, 603_000, 659_999, 660_000, 661_000]) {
      sim.runUntil(at);
      await get(sim);
      await get(sim);
      await turn();
      if (at === 4_000 || at === 603_000) sim.api.patch('Pod', 'default', 'b', { metadata: { labels: { touched: String(at) } } }, 'merge', kubectl);
      if (at === 121_500) podsAt(sim, ['d']);
    }
  });

  it('keeps one body for a second while pods are young, and for the rest of the minute once they are older than 10 minutes', async () => {
    const sim = makeSim(1);
    podsAt(sim, ['a', 'b']);
    sim.runUntil(5_100);
    const young = (await get(sim)).reply.spliced?.tail;
    sim.runUntil(5_900);
    expect((await get(sim)).reply.spliced?.tail).toBe(young);
    sim.runUntil(6_000);
    expect((await get(sim)).reply.spliced?.tail).not.toBe(young);
    sim.runUntil(12 * 60_000 + 500);
    const old = (await get(sim)).reply.spliced?.tail;
    sim.runUntil(12 * 60_000 + 59_999);
    expect((await get(sim)).reply.spliced?.tail).toBe(old);
    sim.runUntil(13 * 60_000);
    expect((await get(sim)).reply.spliced?.tail).not.toBe(old);
  });

  it('makes the next body ahead for a repeated query, serves it at its instant, and never after a write', async () => {
    const sim = makeSim(1);
    podsAt(sim, ['a', 'b', 'c']);
    sim.runUntil(5_100);
    await get(sim);
    await get(sim); // asked again in the same second: the next second's body is made after this turn
    await turn();
    sim.runUntil(6_000);
    const next = list(request(sim, true));
    // It was made (and deflated, since this query's gzip was asked for) before the request came.
    expect(next.spliced?.tail.gzipAsked).toBe(true);
    expect((await served(next)).text).toBe(expected(sim));
    next.spliced?.tail.release();

    await get(sim);
    await turn(); // the body for 7 s is made now ...
    sim.api.patch('Pod', 'default', 'b', { metadata: { labels: { touched: 'yes' } } }, 'merge', kubectl); // ... and a write makes it stale
    sim.runUntil(7_000);
    const after = list(request(sim, true));
    expect(after.spliced?.tail.gzipAsked).toBe(false);
    const { text, gunzipped } = await served(after);
    expect(text).toBe(expected(sim));
    expect(text).toContain('"touched":"yes"');
    expect(gunzipped).toBe(text);
    after.spliced?.tail.release();
  });

  it('a kind printed as text (Deployments: AGE not kept open) made ahead prints the AGE of the second it is served in', async () => {
    const sim = makeSim(1);
    sim.api.create(deployment('web'), kubectl);
    sim.runUntil(5_100);
    await get(sim, 'Deployment');
    await get(sim, 'Deployment');
    await turn();
    for (const at of [5_999, 6_000, 6_500, 7_000]) {
      sim.runUntil(at);
      expect((await get(sim, 'Deployment')).text).toContain(`"${Math.floor(at / 1000)}s"`);
      await get(sim, 'Deployment');
      await turn();
    }
  });

  it('never reuses the memory of a body a response still holds: bodies served stay intact while later ones are made', async () => {
    const sim = makeSim(1);
    podsAt(sim, ['a', 'b', 'c', 'd']);
    const held: Array<{ reply: Reply; text: string }> = [];
    for (let at = 1_000; at <= 20_000; at += 500) {
      sim.runUntil(at);
      const reply = list(request(sim, true));
      const text = (await served(reply)).text;
      expect(text).toBe(expected(sim));
      // Every third response is slow: it holds its body across the next seconds' builds.
      if (at % 1_500 === 0) held.push({ reply, text });
      else reply.spliced?.tail.release();
      await turn();
      if (at % 4_000 === 0) sim.api.patch('Pod', 'default', 'a', { metadata: { labels: { at: String(at) } } }, 'merge', kubectl);
    }
    for (const h of held) {
      const tail = h.reply.spliced?.tail as CachedTail;
      expect(h.reply.spliced?.head + tail.bytes.toString()).toBe(h.text);
      tail.release();
    }
  });
});

describe('ListCache memory reuse', () => {
  const body = (cache: ListCache, text: string): Buffer => {
    const b = cache.buffers.take(Buffer.byteLength(text));
    b.write(text);
    return b;
  };

  it('reuses a body\'s memory once it is out of the cache and released, and a reused body cannot be read', () => {
    const cache = new ListCache();
    const a = cache.put('k', '1', body(cache, 'x'.repeat(100_000)));
    a.hold();
    const b = cache.put('k', '2', body(cache, 'y'.repeat(100_000)));
    // a is out of the cache, but a response still reads it: not reused.
    expect(cache.buffers.idle).toBe(0);
    expect(a.bytes.toString()).toBe('x'.repeat(100_000));
    a.release();
    expect(cache.buffers.idle).toBeGreaterThanOrEqual(100_000);
    const memory = a.length;
    const c = body(cache, 'z'.repeat(memory));
    expect(cache.buffers.idle).toBe(0);
    expect(() => a.bytes).toThrow(/reused/);
    expect(c.toString()).toBe('z'.repeat(memory));
    expect(b.bytes.toString()).toBe('y'.repeat(100_000));
  });

  it('never reuses a body that went to a socket as it is, nor one being deflated until the deflate is done', async () => {
    const cache = new ListCache();
    const lent = cache.put('k', '1', body(cache, 'x'.repeat(100_000)));
    lent.hold();
    lent.lend();
    cache.put('k', '2', body(cache, 'y'.repeat(100_000)));
    lent.release();
    expect(cache.buffers.idle).toBe(0);
    expect(lent.bytes.toString()).toBe('x'.repeat(100_000));

    const text = 'w'.repeat(300_000);
    const deflating = cache.put('j', '1', body(cache, text));
    const gzip = deflating.prepareGzip();
    cache.put('j', '2', body(cache, 'v'.repeat(300_000)));
    expect(cache.buffers.idle).toBe(0);
    await gzip;
    expect(cache.buffers.idle).toBeGreaterThanOrEqual(300_000);
    // Its gzip was made from the text it had.
    expect(zlib.gunzipSync(Buffer.concat(gzipSpliced(Buffer.from('{'), deflating))).toString()).toBe(`{${text}`);
  });

  it('lets a body made ahead go, memory and all, once a write or a later span means it can never be served', () => {
    const cache = new ListCache();
    cache.put('k', '1', body(cache, 'a'.repeat(100_000)), { from: 0, until: 1000 });
    cache.putAhead('k', '1', body(cache, 'b'.repeat(100_000)), { from: 1000, until: 2000 });
    expect(cache.size).toBe(2);
    // A write (stamp 2): the one made ahead is of the old stamp, never to be served.
    cache.put('k', '2', body(cache, 'c'.repeat(100_000)), { from: 500, until: 1000 });
    expect(cache.hasAhead('k', '1', 1000)).toBe(false);
    expect(cache.size).toBe(1);
    expect(cache.buffers.idle).toBeGreaterThanOrEqual(200_000);
    // Made ahead for 1000, then a current body from 1500 is put (its instant was skipped): it goes too.
    cache.putAhead('k', '2', body(cache, 'd'.repeat(100_000)), { from: 1000, until: 2000 });
    cache.put('k', '2', body(cache, 'e'.repeat(100_000)), { from: 1500, until: 2000 });
    expect(cache.hasAhead('k', '2', 1000)).toBe(false);
    expect(cache.get('k', '2', 1600)?.bytes.toString()).toBe('e'.repeat(100_000));
    // One still to come stays.
    cache.putAhead('k', '2', body(cache, 'f'.repeat(100_000)), { from: 2000, until: 3000 });
    cache.put('k', '2', body(cache, 'g'.repeat(100_000)), { from: 1500, until: 2000 });
    expect(cache.hasAhead('k', '2', 2000)).toBe(true);
    expect(cache.get('k', '2', 2500)?.bytes.toString()).toBe('f'.repeat(100_000));
  });

  it('takes back only memory it gave (a small Buffer shares Node\'s pool)', () => {
    const cache = new ListCache();
    const small = cache.put('k', '1', Buffer.from('{"items":[]}'));
    cache.put('k', '2', Buffer.from('{"items":[1]}'));
    expect(cache.buffers.idle).toBe(0);
    expect(small.bytes.toString()).toBe('{"items":[]}');
  });
});
