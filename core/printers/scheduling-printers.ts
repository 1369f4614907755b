import type { Printer } from './printer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

/**
 * `kubectl get pc`, as printPriorityClass of v1.32. PREEMPTIONPOLICY is a wide cell
 * upstream, but the API server prints its tables wide and declares the column with
 * priority 0, so kubectl shows it after AGE.
 */
export const SCHEDULING_PRINTERS: Record<string, Printer> = {
  PriorityClass: {
    columns: ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
    wide: [],
    row: (o, age) => {
      const pc = o as any;
      return [o.metadata.name ?? '', String(pc.value ?? 0), String(pc.globalDefault ?? false), age, String(pc.preemptionPolicy ?? '')];
    },
  },
};
