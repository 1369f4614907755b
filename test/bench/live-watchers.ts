/**
 * The benchmark's watch clients: opens N pod watches, and for each event notes the wall
 * time it was read (absolute ms, comparable with the server thread's commit times).
 *
 * Runs as a child process (live-api.ts forks several, each with a share of the 50
 * watchers: the job comes as the first IPC message) or as a worker thread (workerData;
 * KUBELAPSE_BENCH_WATCH_PROCS=0, the bench before round 12).
 *
 * Why processes: in round 12 (docs/performance.md, "Round 12 ... lag12") a traced run at
 * load 5-8 put the tail after the server: in the phase with the neighbour, each step on
 * the server (commit to post, post to the TLS worker, its write) had a p99 of 0.1-0.25 s,
 * from the write to the client's read 4.0 s; the one thread reading all 50 streams
 * (1.9 GB a rollout) used 1.8 s of CPU in the 19.9 s rollout and waited 16.4 s for a
 * core, and the TLS worker held the chunks of the 6 watchers it read slowest (their
 * sockets 0.4-1 MB full). A user's kubectl reads one stream in its own process: one
 * thread reading 50 measured the bench's own client. Each read is also scanned as bytes
 * (watch-lines.ts).
 */
import https from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';
import { EMPTY, scanLines } from './watch-lines.js';

export interface WatchJob {
  url: string;
  token: string;
  ca: string;
  watchers: number;
  resourceVersion: string;
}

/** What a client posts when told 'stop': each event's resourceVersion and when it was read. */
export interface WatchReport {
  reads: Array<[string, number]>;
  closedByServer: number;
}

function run(job: WatchJob, post: (m: unknown) => void, onStop: (stop: () => void) => void): void {
  const now = (): number => performance.timeOrigin + performance.now();
  const reads: Array<[string, number]> = [];
  let closed = 0;
  const u = new URL(job.url);
  const requests: Array<ReturnType<typeof https.request>> = [];
  for (let i = 0; i < job.watchers; i++) {
    const req = https.request({ host: u.hostname, port: u.port, path: `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${job.resourceVersion}`, ca: job.ca, headers: { Authorization: `Bearer ${job.token}` } }, (res) => {
      let rest: Buffer = EMPTY;
      res.on('data', (c: Buffer) => {
        const at = now();
        rest = scanLines(rest.length === 0 ? c : Buffer.concat([rest, c]), (rv) => reads.push([rv, at]));
      });
      res.on('end', () => closed++);
    });
    req.on('error', () => undefined);
    req.end();
    requests.push(req);
  }
  onStop(() => {
    for (const r of requests) r.destroy();
    post({ reads, closedByServer: closed } satisfies WatchReport);
  });
  post('started');
}

if (parentPort !== null) {
  const port = parentPort;
  run(workerData as WatchJob, (m) => port.postMessage(m), (stop) => port.on('message', (m) => m === 'stop' && stop()));
} else if (process.send !== undefined) {
  process.once('message', (job: WatchJob) => {
    // The report sent, the process ends (the parent waits for its 'exit').
    let stopping = false;
    const send = (m: unknown): void => void process.send?.(m, () => stopping && process.exit(0));
    run(job, send, (stop) => process.on('message', (m) => {
      if (m !== 'stop') return;
      stopping = true;
      stop();
    }));
  });
}
