import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startLive, waitFor, type RunningLive } from './live-fixture.js';

/**
 * Watchers that read slower than the cluster writes, over a real HTTPS server: one merely
 * behind during a burst catches up and gets every event in order; only one that stops
 * reading is cut, and the others carry on; a cut one resumes from its resourceVersion.
 * The bursts are ConfigMaps of 400 KB, 100 of them (40 MB per watcher): more than the
 * kernel's socket buffers and the old 16 MB cut-off, which a paused reader overran.
 */

interface Stream {
  /** resourceVersions of the events read, in order; ERROR events as 'ERROR:<code>'. */
  seen: string[];
  res: IncomingMessage | undefined;
  ended: boolean;
  destroy(): void;
}

function watch(l: RunningLive, resourceVersion: string, paused = false): Stream {
  const u = new URL(l.url);
  const s: Stream = { seen: [], res: undefined, ended: false, destroy: () => req.destroy() };
  let buf: Buffer[] = [];
  const req = https.request({ host: u.hostname, port: u.port, path: `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${resourceVersion}`, ca: l.ca, headers: { Authorization: `Bearer ${l.token}` } }, (res) => {
    s.res = res;
    if (paused) res.pause();
    // Lines of 400 KB arrive in many chunks: join them once a newline comes, not per chunk.
    res.on('data', (c: Buffer) => {
      let at = c.indexOf(10);
      while (at >= 0) {
        const line = Buffer.concat([...buf, c.subarray(0, at)]).toString('utf8');
        buf = [];
        c = c.subarray(at + 1);
        at = c.indexOf(10);
        const e = JSON.parse(line) as { type: string; object: { code?: number; metadata?: { resourceVersion?: string } } };
        s.seen.push(e.type === 'ERROR' ? `ERROR:${e.object.code}` : (e.object.metadata?.resourceVersion as string));
      }
      if (c.length > 0) buf.push(c);
    });
    res.on('end', () => (s.ended = true));
    res.on('error', () => (s.ended = true));
  });
  req.on('error', () => (s.ended = true));
  req.end();
  return s;
}

function burst(l: RunningLive, from: number, n: number, bytes: number): string[] {
  const api = l.live.session.sim.api;
  const rvs: string[] = [];
  for (let i = from; i < from + n; i++) {
    const cm = api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: { blob: String(i % 10).repeat(bytes) } }, { actor: 'test' });
    rvs.push(cm.metadata.resourceVersion as string);
  }
  return rvs;
}

let live: RunningLive | undefined;
const streams: Stream[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.destroy();
  await live?.stop();
  live = undefined;
});

describe('slow watchers on the live API', () => {
  // Both ways of serving TLS (live-server.ts's tlsWorker): through the worker thread a cut
  // watcher's connection must still be dropped, not ended behind what it never read.
  it.each([true, false])('a watcher paused through a 40 MB burst gets every event in order; one that never reads is cut, the others are not, and it resumes from its resourceVersion (TLS in a worker: %s)', async (tlsWorker) => {
    // The clients read in this thread, which also makes the burst (100 events of 400 KB
    // encoded and recorded): behind the TLS worker, which times a stall on its own thread
    // (front-out.ts), the reader reads nothing for as long as that takes (over 2.5 s on a
    // loaded machine), so the stall limit is above it.
    live = await startLive({ slowWatchers: { highWaterBytes: 64 * 1024, stallMs: 6_000 }, tlsWorker });
    const l = live;
    const start = String(l.live.session.sim.api.resourceVersion);
    const reader = watch(l, start);
    const slow = watch(l, start, true);
    const stuck = watch(l, start, true);
    streams.push(reader, slow, stuck);
    await waitFor('three watches', () => (l.live.watchCount === 3 ? true : undefined));
    const first = burst(l, 0, 100, 400 * 1024);
    await new Promise((r) => setTimeout(r, 800));
    expect(slow.seen.length).toBeLessThan(100); // it really was behind
    slow.res?.resume();
    await waitFor('the slow watcher to catch up', () => (slow.seen.length >= 100 ? true : undefined));
    // Through the TLS worker the reader's bytes are encrypted on another thread, which can
    // be busy with the slow one's 40 MB: it may finish after the slow one, not before.
    await waitFor('the reader to have the burst', () => (reader.seen.length >= 100 ? true : undefined));
    expect(slow.seen).toEqual(first);
    expect(reader.seen).toEqual(first);
    // Past the stall limit, the next write finds the stuck one has not drained: it is cut.
    await new Promise((r) => setTimeout(r, 6_300));
    const second = burst(l, 100, 5, 100);
    await waitFor('the others to get the later writes', () => (reader.seen.length === 105 && slow.seen.length === 105 ? true : undefined));
    expect(reader.seen).toEqual([...first, ...second]);
    expect(slow.seen).toEqual([...first, ...second]);
    await waitFor('the stuck watcher to be cut', () => (l.live.watchCount === 2 ? true : undefined));
    expect(reader.ended || slow.ended).toBe(false);
    // What it read before the cut, then a resume from the last resourceVersion it saw: the rest.
    stuck.res?.resume();
    await waitFor('the stuck watcher to see its end', () => (stuck.ended ? true : undefined));
    const last = stuck.seen.at(-1) ?? start;
    const resumed = watch(l, last);
    streams.push(resumed);
    const all = [...first, ...second];
    const rest = all.slice(all.indexOf(last) + 1);
    await waitFor('the resumed watch', () => (resumed.seen.length >= rest.length ? true : undefined));
    expect([...stuck.seen, ...resumed.seen]).toEqual(all);
  }, 60_000);

  it('a watcher that falls out of the watch history is ended, and resuming from its resourceVersion gets 410 Gone while a reader gets everything', async () => {
    // Through the TLS worker two TCP connections' kernel buffers (up to ~20 MB here: ~50
    // events of 400 kB) lie between the writer and the paused client before its queue
    // grows, so the history is 20 and the bursts 120 events: 50 + 20 < 120 with room.
    live = await startLive({ watchHistory: 20, slowWatchers: { highWaterBytes: 64 * 1024, stallMs: 60_000 } });
    const l = live;
    const start = String(l.live.session.sim.api.resourceVersion);
    const reader = watch(l, start);
    const behind = watch(l, start, true);
    streams.push(reader, behind);
    // Two TLS handshakes through the worker: once past 20 s on a machine running two whole test runs at once.
    await waitFor('two watches', () => (l.live.watchCount === 2 ? true : undefined), 40_000);
    // A few at a time, each read by the reader before the next: it keeps up (however
    // loaded the machine), the paused one falls behind by one more each time.
    const rvs: string[] = [];
    for (let i = 0; i < 120; i += 4) {
      rvs.push(...burst(l, i, 4, 400 * 1024));
      await waitFor('the reader to keep up', () => (reader.seen.length >= rvs.length ? true : undefined));
    }
    await waitFor('the behind watcher to be ended', () => (l.live.watchCount === 1 ? true : undefined));
    await waitFor('the reader to get all', () => (reader.seen.length >= 120 ? true : undefined));
    expect(reader.seen).toEqual(rvs);
    expect(reader.ended).toBe(false);
    const resumed = watch(l, start);
    streams.push(resumed);
    await waitFor('the 410', () => (resumed.seen.length > 0 ? true : undefined));
    expect(resumed.seen).toEqual(['ERROR:410']);
  }, 60_000);
});
