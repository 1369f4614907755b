import { spawn } from 'node:child_process';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { UsageError } from './exit.js';

/**
 * V8's young generation for a process that simulates a large cluster into a recording
 * (`kubelapse run`, the kwok-scale bench): each semi-space 32 MiB instead of V8's 16.
 *
 * Why: a scavenge (V8's young-generation collection) walks the header of every page of
 * the old generation, whatever it finds there: the pages with old-to-new slots are
 * picked out of a linked list of all of them (V8 11.3, src/heap/scavenger.cc,
 * ScavengerCollector::CollectGarbage, RememberedSet<OLD_TO_NEW>::IterateMemoryChunks), a
 * cache and TLB miss per 256 KiB page. `perf` on the 30,000-pod bench: that walk is half
 * of the simulation thread's CPU in scavenges (1.3 of 2.6 s, ~1.3 ms a scavenge at
 * 400-700 MB of old generation); `--trace-gc-nvp` shows it as the part of a scavenge in
 * none of its named phases, growing with the old generation (0.3 ms under 100 MB, 1.9 at
 * 500 MB at 10,000 pods, 3.4-4.5 at 300-600 MB at 30,000 under load), and at 100,000
 * pods (1,000-1,400 MB, ~5,000 pages) it was the half of each pause that heap9 could
 * not name (docs/performance.md, "Round 10 ... gc10"). What a scavenge copies is the
 * same per write either way (~1.7 kB: the written objects the store keeps); only the
 * count of walks falls with a larger semi-space: at 100,000 pods 2,340-2,349 scavenges
 * at 16 MiB and 1,129-1,147 at 32, the walks 11.3-14.0 -> 5.6-5.8 s, the scale-up's CPU
 * 0.86-0.88x, peak RSS 1,675-1,696 -> 1,673-1,683 MiB (two pairs, load 3-6).
 *
 * It cannot be set from inside the process: V8 sizes the young generation when the heap
 * is made (src/heap/heap.cc, Heap::ConfigureHeap reads --max-semi-space-size once), and
 * `v8.setFlagsFromString` later changes nothing. So the entry point (bin/kubelapse.js for
 * `run` only, and the bench) runs itself again in a child node with the flag
 * (`inYoungGeneration`), when node was not given one already (its command line or
 * NODE_OPTIONS); KUBELAPSE_SEMI_SPACE=<MiB>
 * sets another size, 0 runs as V8 sizes it (no child). Not `live`: a scavenge twice as
 * large is a longer pause for its watchers, and its cluster is small (the heap budget's
 * reasoning, recording-heap.ts). Not `start` either, which serves once it has recorded:
 * its Ctrl-C handling stops the server on the first SIGINT, and a child would get two
 * (the terminal's and the one passed on). Nothing of it reaches the recording.
 */
export const SEMI_SPACE_MIB = 32;

const GIVEN = /(^|\s)--(max|min)[-_]semi[-_]space[-_]size(=|\s|$)/;
const INSPECT = /(^|\s)--inspect(-brk|-wait)?(=|\s|$)/;

/** The semi-space size in effect for this environment (0: V8's own), or a clear error for a bad KUBELAPSE_SEMI_SPACE. */
export function semiSpaceMiB(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.KUBELAPSE_SEMI_SPACE;
  if (text === undefined || text === '') return SEMI_SPACE_MIB;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`invalid KUBELAPSE_SEMI_SPACE "${text}": whole MiB, or 0 for V8's own`);
  }
  return Number(text);
}

/**
 * The node flags to run this process again with, or undefined when it runs as it is: a
 * semi-space size given to node already (on its command line or in NODE_OPTIONS: also
 * how the child knows it is the child), an inspector (`--inspect`), or
 * KUBELAPSE_SEMI_SPACE=0.
 */
export function youngGenerationFlags(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (execArgv.some((a) => GIVEN.test(a)) || GIVEN.test(env.NODE_OPTIONS ?? '')) return undefined;
  // Under a debugger the process being debugged must be the one that simulates (a child
  // would also try the parent's inspector port).
  if (execArgv.some((a) => INSPECT.test(a)) || INSPECT.test(env.NODE_OPTIONS ?? '')) return undefined;
  const mib = semiSpaceMiB(env);
  return mib === 0 ? undefined : [`--max-semi-space-size=${mib}`];
}

