import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { RecordingLibrary } from './library.js';
import { isLoopback } from './host-check.js';
import { provideViewer } from '../../core/export/video-viewer.js';

export interface ViewerOptions {
  dir: string;
  host?: string;
  port?: number;
  webDir?: string;
}

export interface RunningViewer {
  url: string;
  port: number;
  library: RecordingLibrary;
  close(): Promise<void>;
}

/** Starts the viewer; 127.0.0.1:8080 unless told otherwise. Rejects with a clear message when the port is taken. */
export function startViewer(opts: ViewerOptions): Promise<RunningViewer> {
  const host = opts.host ?? '127.0.0.1';
  const lib = new RecordingLibrary(opts.dir);
  const app = createApp(lib, opts.webDir, { loopbackOnly: isLoopback(host) });
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(opts.port ?? 8080, host);
    server.once('error', (err: NodeJS.ErrnoException) => {
      lib.close();
      if (err.code === 'EADDRINUSE') reject(new Error(`port ${opts.port ?? 8080} on ${host} is in use: stop what holds it or pass --port`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new Error(`cannot listen on host ${JSON.stringify(host)}: ${err.code}`));
      else reject(err);
    });
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shown}:${port}/`,
        port,
        library: lib,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => {
              lib.close();
              done();
            });
          }),
      });
    });
  });
}

// The video export films this server's viewer (core/export/video-viewer.ts says why it is handed over here).
provideViewer(startViewer);
