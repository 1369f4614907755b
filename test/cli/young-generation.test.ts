import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEMI_SPACE_MIB, semiSpaceMiB, youngGenerationFlags } from '../../core/cli/young-generation.js';
import { ROOT, tmpDir } from '../helpers.js';
import { childrenOf, running } from '../processes.js';
import { SIX_HUNDRED_PODS as BIG } from './six-hundred-pods.js';

const BIN = path.join(ROOT, 'bin', 'kubelapse.js');
const YOUNG = path.join(ROOT, 'dist', 'core', 'cli', 'young-generation.js');

/**
 * `kubelapse <args>` under node's verbose GC trace: the largest young generation V8
 * committed (its "New space, ... committed: N KB" line after each collection: both
 * semi-spaces), in MiB.
 */
function tracedRun(args: string[], env: Record<string, string> = {}): { code: number; stderr: string; newSpaceMiB: number } {
  const r = spawnSync(process.execPath, ['--trace-gc', '--trace-gc-verbose', BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 });
  const committed = [...r.stdout.matchAll(/New space,[^\n]*committed: +(\d+) KB/g)].map((m) => Number(m[1]) / 1024);
  return { code: r.status ?? -1, stderr: r.stderr, newSpaceMiB: Math.max(0, ...committed) };
}

/**
 * tracedRun's figures, with the command lines of the processes `kubelapse` started while it
 * ran (read from /proc every 20 ms: the simulating child lives for seconds).
 */
