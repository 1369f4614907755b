import Database from 'better-sqlite3';
import fs from 'node:fs';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startLiveProcess, type LiveProcess } from './live-process.js';

/**
 * The live API's promise: a write is recorded before any watcher hears of it. The
 * simulation's own writes (a ReplicaSet creating pods, the scheduler binding them, the
 * kubelets starting them) wait in the recorder's batch until a run of the simulation
 * ends, while watch events of the same run can leave in 64 KB chunks before that; and
 * since the TLS side runs in a worker thread, the client reads them while the main
 * thread is still simulating. Here the session is killed (-9, nothing flushed on the way
 * out) the moment a watcher has read 200 pod events of a 300-pod Deployment: every one
 * of them must be in the recording.
 */
let live: LiveProcess | undefined;
afterEach(async () => {
  if (live?.alive()) live.child.kill('SIGKILL');
  live = undefined;
});

describe('watch events of a killed live session', () => {
  it('every pod event a watcher read before kill -9 is in the recording', async () => {
    live = await startLiveProcess([], { speed: 8 });
    const l = live;
    const config = YAML.parse(fs.readFileSync(l.kubeconfig, 'utf8'));
    const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
    const token = config.users[0].user.token as string;
    const list = await l.request('GET', '/api/v1/pods');
    const from = (list.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const u = new URL(l.url);
    const seen: string[] = [];
    const exited = new Promise((r) => l.child.on('exit', r));
    const req = https.request({ host: u.hostname, port: u.port, path: `/api/v1/pods?watch=1&resourceVersion=${from}`, ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        const lines = (buf + c.toString('utf8')).split('\n');
        buf = lines.pop() ?? '';
        for (const line of lines) seen.push((JSON.parse(line) as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion);
        if (seen.length >= 200 && l.alive()) l.child.kill('SIGKILL');
      });
    });
    req.on('error', () => undefined);
    req.end();
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 300, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } } };
    const created = await l.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: JSON.stringify(deployment), contentType: 'application/json' });
    expect(created.status).toBe(201);
    await exited;
    req.destroy();
    expect(seen.length).toBeGreaterThanOrEqual(200);
    const db = new Database(l.output, { readonly: true });
    try {
      const recorded = new Set((db.prepare("SELECT resource_version FROM events WHERE kind = 'Pod'").pluck().all() as number[]).map(String));
      expect(seen.filter((rv) => !recorded.has(rv))).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
