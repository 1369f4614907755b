/**
 * Benchmark (issue 18, target 1's time): the virtual clock alone under many waiting
 * timers, as at 100,000 pods (each Ready pod's readiness probe ticks every 5 s, and its
 * kubelet's, lease's and controllers' timers wait beside them). `timers` periodic timers,
 * each rescheduling itself every `periodMs` (as a probe tick does), started at spread
 * instants over one period, run for `virtualS` virtual seconds. Prints one JSON line: CPU
 * and ns a tick, heap used after. `instants`: how many distinct start instants the timers
 * are spread over (default one a millisecond of the period). The simulation's are coarse:
 * a 10,000-pod run enqueues 458,190 runs at 212 distinct times, up to 25,524 pending at
 * once in 9 of them, so 20 is the closer case.
 *
 *   node --expose-gc dist/test/bench/clock-ticks.js [timers=300000] [periodMs=5000] [virtualS=60] [instants=periodMs]
 *
 * Alternate it with another build's clock (copy this file next to that build's dist).
 */
import { VirtualScheduler, type VirtualAction } from '../../core/sim/virtual-scheduler.js';

const timers = Number(process.argv[2] ?? 300_000);
const periodMs = Number(process.argv[3] ?? 5_000);
const virtualS = Number(process.argv[4] ?? 60);
const instants = Number(process.argv[5] ?? periodMs);

const clock = new VirtualScheduler();
let ticks = 0;
// A seeded spread of start instants (the pods came up over the scale-up's seconds).
let seed = 12345;
const next = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
for (let i = 0; i < timers; i++) {
  let action: VirtualAction<void>;
  const fire = (): void => {
    ticks++;
    action.schedule(undefined, periodMs);
  };
  action = clock.after(Math.floor(next() * instants) * (periodMs / instants), fire, 'tick') as VirtualAction<void>;
}
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
// Warm up one period, then measure.
clock.runUntil(periodMs);
const t0 = ticks;
const u0 = process.cpuUsage();
clock.runUntil(periodMs + virtualS * 1000);
const u = process.cpuUsage(u0);
const cpuMs = (u.user + u.system) / 1000;
const n = ticks - t0;
gc?.();
console.log(JSON.stringify({ timers, periodMs, virtualS, instants, ticks: n, cpuMs: Math.round(cpuMs), nsPerTick: Math.round((cpuMs * 1e6) / n), heapMB: Math.round(process.memoryUsage().heapUsed / 1e6) }));
