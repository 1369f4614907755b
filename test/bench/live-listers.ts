/**
 * The benchmark's LIST clients in a worker thread, as live-watchers.ts does for watches:
 * a whole LIST of 10,000 pods is 2.2 MB gzip'd, and at 100 req/s the clients' TLS
 * decryption (220 MB/s of AES-GCM) on the server's own thread bounds the rate as much as
 * the server does. Runs each job (concurrency clients on keep-alive connections for ms,
 * the same request over and over) in turn and posts the rates and latencies.
 */
import https from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';

export interface ListJob { label: string; concurrency: number; ms: number; path: string; accept: string; gzip: boolean }
const { url, token, ca, jobs } = workerData as { url: string; token: string; ca: string; jobs: ListJob[] };
const u = new URL(url);
const agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca });

function get(job: ListJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: u.hostname, port: u.port, path: job.path, agent, headers: { Authorization: `Bearer ${token}`, Accept: job.accept, ...(job.gzip ? { 'Accept-Encoding': 'gzip' } : {}) } }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${job.path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

const results = [];
for (const job of jobs) {
  const lat: number[] = [];
  let bytes = 0;
  const end = performance.now() + job.ms;
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (performance.now() < end) {
      const s = performance.now();
      bytes = await get(job);
      lat.push(performance.now() - s);
    }
  }));
  lat.sort((a, b) => a - b);
  const q = (x: number): number => Number((lat[Math.min(lat.length - 1, Math.floor(x * lat.length))] ?? -1).toFixed(2));
  results.push({ label: job.label, rps: Math.round(lat.length / (job.ms / 1000)), p50: q(0.5), p99: q(0.99), bytes });
}
agent.destroy();
parentPort?.postMessage(results);
