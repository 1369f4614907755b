import { Worker } from 'node:worker_threads';
import { frontOut, type FeedMessage, type FrontNotice } from './front-out.js';

/**
 * TLS for the live API, in a worker thread: it accepts kubectl's HTTPS connections,
 * decrypts and encrypts, and passes the plain bytes through to the API server's plain
 * HTTP listener on 127.0.0.1 in the main thread, one backend connection per client
 * connection. The HTTP protocol, routing and every answer stay in the main thread, next
 * to the simulation; only the cipher and the client's TCP socket move.
 *
 * Why: during a 1,000-pod rollout at 10,000 pods with 50 watchers, the main thread's
 * profile was 38 % socket writev, nearly all of it TLS (8,000 pod events of ~4.7 KB to
 * 50 watchers: 1.9 GB encrypted in 12.7 s), on the thread that also runs the simulation
 * (37 %), so deliveries queued behind the simulation and the simulation behind the
 * deliveries (p99 lag 5.1 s). A loopback TCP write costs the main thread about a
 * third of a TLS one (measured here: 3.6 GB/s of CPU against 1.4 GB/s), and the
 * encryption runs on the other core.
 *
 * Each side of a pair is ended when the other ends (a response with Connection: close,
 * a client going away). A connection the server drops on purpose (a watcher cut for
 * not reading: watch.ts resets its backend socket) arrives here as ECONNRESET, and the
 * client's socket is destroyed at once rather than ended behind bytes it will never read.
 *
 * The worker's code is one function handed to the Worker as text (`eval`), so that it
 * runs the same from dist/ and from the TypeScript sources under the test runner, and
 * needs no file of its own next to the compiled output. It may use only Node's modules.
 */
function frontMain(require: (id: string) => unknown, makeOut: typeof frontOut): void {
  const tls = require('node:tls') as typeof import('node:tls');
  const net = require('node:net') as typeof import('node:net');
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const d = workerData as { cert: string; key: string; host: string; port: number; backendPort: number };
  const sockets = new Set<import('node:net').Socket>();
  // What goes to each client, and the watches the main thread hands over (front-out.ts).
  // Its clock times a watcher's stall (front-out.ts): wall time in the TLS thread, which
  // never touches the simulation or the recording (test/lint/no-wall-clock.test.ts allows it).
  const { performance } = require('node:perf_hooks') as typeof import('node:perf_hooks');
  const outs = makeOut(
    (m) => parentPort?.postMessage(m),
    () => performance.now(),
  );
  // allowHalfOpen: a client that ends its side after its request still gets the answer.
  const server = tls.createServer({ cert: d.cert, key: d.key, ALPNProtocols: ['http/1.1'], allowHalfOpen: true }, (front) => {
    const back = net.connect({ host: '127.0.0.1', port: d.backendPort });
    sockets.add(front);
    sockets.add(back);
    front.setNoDelay(true);
    back.setNoDelay(true);
    front.pipe(back);
    // Named by the loopback connection's client port: the main thread sees it as remotePort.
    back.once('connect', () => outs.attach(back.localPort as number, front, back));
    // A reset (a cut watcher) or any error: drop the other side now, nothing more gets through.
    front.on('error', () => back.destroy());
    back.on('error', () => front.destroy());
    front.on('close', () => {
      sockets.delete(front);
      back.destroy();
    });
    // Ended cleanly, the client's side is ended behind what is queued for it; otherwise
    // dropped (front-out.ts, which also keeps a handed-over watch's end for its message).
    back.on('close', () => sockets.delete(back));
  });
  // A client that fails its handshake only loses its own connection.
  server.on('tlsClientError', (_err, s) => s.destroy());
  server.on('error', (err: NodeJS.ErrnoException) => parentPort?.postMessage({ error: err.message, code: err.code }));
  server.listen(d.port, d.host, () => {
    const a = server.address() as import('node:net').AddressInfo;
    parentPort?.postMessage({ port: a.port });
  });
  parentPort?.on('message', (m: string | FeedMessage) => {
    if (typeof m === 'object') return outs.message(m);
    if (m !== 'close') return;
    server.close(() => parentPort?.postMessage('closed'));
    for (const s of sockets) s.destroy();
  });
}

export interface TlsFrontOptions {
  cert: string;
  key: string;
  host: string;
  /** Port the clients connect to (0: any free one). */
  port: number;
  /** The plain HTTP listener on 127.0.0.1 the bytes go to. */
  backendPort: number;
}

export class TlsFront {
  private exited = false;
  private closing = false;
  /** Told when the worker cut a watch handed over to it (watch-feed.ts). */
  onNotice: ((n: FrontNotice) => void) | undefined;

  /** `onStopped`: the worker failed or ended while serving (not by close()); told once. */
  private constructor(
    private readonly worker: Worker,
    readonly port: number,
    onStopped: (err: Error) => void,
  ) {
    let told = false;
    const stopped = (err: Error): void => {
      if (this.closing || told) return;
      told = true;
      onStopped(err);
    };
    // Without a listener a worker's 'error' would be thrown in this thread.
    worker.on('error', (err) => stopped(new Error(`tls worker failed: ${err.message}`)));
    worker.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as FrontNotice).t === 'cut') this.onNotice?.(m as FrontNotice);
    });
    worker.on('exit', (code) => {
      this.exited = true;
      stopped(new Error(`tls worker stopped (exit code ${code})`));
    });
  }

  /**
   * Starts the worker and resolves once it listens (or rejects with its listen error, e.g.
   * EADDRINUSE). `onStopped` is told if it fails or ends later, while serving.
   */
  static start(opts: TlsFrontOptions, onStopped: (err: Error) => void): Promise<TlsFront> {
    const worker = new Worker(`(${frontMain.toString()})(require, ${frontOut.toString()})`, { eval: true, workerData: { ...opts } });
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      worker.once('error', onError);
      worker.once('message', (m: { port?: number; error?: string; code?: string }) => {
        worker.off('error', onError);
        if (m.port !== undefined) return resolve(new TlsFront(worker, m.port, onStopped));
        void worker.terminate();
        reject(Object.assign(new Error(m.error ?? `listen ${opts.host}:${opts.port} failed`), { code: m.code }));
      });
    });
  }

  /** Hands the worker a watch stream's message (watch-feed.ts); `transfer` moves the buffers. */
  post(m: FeedMessage, transfer?: ArrayBuffer[]): void {
    if (this.exited || this.closing) return;
    this.worker.postMessage(m, transfer);
  }

  /** Stops listening, drops every connection and ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    // Already gone: nothing would answer 'close', and 'exit' will not come again.
    if (this.exited) return;
    await new Promise<void>((resolve) => {
      const onClosed = (m: unknown): void => {
        if (m !== 'closed') return;
        this.worker.off('message', onClosed);
        resolve();
      };
      this.worker.on('message', onClosed);
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('close');
    });
    await this.worker.terminate();
  }
}
