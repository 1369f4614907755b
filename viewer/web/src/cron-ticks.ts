import { JV, type CronJobTrack } from '../../shared/model.js';
import type { ModelIndex } from './model-index.js';

/** A Job a CronJob's tick started, and how it ended. */
export interface CronRun {
  name: string;
  /** The Job's creation: the tick. */
  seq: number;
  start: number;
  /** null while it runs at the end of the recording. */
  end: number | null;
  outcome: 'running' | 'complete' | 'failed' | 'deleted';
}

/** A tick that started nothing: Forbid's JobAlreadyActive, or a missed start. */
export interface CronSkipTick {
  t: number;
  seq: number;
  reason: string;
  message: string;
}

export interface CronTicks {
  runs: CronRun[];
  skips: CronSkipTick[];
}

const cache = new WeakMap<CronJobTrack, CronTicks>();

/**
 * What a CronJob's schedule did, read from the recording: every Job it started (the
 * tick is the Job's creation) with how it ended (its Complete or Failed condition, or
 * deleted while running: what Replace does to the previous Job), and the ticks it
 * skipped, from its Events.
 */
export function cronTicks(mi: ModelIndex, cj: CronJobTrack): CronTicks {
  let out = cache.get(cj);
  if (out !== undefined) return out;
  const runs = mi.owners.jobsOf(cj.namespace, cj.name)
    .filter((j) => j.createdSeq >= cj.createdSeq && (cj.deletedSeq === null || j.createdSeq <= cj.deletedSeq))
    .map((j): CronRun => {
      const done = j.versions.find((v) => ['Complete', 'Failed'].includes(mi.str(v[JV.condition]) ?? ''));
      if (done !== undefined) return { name: j.name, seq: j.createdSeq, start: mi.timeOf(j.createdSeq), end: mi.timeOf(done[JV.seq]), outcome: mi.str(done[JV.condition]) === 'Complete' ? 'complete' : 'failed' };
      if (j.deletedSeq !== null) return { name: j.name, seq: j.createdSeq, start: mi.timeOf(j.createdSeq), end: mi.timeOf(j.deletedSeq), outcome: 'deleted' };
      return { name: j.name, seq: j.createdSeq, start: mi.timeOf(j.createdSeq), end: null, outcome: 'running' };
    });
  const skips = cj.skips.map(([seq, reason, message]) => ({ t: mi.timeOf(seq), seq, reason: mi.str(reason) ?? '', message: mi.str(message) ?? '' }));
  cache.set(cj, (out = { runs, skips }));
  return out;
}