/**
 * The first step of an entry point that simulates into a recording (`kubelapse run`, the
 * kwok-scale bench): in the relaunched child, watch the parent and return; otherwise,
 * unless node already has a semi-space size (or KUBELAPSE_SEMI_SPACE=0), run `script`
 * with `args` again in a child node with one and end as it ends (this never returns).
 * Returns when this process is the one to simulate. A bad KUBELAPSE_SEMI_SPACE is one
 * line prefixed with `name` and exit 2; a node that cannot be started again, exit 3.
 * `afterSignal` runs when a signal ended the child, before this process ends by it
 * (`kubelapse run`: interrupted-run.ts indexes what the child recorded).
 */
export async function inYoungGeneration(script: string, args: readonly string[], name: string, afterSignal?: () => Promise<void>): Promise<void> {
  watchParent();
  let flags: string[] | undefined;
  try {
    flags = youngGenerationFlags();
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (flags === undefined) return;
  const given = flags.join(' ');
  const end = await relaunch(flags, script, args).catch((err: Error) => {
    process.stderr.write(`${name}: could not start node again with ${given}: ${err.message} (KUBELAPSE_SEMI_SPACE=0 runs in this process)\n`);
    return process.exit(3);
  });
  if (end.signal !== null && afterSignal !== undefined) {
    // Whatever it meets, this process still ends by the child's signal (a shell loop stops).
    await afterSignal().catch((err: Error) => process.stderr.write(`${name}: ${err.message}\n`));
  }
  endAsChild(end);
}

/** How the relaunched child ended: its exit code, or the signal that ended it. */
export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Set in the child's environment: the pid of the process that waits for it. */
const PARENT_ENV = 'KUBELAPSE_PARENT_PID';

/**
 * Runs `script` with `args` again in a child node: `flags` first, then this process's own
 * node flags; stdin, stdout and stderr shared. Resolves to how the child ended; rejects
 * when it could not be started. SIGINT, SIGTERM and SIGHUP sent to this process are
 * passed on (a Ctrl-C reaches the child twice, from the terminal and from here: `run` and
 * the bench stop on the first, as they did in one process). A SIGKILL cannot be passed
 * on: the child watches for it itself (`watchParent`).
 */
export function relaunch(flags: readonly string[], script: string, args: readonly string[]): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, [PARENT_ENV]: String(process.pid) };
    const child = spawn(process.execPath, [...flags, ...process.execArgv, script, ...args], { stdio: 'inherit', env });
    const pass = (signal: NodeJS.Signals) => (): void => {
      child.kill(signal);
    };
    const int = pass('SIGINT');
    const term = pass('SIGTERM');
    const hup = pass('SIGHUP');
    process.on('SIGINT', int);
    process.on('SIGTERM', term);
    process.on('SIGHUP', hup);
    const done = (): void => {
      process.off('SIGTERM', term);
      process.off('SIGHUP', hup);
      process.off('SIGINT', int);
    };
    child.once('error', (err) => {
      done();
      reject(err);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve({ code, signal });
    });
  });
}

/**
 * Ends this process as the child ended: with its exit code, or by the same signal, so a
 * shell sees a Ctrl-C as a Ctrl-C (`for f in *.yaml; do kubelapse run "$f"; done` stops,
 * where an exit code of 130 would let it go on). 128 + the signal's number if the signal
 * does not end this process.
 */
export function endAsChild(end: ChildEnd): never {
  if (end.signal !== null) {
    process.removeAllListeners(end.signal);
    process.kill(process.pid, end.signal);
  }
  process.exit(end.code ?? 128 + signalNumber(end.signal));
}

/**
 * In the relaunched child: ends it with SIGKILL as soon as the process that started it is
 * gone (a SIGKILL to it, which it cannot pass on), as one process killed so would have
 * ended; the recording is left as a killed run leaves it (unsealed, complete = 0).
 * A thread of its own looks, every 250 ms, since `run` simulates on the main thread
 * without turning its event loop for seconds. No-op outside a relaunched child.
 */
export function watchParent(env: NodeJS.ProcessEnv = process.env): void {
  const parent = Number(env[PARENT_ENV]);
  delete env[PARENT_ENV];
  if (!Number.isSafeInteger(parent) || parent <= 0) return;
  const watcher = new Worker(
    `const { workerData } = require('node:worker_threads');
setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 250);`,
    { eval: true, workerData: parent, resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 } },
  );
  // A watcher that fails (it cannot start, or runs out of its small heap) must not end the
  // run it watches: an 'error' with no listener would be an uncaught exception here.
  watcher.on('error', (err) => process.stderr.write(`warning: the parent watch stopped: ${err.message}\n`));
  watcher.unref();
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const n = signal === null ? undefined : (os.constants.signals as Record<string, number | undefined>)[signal];
  return n ?? 1;
}
