/**
 * `kubelapse get <kind> -A -o json|yaml` of a whole kind into three sinks, each a fresh
 * CLI process: a file (the baseline), a pipe whose reader waits 5 s before reading (`|
 * (sleep 5; wc -c)`: a slow `jq`), and a pipe closed after 1,000 bytes (`| head -c 1000`).
 * Prints each one's wall time, peak RSS (the child's VmHWM, read from /proc while it
 * runs), bytes read and exit code, and the pipes' wall against the file's.
 *
 *   node dist/test/bench/get-pipe.js <recording> [--seq=N] [--output=json|yaml] [--kind=pods] [--bin=<another build's bin/kubelapse.js>]
 *
 * At 100,000 Pods (k100, --seq 560368, 955 MB of -o json): before the paced writer the slow
 * pipe failed (ENOBUFS after 9.6 MB, 2.1 GB) and the closed one ran on for 7 s to 1.6 GB.
 * Not a test: numbers are printed, never asserted.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const db = args.find((a) => !a.startsWith('--'));
if (db === undefined) {
  console.error('usage: get-pipe.js <recording> [--seq=N] [--output=json|yaml] [--kind=pods] [--bin=path]');
  process.exit(2);
}
const flag = (name: string, dflt?: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const bin = flag('bin', path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/kubelapse.js')) as string;
const output = flag('output', 'json') as string;
const getArgs = ['get', db, flag('kind', 'pods') as string, '-A', '-o', output, ...(flag('seq') !== undefined ? ['--seq', flag('seq') as string] : [])];

interface Result {
  wallMs: number;
  peakMB: number;
  bytes: number;
  code: number | null;
  stderr: string;
}

/** VmHWM of `pid` in MB, or 0 once it has gone. */
function peakOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) / 1024;
  } catch {
    return 0;
  }
}

function measure(sink: 'file' | 'slow' | 'head'): Promise<Result> {
  const file = path.join(os.tmpdir(), `kubelapse-get-pipe-${process.pid}.out`);
  const fd = sink === 'file' ? fs.openSync(file, 'w') : 'pipe';
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, ...getArgs], { stdio: ['ignore', fd, 'pipe'] });
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, peakOf(child.pid as number))), 50);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let bytes = 0;
  if (child.stdout !== null) {
    const out = child.stdout;
    out.pause();
    if (sink === 'head') {
      out.on('data', (d: Buffer) => {
        bytes += d.length;
        if (bytes >= 1000) out.destroy();
      });
      out.resume();
    } else {
      setTimeout(() => {
        out.on('data', (d: Buffer) => (bytes += d.length));
        out.resume();
      }, 5000);
    }
  }
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(poll);
      if (typeof fd === 'number') {
        fs.closeSync(fd);
        bytes = fs.statSync(file).size;
        fs.rmSync(file);
      }
      resolve({ wallMs: performance.now() - t0, peakMB: peak, bytes, code, stderr: stderr.trim().split('\n')[0] ?? '' });
    });
  });
}

console.log(`kubelapse ${getArgs.join(' ')} (node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
const file = await measure('file');
const line = (label: string, r: Result): string =>
  `   ${label.padEnd(22)} ${(r.wallMs / 1000).toFixed(1)} s wall${label === 'to a file' ? '' : ` (${(r.wallMs / file.wallMs).toFixed(2)}x the file's)`}, peak RSS ${r.peakMB.toFixed(0)} MB, ${r.bytes.toLocaleString('en')} bytes, exit ${r.code}${r.stderr === '' ? '' : `, stderr: ${r.stderr.slice(0, 120)}`}`;
console.log(line('to a file', file));
console.log(line('| (sleep 5; wc -c)', await measure('slow')));
console.log(line('| head -c 1000', await measure('head')));
