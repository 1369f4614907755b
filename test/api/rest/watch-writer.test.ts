import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchWriter } from '../../../core/api/rest/watch-writer.js';
import type { WatchEvent } from '../../../core/api/types.js';

/**
 * Recorded before delivered: a watch writer asks for the pending writes to be made
 * durable before any of its bytes go to the socket, also for a chunk that leaves in the
 * middle of a burst (64 KB batched, while the simulation is still running). Here the
 * "recording" makes a write durable only when the writer asks, so a client that reads a
 * line whose write is not durable yet shows the writer skipped the ask.
 */
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

/**
 * A watch served by one WatchWriter whose beforeDeliver and cut are the test's; resolves
 * with the port once listening and the writer once the client's request is in.
 */
async function serveWatch(beforeDeliver: () => boolean, onCut: (reason: string, res: http.ServerResponse) => void): Promise<{ port: number; writer: Promise<WatchWriter> }> {
  const writer = new Promise<WatchWriter>((resolve) => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      resolve(
        new WatchWriter(
          res,
          { highWaterBytes: 1024 * 1024, stallMs: 10_000, maxBehind: 10_000, now: () => 0, beforeDeliver },
          (e) => `{"type":"${e.type}","object":${JSON.stringify(e.object)}}\n`,
          (reason) => onCut(reason, res),
        ),
      );
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return { port: (server?.address() as AddressInfo).port, writer };
}

describe('watch writer', () => {
  it('no watch line reaches the client before its write is durable, in a burst of 300 events of 1 KB and in later single ones', async () => {
    const pending: string[] = [];
    const durable = new Set<string>();
    const { port, writer: opened } = await serveWatch(
      () => (pending.splice(0).forEach((rv) => durable.add(rv)), true),
      () => undefined,
    );
    const read: string[] = [];
    const early: string[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/watch' }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        const lines = (buf + c.toString('utf8')).split('\n');
        buf = lines.pop() ?? '';
        for (const line of lines) {
          const rv = (JSON.parse(line) as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion;
          read.push(rv);
          if (!durable.has(rv)) early.push(rv);
        }
      });
    });
    req.on('error', () => undefined);
    const writer = await opened;
    const event = (i: number): WatchEvent => ({ type: 'ADDED', seq: i, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default', resourceVersion: String(i) }, data: { blob: 'x'.repeat(1000) } } });
    // The burst: committed and handed to the writer in one turn, as a hub flush does.
    for (let i = 1; i <= 300; i++) {
      pending.push(String(i));
      writer.send(event(i));
    }
    for (let i = 301; i <= 305; i++) {
      await new Promise((r) => setTimeout(r, 20));
      pending.push(String(i));
      writer.send(event(i));
    }
    await expect.poll(() => read.length).toBe(305);
    expect(read).toEqual(Array.from({ length: 305 }, (_, i) => String(i + 1)));
    expect(early).toEqual([]);
    req.destroy();
  });

  it('when the writes cannot be made durable (a full disk), no line of them is sent and the watch is cut as unrecorded', async () => {
    const cuts: string[] = [];
    let durable = true;
    const { port, writer: opened } = await serveWatch(
      () => durable,
      (reason, res) => {
        cuts.push(reason);
        res.destroy();
      },
    );
    const read: string[] = [];
    let ended = false;
    const req = http.get({ host: '127.0.0.1', port, path: '/watch' }, (res) => {
      res.on('data', (c: Buffer) => read.push(...c.toString('utf8').split('\n').filter((l) => l !== '')));
      res.on('close', () => (ended = true));
      res.on('error', () => (ended = true));
    });
    req.on('error', () => (ended = true));
    const writer = await opened;
    const event = (i: number): WatchEvent => ({ type: 'ADDED', seq: i, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default', resourceVersion: String(i) } } });
    writer.send(event(1));
    await expect.poll(() => read.length).toBe(1);
    durable = false;
    for (let i = 2; i <= 50; i++) writer.send(event(i));
    await expect.poll(() => ended).toBe(true);
    expect(cuts).toEqual(['unrecorded']);
    // Only the write that was durable reached the client.
    expect(read.map((l) => (JSON.parse(l) as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion)).toEqual(['1']);
    req.destroy();
  });
});
