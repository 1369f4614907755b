import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { waitFor, watchedLive, type RunningLive } from './live-fixture.js';

/*
 * The live API's watch streams are written by the TLS worker thread (watch-feed.ts,
 * front-out.ts), so a watcher keeps receiving while the simulation's thread runs one
 * long task (at 10,000 pods: 250 creates in one ReplicaSet sync, 0.3-2.8 s). Here the
 * client reads in a thread of its own, counts the lines it has read in shared memory,
 * and starts reading only once the long task has begun. 100 ConfigMaps of 400 KB (40 MB:
 * more than the kernel buffers of the two TCP connections between and the writer's 1 MB)
 * are delivered, and right after them, in the same run of the simulation, an informer's
 * handler spins until the client has them all or 5 s have passed. When the main thread
 * wrote the stream itself, the client got what the sockets held (25 of 100 here) and no
 * more until the task ended.
 */
const EVENTS = 100;

/** A watch client in a worker thread; counts[0] is the number of lines it has read, it starts reading once counts[1] is set. */
function client(l: RunningLive, resourceVersion: string, counts: Int32Array): Worker {
  const code = `
    const https = require('node:https');
    const { workerData, parentPort } = require('node:worker_threads');
    const { url, token, ca, rv, shared } = workerData;
    const counts = new Int32Array(shared);
    const u = new URL(url);
    // It reads nothing until the long task has begun (counts[1]): what was delivered is then
    // wherever the server left it, and only what another thread writes can reach it.
    const req = https.request({ host: u.hostname, port: u.port, path: '/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=' + rv, ca, headers: { Authorization: 'Bearer ' + token } }, (res) => {
      parentPort.postMessage('open');
      res.pause();
      const poll = setInterval(() => {
        if (Atomics.load(counts, 1) === 0) return;
        clearInterval(poll);
        res.resume();
      }, 5);
      res.on('data', (c) => {
        let n = 0;
        for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) n++;
        Atomics.add(counts, 0, n);
      });
    });
    req.on('error', () => undefined);
    req.end();
    parentPort.on('message', () => { req.destroy(); parentPort.postMessage('done'); });
  `;
  return new Worker(code, { eval: true, workerData: { url: l.url, token: l.token, ca: l.ca, rv: resourceVersion, shared: counts.buffer } });
}

const start = watchedLive(client);

describe('a watcher while the simulation thread is busy', () => {
  it('keeps receiving the events delivered before a long simulation task, during it', async () => {
    const { l, shared: counts } = await start();
    const api = l.live.session.sim.api;
    let during = -1;
    let before = -1;
    let heard = 0;
    // A component's informer, subscribed after the HTTP watch: it hears each batch right
    // after it, in the same task run, and its handler is the long task.
    const hook = api.watch('ConfigMap', { namespace: 'default', resourceVersion: String(api.resourceVersion) }).subscribe(() => {
      if (++heard < EVENTS) return;
      before = Atomics.load(counts, 0);
      Atomics.store(counts, 1, 1);
      const until = performance.now() + 5_000;
      while (Atomics.load(counts, 0) < EVENTS && performance.now() < until) {
        // the long task: nothing else runs on this thread
      }
      during = Atomics.load(counts, 0);
    });
    for (let i = 0; i < EVENTS; i++) {
      api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: { blob: String(i % 10).repeat(400 * 1024) } }, { actor: 'test' });
    }
    await waitFor('the long task', () => (during >= 0 ? true : undefined));
    hook.unsubscribe();
    expect(before).toBe(0); // it had read none of them when the task began
    expect(during).toBe(EVENTS);
  }, 30_000);
});
