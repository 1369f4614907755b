import { describe, expect, it } from 'vitest';
import { RealTimePacer } from '../../core/cli/live-pacer.js';

/** Busy for `ms` of wall time: a simulation step that costs CPU. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
}

describe('the live pacer when the simulation runs behind the wall clock', () => {
  it('serves the event loop between slices of a catch-up, and a request still catches up whole', async () => {
    const advanced: number[] = [];
    let reached = 0;
    // At 100x, every virtual ms has a task and each step costs 2 ms of CPU: the simulation
    // cannot keep up, and is 10 virtual seconds behind when the pacer starts.
    const pacer = new RealTimePacer(
      100,
      (t) => {
        busy(2);
        advanced.push(t);
        reached = Math.max(reached, t);
      },
      () => reached + 1,
    );
    await new Promise((r) => setTimeout(r, 100));
    let ioTurns = 0;
    const io = setInterval(() => ioTurns++, 0);
    pacer.start();
    // start() returned: the first tick ran some slices, not the 10 s of backlog in one go.
    const afterStart = advanced.length;
    expect(afterStart).toBeGreaterThan(0);
    expect(reached).toBeLessThan(pacer.virtualNow() - 5_000);
    await new Promise((r) => setTimeout(r, 200));
    // The timers kept running while the pacer worked through its backlog in ticks.
    expect(ioTurns).toBeGreaterThan(3);
    expect(advanced.length).toBeGreaterThan(afterStart);
    expect(reached).toBeLessThan(pacer.virtualNow() - 5_000);
    // A request's sync brings the simulation to now at once: it sees everything due before it arrived.
    const before = pacer.virtualNow();
    pacer.sync();
    expect(reached).toBeGreaterThanOrEqual(before);
    pacer.stop();
    clearInterval(io);
  });
});
