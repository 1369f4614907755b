import { HeapBudget, useHeapBudget } from '../record/heap-budget.js';
import { UsageError } from './exit.js';

/**
 * The old generation's budget, in MiB, for the commands that simulate into a recording
 * (`run`, `start`): the recorder keeps V8's full collections to it (record/heap-budget.ts).
 * 1,500 MiB: at 100,000 pods the peak RSS is the heap at a full collection plus ~260 MiB
 * (the young generation's 32, pages just freed and not yet unmapped, the batch buffers,
 * the worker, malloc, the binary), so 1,500 keeps it near 1.8 GB, under issue 18's 2 GB
 * (1,907 MiB); a smaller run (live heap under 375 MiB) keeps V8's own growth and pays
 * nothing.
 *
 * KUBELAPSE_HEAP_BUDGET=<MiB> sets another; 0 leaves V8's own growth. A
 * `--heap-growing-percent` given to node itself (on its command line or in NODE_OPTIONS)
 * is left as it is. V8's flags are the process's: the factor reaches the recorder worker's
 * isolate too, harmless at its 8-17 MiB of heap.
 */
export const HEAP_BUDGET_MIB = 1500;

/** The budget in effect for this environment (0: none), or a clear error for a bad KUBELAPSE_HEAP_BUDGET. */
export function heapBudgetMiB(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.KUBELAPSE_HEAP_BUDGET;
  if (text === undefined || text === '') return HEAP_BUDGET_MIB;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`invalid KUBELAPSE_HEAP_BUDGET "${text}": whole MiB, or 0 for none`);
  }
  return Number(text);
}

/** Gives this process the recording commands' heap budget; returns it in MiB, or undefined when V8's own growth stays. */
export function useRecordingHeap(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const mib = heapBudgetMiB(env);
  const own = /(^|\s)--heap[-_]growing[-_]percent(=|\s|$)/;
  if (process.execArgv.some((a) => own.test(a)) || own.test(env.NODE_OPTIONS ?? '')) return undefined;
  if (mib === 0) return undefined;
  useHeapBudget(new HeapBudget(mib * 1024 * 1024));
  return mib;
}

/** Ends the budget once recording is over (`start` before it serves): V8's own growth again. */
export function releaseRecordingHeap(): void {
  useHeapBudget(undefined);
}
