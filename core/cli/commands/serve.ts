import fs from 'node:fs';
import path from 'node:path';
import { startViewer, type RunningViewer } from '../../../viewer/server/serve.js';
import { UsageError } from '../exit.js';
import { portArg } from '../time-arg.js';

export interface ServeOptions {
  host?: string;
  port?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Checks the flags now, so a bad --port is exit code 2 before anything starts. A .db file
 * rather than a folder (`serve recordings/api-basics.db`: what a user types after `run`)
 * serves the folder it is in and opens on that recording (`?rec=api-basics`); any other
 * file is refused as not a folder.
 */
export function parseServeOptions(dir: string, opts: ServeOptions): { dir: string; host: string; port: number; recording?: string } {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) throw new UsageError(`no such folder of recordings: ${dir}`);
  let recording: string | undefined;
  if (!stat.isDirectory()) {
    if (!/\.db$/i.test(dir)) throw new UsageError(`${dir} is a file, not a folder of recordings: serve <folder> (or one <recording>.db)`);
    recording = path.basename(dir).replace(/\.db$/i, '');
    dir = path.dirname(dir);
  }
  const port = portArg('--port', opts.port, 8080);
  const host = opts.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host: empty host');
  return { dir, host, port, ...(recording !== undefined ? { recording } : {}) };
}

/**
 * Serves the viewer until Ctrl-C. Starting is asynchronous, so a taken port is reported
 * from here: the message, exit code 2, nothing left running.
 */
export function serveViewer(dir: string, opts: ServeOptions, out: (line: string) => void): void {
  const { recording, ...o } = parseServeOptions(dir, opts);
  startViewer(o).then(
    (v: RunningViewer) => {
      if (recording === undefined) out(`kubelapse viewer: ${v.url}  (recordings from ${dir}; Ctrl-C to stop)`);
      else out(`kubelapse viewer: ${v.url}?rec=${encodeURIComponent(recording)}  (recordings from ${dir}, opened on ${recording}; Ctrl-C to stop)`);
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
