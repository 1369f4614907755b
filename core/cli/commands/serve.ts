import fs from 'node:fs';
import { startViewer, type RunningViewer } from '../../../viewer/server/serve.js';
import { UsageError } from '../exit.js';
import { portArg } from '../time-arg.js';

export interface ServeOptions {
  host?: string;
  port?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Checks the flags now, so a bad --port is exit code 2 before anything starts. */
export function parseServeOptions(dir: string, opts: ServeOptions): { dir: string; host: string; port: number } {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`no such folder of recordings: ${dir}`);
  const port = portArg('--port', opts.port, 8080);
  const host = opts.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host: empty host');
  return { dir, host, port };
}

/**
 * Serves the viewer until Ctrl-C. Starting is asynchronous, so a taken port is reported
 * from here: the message, exit code 2, nothing left running.
 */
export function serveViewer(dir: string, opts: ServeOptions, out: (line: string) => void): void {
  const o = parseServeOptions(dir, opts);
  startViewer(o).then(
    (v: RunningViewer) => {
      out(`kubelapse viewer: ${v.url}  (recordings from ${dir}; Ctrl-C to stop)`);
      if (!LOOPBACK.has(o.host)) process.stderr.write(`warning: listening on ${o.host}: anyone who can reach this address can read these recordings and add notes\n`);
      const stop = (): void => {
        void v.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err: Error) => {
      process.stderr.write(`kubelapse: ${err.message}\n`);
      process.exitCode = 2;
    },
  );
}
