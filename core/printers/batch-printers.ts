import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';
import { humanDuration } from './age.js';
import type { Printer } from './printer.js';
import { containerCells, formatLabelSelector, since } from './printer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

const hasCondition = (o: Readonly<KObject>, type: string): boolean => ((o.status?.conditions ?? []) as any[]).some((c) => c.type === type && c.status === 'True');

/** The STATUS column of v1.32's printJob: a finished Job says so before Terminating. */
export function jobStatus(o: Readonly<KObject>): string {
  if (hasCondition(o, 'Complete')) return 'Complete';
  if (hasCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (hasCondition(o, 'Suspended')) return 'Suspended';
  if (hasCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: 3/5 with spec.completions 5; without it 0/1, or `0/1 of 4` for parallelism 4. */
export function jobCompletions(o: Readonly<KObject>): string {
  const succeeded = o.status?.succeeded ?? 0;
  if (typeof o.spec?.completions === 'number') return `${succeeded}/${o.spec.completions}`;
  const parallelism = o.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: from startTime to completionTime, or to now while it runs; empty before it starts. */
export function jobDuration(o: Readonly<KObject>, clock: ClusterClock): string {
  const start = o.status?.startTime;
  if (start === undefined) return '';
  const end = o.status?.completionTime;
  const endMs = end === undefined ? clock.now() : clock.virtualOf(end);
  const startMs = clock.virtualOf(start);
  return Number.isNaN(startMs) || Number.isNaN(endMs) ? '<unknown>' : humanDuration(endMs - startMs);
}

/** `kubectl get jobs|cronjobs`, as printJob and printCronJob of v1.32. */
export const BATCH_PRINTERS: Record<string, Printer> = {
  Job: {
    columns: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, age, clock) => [o.metadata.name ?? '', jobStatus(o), jobCompletions(o), jobDuration(o, clock), age],
    wideRow: (o) => [...containerCells(o.spec?.template?.spec), formatLabelSelector(o.spec?.selector)],
  },
  CronJob: {
    columns: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, age, clock) => {
      const suspend = o.spec?.suspend;
      const last = o.status?.lastScheduleTime;
      return [
        o.metadata.name ?? '',
        String(o.spec?.schedule ?? ''),
        o.spec?.timeZone ?? '<none>',
        suspend === undefined ? '<unset>' : suspend ? 'True' : 'False',
        String(((o.status?.active as unknown[] | undefined) ?? []).length),
        last === undefined ? '<none>' : since(last, clock),
        age,
      ];
    },
    wideRow: (o) => {
      const job = o.spec?.jobTemplate?.spec;
      return [...containerCells(job?.template?.spec), formatLabelSelector(job?.selector)];
    },
  },
};
