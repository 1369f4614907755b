import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import type { KObject } from '../../core/api/types.js';
import { describe, expect, it } from 'vitest';
import { waitFor, watchedLive, type RunningLive } from './live-fixture.js';

/*
 * A write made early in a long simulation task reaches an HTTP watcher before the task
 * ends (live-server.ts deliverWatches): at 10,000 pods one ReplicaSet sync creates 250
 * pods in 0.4-2.8 s, and before, none of them left before the last was made (the hub's
 * flush is a virtual task, 1 ms after the write, run after the sync). Here one task
 * creates cm-a, spins past the delivery interval (20 ms), creates cm-b (whose commit
 * delivers cm-a), then spins until the client, in a thread of its own, has read cm-a or
 * 5 s have passed. Recorded before delivered: cm-a is in the recording file by then.
 * The simulation's own watcher hears nothing during the task.
 */

/** A watch client in a worker thread: flags[0] = 1 once it has read cm-a, flags[1] counts the lines read; it posts the names in the order read. */
function client(l: RunningLive, resourceVersion: string, flags: Int32Array): Worker {
  const code = `
    const https = require('node:https');
    const { workerData, parentPort } = require('node:worker_threads');
    const { url, token, ca, rv, shared } = workerData;
    const flags = new Int32Array(shared);
    const u = new URL(url);
    const names = [];
    let buf = '';
    const req = https.request({ host: u.hostname, port: u.port, path: '/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=' + rv, ca, headers: { Authorization: 'Bearer ' + token } }, (res) => {
      parentPort.postMessage('open');
      res.on('data', (c) => {
        const parts = (buf + c.toString('utf8')).split('\\n');
        buf = parts.pop();
        for (const line of parts) {
          const name = JSON.parse(line).object.metadata.name;
          names.push(name);
          Atomics.add(flags, 1, 1);
          if (name === 'cm-a') Atomics.store(flags, 0, 1);
        }
      });
    });
    req.on('error', () => undefined);
    req.end();
    parentPort.on('message', () => { req.destroy(); parentPort.postMessage(names); });
  `;
  return new Worker(code, { eval: true, workerData: { url: l.url, token: l.token, ca: l.ca, rv: resourceVersion, shared: flags.buffer } });
}

function spin(ms: number, until: () => boolean = () => false): void {
  const end = performance.now() + ms;
  while (performance.now() < end && !until()) {
    // a long task: nothing else runs on this thread
  }
}

const start = watchedLive(client);

describe('an HTTP watcher during a long simulation task', () => {
  it('reads a write made early in the task before the task ends, recorded first, in order; in-sim watchers wait', async () => {
    const { l, shared: flags, worker } = await start();
    const api = l.live.session.sim.api;
    const inSim: string[] = [];
    const sub = api.watch('ConfigMap', { namespace: 'default', resourceVersion: String(api.resourceVersion) }).subscribe((e) => inSim.push(e.object.metadata.name ?? ''));
    const db = new Database(l.output, { readonly: true });
    let readDuring = -1;
    let recordedWhenRead = -1;
    let inSimDuring = -1;
    const cm = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });
    l.live.session.sim.scheduler.after(1, () => {
      api.create(cm('cm-a'), { actor: 'test' });
      spin(60);
      api.create(cm('cm-b'), { actor: 'test' });
      // Ends as soon as the client has read cm-a; the bound is only for a broken build, and
      // generous: three busy threads (this one, the TLS worker, the client) share 2 CI cores.
      spin(15_000, () => Atomics.load(flags, 0) === 1);
      readDuring = Atomics.load(flags, 0);
      recordedWhenRead = (db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'ConfigMap' AND name = 'cm-a'").get() as { n: number }).n;
      inSimDuring = inSim.length;
      api.create(cm('cm-c'), { actor: 'test' });
    }, 'a long task');
    await waitFor('the long task', () => (readDuring >= 0 ? true : undefined), 40_000);
    db.close();
    await waitFor('the in-sim watcher', () => (inSim.length === 3 ? true : undefined));
    sub.unsubscribe();
    await waitFor('the client to read all three', () => (Atomics.load(flags, 1) >= 3 ? true : undefined));
    const names = await new Promise<string[]>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage('stop');
    });
    expect(readDuring).toBe(1);
    expect(recordedWhenRead).toBe(1);
    expect(inSimDuring).toBe(0);
    expect(names).toEqual(['cm-a', 'cm-b', 'cm-c']);
  }, 60_000);
});

/*
 * Between two tasks (live-server.ts, the advance's stop check): a task creates cm-a and
 * runs on for 10 ms; the next task writes nothing and spins until the client has read
 * cm-a. No commit comes between, and the advance here runs whole (no 20 ms budget ends it
 * between the two), so before this change cm-a left only at cm-b's commit, after the spin.
 */
const startWhole = watchedLive(client, { advanceBudgetMs: Number.POSITIVE_INFINITY });

describe('an HTTP watcher while a task that writes nothing runs', () => {
  it('reads what the task before it wrote before the silent task ends', async () => {
    const { l, shared: flags, worker } = await startWhole();
    const api = l.live.session.sim.api;
    const scheduler = l.live.session.sim.scheduler;
    let readDuring = -1;
    const cm = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });
    scheduler.after(1, () => {
      api.create(cm('cm-a'), { actor: 'test' });
      spin(10);
      scheduler.after(0, () => {
        spin(15_000, () => Atomics.load(flags, 0) === 1);
        readDuring = Atomics.load(flags, 0);
        api.create(cm('cm-b'), { actor: 'test' });
      }, 'a silent task');
    }, 'a writing task');
    await waitFor('the silent task', () => (readDuring >= 0 ? true : undefined), 40_000);
    await waitFor('the client to read both', () => (Atomics.load(flags, 1) >= 2 ? true : undefined));
    const names = await new Promise<string[]>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage('stop');
    });
    expect(readDuring).toBe(1);
    expect(names).toEqual(['cm-a', 'cm-b']);
  }, 60_000);
});
