import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heapBudgetMiB, HEAP_BUDGET_MIB, releaseRecordingHeap, useRecordingHeap } from '../../core/cli/recording-heap.js';
import { ROOT, tmpDir } from '../helpers.js';
import { SIX_HUNDRED_PODS as BIG } from './six-hundred-pods.js';

const BIN = path.join(ROOT, 'bin', 'kubelapse.js');
const SHIPPED = path.join(ROOT, 'recordings', 'api-basics.yaml');

/**
 * `kubelapse <args>` under node's GC trace: V8 prints each old-generation limit it sets
 * after a full collection, e.g. "[HeapController] Limit: old size: 17542 KB, new limit:
 * 51895 KB (2.0)": what the collection kept and the growth factor used.
 */
function tracedCli(args: string[], env: Record<string, string> = {}): { code: number; stderr: string; limits: Array<{ keptMiB: number; factor: number }> } {
  const r = spawnSync(process.execPath, ['--trace-gc', '--trace-gc-verbose', BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 });
  const limits = [...r.stdout.matchAll(/\[HeapController\] Limit: old size: (\d+) KB, new limit: \d+ KB \(([\d.]+)\)/g)].map((m) => ({ keptMiB: Number(m[1]) / 1024, factor: Number(m[2]) }));
  return { code: r.status ?? -1, stderr: r.stderr, limits };
}

describe('the heap budget of the recording commands', () => {
  it('`kubelapse run` holds the growth after a full collection to KUBELAPSE_HEAP_BUDGET, where V8 alone grows 4x', () => {
    const dir = tmpDir();
    const scenario = path.join(dir, 'big.yaml');
    fs.writeFileSync(scenario, BIG);
    // 24 MiB against ~17 MiB kept after the 600 pods' writes: V8's own factor at this size is 4.0.
    const held = tracedCli(['run', scenario, '-o', path.join(dir, 'a.db'), '-q'], { KUBELAPSE_HEAP_BUDGET: '24' });
    expect(held.code, held.stderr).toBe(0);
    const last = held.limits.at(-1);
    expect(last, 'no full collection traced').toBeDefined();
    // The factor comes from the live size the recorder saw at its last look, a batch before:
    // within the budget give or take that batch's growth, and never V8's 4x.
    expect(last?.factor).toBeLessThanOrEqual(2.5);
    expect(last?.factor).toBeGreaterThanOrEqual(1.2);
    expect((last?.keptMiB ?? 0) * (last?.factor ?? 0)).toBeLessThanOrEqual(2 * 24);
  });

  it('a bad KUBELAPSE_HEAP_BUDGET is a clear error naming the value, exit 2, before anything is written', () => {
    const dir = tmpDir();
    for (const bad of ['x', '-5', '1.5', '1e3']) {
      const r = tracedCli(['run', SHIPPED, '-o', path.join(dir, 'c.db'), '-q'], { KUBELAPSE_HEAP_BUDGET: bad });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`invalid KUBELAPSE_HEAP_BUDGET "${bad}"`);
      expect(fs.existsSync(path.join(dir, 'c.db'))).toBe(false);
    }
    expect(() => heapBudgetMiB({ KUBELAPSE_HEAP_BUDGET: '12abc' })).toThrow('invalid KUBELAPSE_HEAP_BUDGET "12abc"');
    expect(heapBudgetMiB({})).toBe(HEAP_BUDGET_MIB);
    expect(heapBudgetMiB({ KUBELAPSE_HEAP_BUDGET: '0' })).toBe(0);
  });

  it('a growth factor the user gave node (on its command line or in NODE_OPTIONS) wins over the budget', () => {
    try {
      expect(useRecordingHeap({ NODE_OPTIONS: '--max-old-space-size=3000 --heap-growing-percent=50' })).toBeUndefined();
      expect(useRecordingHeap({ NODE_OPTIONS: '--heap_growing_percent=50' })).toBeUndefined();
      expect(useRecordingHeap({ KUBELAPSE_HEAP_BUDGET: '0' })).toBeUndefined();
      expect(useRecordingHeap({ NODE_OPTIONS: '--max-old-space-size=3000' })).toBe(HEAP_BUDGET_MIB);
    } finally {
      releaseRecordingHeap();
    }
  });
});