async function watchedRun(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string; newSpaceMiB: number; children: string[] }> {
  const child = spawn(process.execPath, ['--trace-gc', '--trace-gc-verbose', BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  const seen = new Map<number, string>();
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    for (const pid of childrenOf(child.pid as number)) {
      // Read again on every poll, keeping the last: read between fork and exec, a child's
      // cmdline is still its parent's (one loaded CI run recorded the parent's command line).
      try {
        seen.set(pid, fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
      } catch {
        // gone already
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const code = await exited;
  const committed = [...stdout.matchAll(/New space,[^\n]*committed: +(\d+) KB/g)].map((m) => Number(m[1]) / 1024);
  return { code, stderr, newSpaceMiB: Math.max(0, ...committed), children: [...seen.values()] };
}

function head(db: string): string {
  const r = spawnSync(process.execPath, [BIN, 'verify', db, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { head: string }).head;
}

describe('the young generation of the recording commands', () => {
  it('`kubelapse run` simulates in a child node with 32 MiB semi-spaces (V8 alone: 16), and records the same bytes', async () => {
    const dir = tmpDir();
    const scenario = path.join(dir, 'big.yaml');
    fs.writeFileSync(scenario, BIG);
    const ours = await watchedRun(['run', scenario, '-o', path.join(dir, 'a.db'), '-q']);
    const own = await watchedRun(['run', scenario, '-o', path.join(dir, 'b.db'), '-q'], { KUBELAPSE_SEMI_SPACE: '0' });
    expect(ours.code, ours.stderr).toBe(0);
    expect(own.code, own.stderr).toBe(0);
    // The simulating child is node with the flag; with KUBELAPSE_SEMI_SPACE=0 there is none.
    // (How far V8 then grows the new space depends on survival rates: a run this short
    // often stays at 32 MiB committed, so only the bound is asserted of it.)
    expect(ours.children).toHaveLength(1);
    expect(ours.children[0]).toContain(`--max-semi-space-size=${SEMI_SPACE_MIB}`);
    expect(own.children).toEqual([]);
    expect(ours.newSpaceMiB).toBeLessThanOrEqual(2 * SEMI_SPACE_MIB);
    expect(own.newSpaceMiB).toBeLessThanOrEqual(32);
    expect(head(path.join(dir, 'a.db'))).toBe(head(path.join(dir, 'b.db')));
  });

  it('a semi-space the user gave node wins; a bad KUBELAPSE_SEMI_SPACE is exit 2 naming the value, nothing written', () => {
    expect(youngGenerationFlags([], {})).toEqual([`--max-semi-space-size=${SEMI_SPACE_MIB}`]);
    expect(youngGenerationFlags(['--max-semi-space-size=8'], {})).toBeUndefined();
    expect(youngGenerationFlags([], { NODE_OPTIONS: '--max-old-space-size=3000 --max_semi_space_size=64' })).toBeUndefined();
    expect(youngGenerationFlags([], { KUBELAPSE_SEMI_SPACE: '0' })).toBeUndefined();
    expect(youngGenerationFlags(['--inspect-brk=0'], {})).toBeUndefined();
    expect(youngGenerationFlags([], { NODE_OPTIONS: '--inspect' })).toBeUndefined();
    expect(youngGenerationFlags(['--inspect-port=0'], {})).toEqual([`--max-semi-space-size=${SEMI_SPACE_MIB}`]);
    expect(youngGenerationFlags([], { KUBELAPSE_SEMI_SPACE: '64' })).toEqual(['--max-semi-space-size=64']);
    expect(semiSpaceMiB({})).toBe(SEMI_SPACE_MIB);
    expect(() => semiSpaceMiB({ KUBELAPSE_SEMI_SPACE: '1.5' })).toThrow('invalid KUBELAPSE_SEMI_SPACE "1.5"');
    const dir = tmpDir();
    const given = tracedRun(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', path.join(dir, 'g.db'), '-q'], { NODE_OPTIONS: '--max-semi-space-size=4' });
    expect(given.code, given.stderr).toBe(0);
    expect(given.newSpaceMiB).toBeLessThanOrEqual(8);
    const bad = tracedRun(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', path.join(dir, 'c.db'), '-q'], { KUBELAPSE_SEMI_SPACE: 'x' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid KUBELAPSE_SEMI_SPACE "x"');
    expect(fs.existsSync(path.join(dir, 'c.db'))).toBe(false);
  });

  it('the relaunched child gets the flags and arguments; its exit code comes back; a SIGTERM reaches it; its death by a signal ends the parent alike; a SIGKILL to the parent ends it', async () => {
    const dir = tmpDir();
    const child = path.join(dir, 'child.mjs');
    fs.writeFileSync(
      child,
      `import fs from 'node:fs';
import { watchParent } from ${JSON.stringify(YOUNG)};
watchParent();
fs.writeFileSync(${JSON.stringify(path.join(dir, 'seen.json'))}, JSON.stringify({ execArgv: process.execArgv, args: process.argv.slice(2), pid: process.pid }));
if (process.argv[2] === 'wait') {
  process.once('SIGTERM', () => { fs.writeFileSync(${JSON.stringify(path.join(dir, 'stopped'))}, ''); process.exit(0); });
  process.stdout.write('ready\\n');
  setInterval(() => {}, 1000);
} else if (process.argv[2] === 'busy') {
  process.stdout.write('ready\\n');
  // Busy on its main thread, as \`run\` is while it simulates: no event loop turns.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
} else if (process.argv[2] === 'interrupted') process.kill(process.pid, 'SIGINT');
else process.exit(3);
`,
    );
    const parent = path.join(dir, 'parent.mjs');
    fs.writeFileSync(parent, `import { endAsChild, relaunch } from ${JSON.stringify(YOUNG)};\nendAsChild(await relaunch(['--max-semi-space-size=8'], ${JSON.stringify(child)}, process.argv.slice(2)));\n`);
    const seen = (): { execArgv: string[]; args: string[]; pid: number } => JSON.parse(fs.readFileSync(path.join(dir, 'seen.json'), 'utf8'));
    const ended = spawnSync(process.execPath, [parent, 'a', 'b'], { encoding: 'utf8' });
    expect(ended.status, ended.stderr).toBe(3);
    expect(seen()).toMatchObject({ execArgv: ['--max-semi-space-size=8'], args: ['a', 'b'] });

    // A child ended by Ctrl-C ends the parent by Ctrl-C: a shell loop around it stops.
    const interrupted = spawnSync(process.execPath, [parent, 'interrupted'], { encoding: 'utf8' });
    expect({ status: interrupted.status, signal: interrupted.signal }).toEqual({ status: null, signal: 'SIGINT' });

    const waiting = spawn(process.execPath, [parent, 'wait'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => waiting.stdout.once('data', () => resolve()));
    waiting.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => waiting.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'stopped'))).toBe(true);

    // A SIGKILL cannot be passed on: the busy child sees its parent gone and ends itself.
    const busy = spawn(process.execPath, [parent, 'busy'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => busy.stdout.once('data', () => resolve()));
    const pid = seen().pid;
    try {
      expect(running(pid)).toBe(true);
      busy.kill('SIGKILL');
      const deadline = performance.now() + 5_000;
      while (running(pid) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(running(pid), `the relaunched child ${pid} outlived its killed parent`).toBe(false);
    } finally {
      if (running(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
