/**
 * The benchmark's watch clients, in a worker thread so that reading 50 streams does not
 * share the server's thread: opens N pod watches, and for each event notes the wall
 * time it was read (absolute ms, comparable with the server thread's commit times).
 */
import type { ClientRequest } from 'node:http';
import https from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';

const { url, token, ca, watchers, resourceVersion } = workerData as { url: string; token: string; ca: string; watchers: number; resourceVersion: string };
const now = (): number => performance.timeOrigin + performance.now();
const reads: Array<[string, number]> = [];
let closed = 0;
const u = new URL(url);
const requests: ClientRequest[] = [];
for (let i = 0; i < watchers; i++) {
  const req = https.request({ host: u.hostname, port: u.port, path: `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${resourceVersion}`, ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
    let buf = '';
    res.on('data', (c: Buffer) => {
      const parts = (buf + c.toString('utf8')).split('\n');
      buf = parts.pop() ?? '';
      const at = now();
      for (const line of parts) {
        // The first "resourceVersion" of the line is metadata's (managedFields and
        // ownerReferences carry none): no need to parse 4.7 KB of JSON. It is not always
        // in the first 600 characters: a new pod's managedFields come before it, and
        // reading only those missed every ADDED event (a quarter of a rollout's).
        const rv = /"resourceVersion":"(\d+)"/.exec(line)?.[1];
        if (rv !== undefined) reads.push([rv, at]);
      }
    });
    res.on('end', () => closed++);
  });
  req.on('error', () => undefined);
  req.end();
  requests.push(req);
}
parentPort?.on('message', (m: string) => {
  if (m !== 'stop') return;
  for (const r of requests) r.destroy();
  parentPort?.postMessage({ reads, closedByServer: closed });
});
parentPort?.postMessage('started');
