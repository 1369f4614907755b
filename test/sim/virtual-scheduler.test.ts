import { bufferTime, debounceTime, delay, interval, of, Subject, take, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RunawayError, VirtualScheduler } from '../../core/sim/virtual-scheduler.js';

describe('virtual scheduler', () => {
  it('runs rxjs timer, delay, bufferTime and debounceTime in virtual time, instantly', () => {
    const s = new VirtualScheduler();
    const seen: string[] = [];
    timer(5000, s).subscribe(() => seen.push(`timer@${s.now()}`));
    of('x').pipe(delay(1500, s)).subscribe((v) => seen.push(`delay ${v}@${s.now()}`));
    const input = new Subject<number>();
    input.pipe(bufferTime(1000, s), take(3)).subscribe((b) => seen.push(`buffer [${b.join(',')}]@${s.now()}`));
    input.pipe(debounceTime(300, s)).subscribe((v) => seen.push(`debounce ${v}@${s.now()}`));
    s.after(100, () => input.next(1));
    s.after(200, () => input.next(2));
    s.after(1200, () => input.next(3));
    s.runUntil(10_000);
    // At 1 500 ms the delay (set at 0) runs before the debounce (set at 1 200): insertion order.
    expect(seen).toEqual([
      'debounce 2@500',
      'buffer [1,2]@1000',
      'delay x@1500',
      'debounce 3@1500',
      'buffer [3]@2000',
      'buffer []@3000',
      'timer@5000',
    ]);
    expect(s.now()).toBe(10_000);
  });

  it('orders tasks due at the same time by insertion, whatever their delay', () => {
    const s = new VirtualScheduler();
    const order: string[] = [];
    s.after(10, () => order.push('a (set at 0 for 10)'));
    s.after(5, () => s.after(5, () => order.push('c (set at 5 for 10)')));
    s.after(10, () => order.push('b (set at 0 for 10)'));
    s.runUntil(10);
    expect(order).toEqual(['a (set at 0 for 10)', 'b (set at 0 for 10)', 'c (set at 5 for 10)']);
  });

  it('runUntil stops at the boundary and leaves later work pending', () => {
    const s = new VirtualScheduler();
    const fired: number[] = [];
    interval(1000, s).pipe(take(10)).subscribe((i) => fired.push(i));
    s.runUntil(3500);
    expect(fired).toEqual([0, 1, 2]);
    expect(s.now()).toBe(3500);
    s.runUntil(20_000);
    expect(fired).toHaveLength(10);
  });

  it('a cancelled task never runs', () => {
    const s = new VirtualScheduler();
    let ran = false;
    const sub = s.after(100, () => (ran = true));
    sub.unsubscribe();
    s.runUntil(1000);
    expect(ran).toBe(false);
  });

  it('stops a zero-delay loop with a readable error naming the instant and the task', () => {
    const s = new VirtualScheduler({ maxTasksPerInstant: 1000 });
    const spin = (): void => {
      s.after(0, spin, 'replicaset-controller sync');
    };
    s.after(2500, spin, 'replicaset-controller sync');
    let error: unknown;
    try {
      s.runUntil(10_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RunawayError);
    expect((error as Error).message).toMatch(/^runaway: more than 1000 tasks at t=2\.500s without virtual time advancing \(last task: replicaset-controller sync\)$/);
    expect(s.now()).toBe(2500);
  });

  it('a loop that advances time is not a runaway', () => {
    const s = new VirtualScheduler({ maxTasksPerInstant: 10 });
    let n = 0;
    const tick = (): void => {
      if (++n < 10_000) s.after(1, tick);
    };
    s.after(0, tick);
    s.runUntil(1_000_000);
    expect(n).toBe(10_000);
  });
  it('every: runs each period after the work it set, goes on after a failure, stops when unsubscribed', () => {
    const s = new VirtualScheduler({ onTaskError: () => true });
    const seen: string[] = [];
    let n = 0;
    const handle = s.every(10_000, () => {
      n++;
      seen.push(`tick ${n}@${s.now()}`);
      // Set during the tick for one period on: due with the next tick, and set before it.
      s.after(10_000, () => seen.push(`follow-up of ${n}@${s.now()}`));
      if (n === 2) throw new Error('lease renewal failed');
      if (n === 4) handle.unsubscribe();
    }, 'lease');
    s.runUntil(100_000);
    expect(seen).toEqual([
      'tick 1@10000',
      'follow-up of 1@20000',
      'tick 2@20000',
      'follow-up of 2@30000',
      'tick 3@30000',
      'follow-up of 3@40000',
      'tick 4@40000',
      'follow-up of 4@50000',
    ]);
  });

  it('timers set after thousands have run still run in (time, insertion) order, cancelled ones never', () => {
    const s = new VirtualScheduler();
    let ran = 0;
    for (let i = 0; i < 10_000; i++) s.after(i % 7, () => ran++);
    s.runUntil(10);
    expect(ran).toBe(10_000);
    const order: string[] = [];
    s.after(20, () => order.push('a'));
    const b = s.after(5, () => order.push('b'));
    s.after(15, () => s.after(5, () => order.push('d')));
    s.after(20, () => order.push('c'));
    b.unsubscribe();
    s.runUntil(100);
    expect(order).toEqual(['a', 'c', 'd']);
  });
});
