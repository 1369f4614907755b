import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { BIN } from '../helpers.js';
import { httpsRequest, type Reply } from './https-request.js';

export interface RequestOptions {
  body?: string | Buffer;
  contentType?: string;
  userAgent?: string;
  accept?: string;
  /** Streams (watches) never end by themselves: stop reading after this long and keep what came. */
  abortAfterMs?: number;
}

export interface LiveProcess {
  child: ChildProcess;
  dir: string;
  output: string;
  kubeconfig: string;
  url: string;
  /** Everything the process printed, both streams. */
  log(): string;
  /** Whether the process is still running (it never exits on its own). */
  alive(): boolean;
  request(method: string, urlPath: string, options?: RequestOptions): Promise<Reply>;
  /** SIGTERM, as Ctrl-C: resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `kubelapse live` as users start it, in its own process, on a free port; resolves once it serves. */
export async function startLiveProcess(args: string[] = [], options: { speed?: number } = {}): Promise<LiveProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-liveproc-'));
  const output = path.join(dir, 'session.db');
  const kubeconfig = path.join(dir, 'kubeconfig');
  const child = spawn(process.execPath, [BIN, 'live', ...args, '--port', '0', '--no-viewer', '--speed', String(options.speed ?? 1), '-o', output, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let exitCode: number | null | undefined;
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => {
    exitCode = code;
    resolve(code);
  }));
  const deadline = performance.now() + 20_000;
  while (!log.includes('Ctrl-C ends the session')) {
    if (exitCode !== undefined) throw new Error(`kubelapse live exited ${exitCode}: ${log}`);
    if (performance.now() > deadline) throw new Error(`kubelapse live did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const config = YAML.parse(fs.readFileSync(kubeconfig, 'utf8'));
  const url = config.clusters[0].cluster.server as string;
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = config.users[0].user.token as string;
  const agent = new https.Agent({ keepAlive: true, ca });
  const request: LiveProcess['request'] = (method, urlPath, o = {}) => {
    const headers: Record<string, string> = { Accept: o.accept ?? 'application/json', Authorization: `Bearer ${token}`, 'User-Agent': o.userAgent ?? 'kubelapse-test/1.0' };
    if (o.contentType !== undefined) headers['Content-Type'] = o.contentType;
    return httpsRequest({ method, path: urlPath, port: Number(new URL(url).port), headers, agent, ...(o.body !== undefined ? { body: o.body } : {}), ...(o.abortAfterMs !== undefined ? { abortAfterMs: o.abortAfterMs } : {}) });
  };
  return {
    child, dir, output, kubeconfig, url, request,
    log: () => log,
    alive: () => exitCode === undefined,
    stop: async () => {
      agent.destroy();
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
