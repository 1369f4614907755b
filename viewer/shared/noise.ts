/**
 * What the story lens skips: writes that are true but tell nothing new, one definition
 * for the whole viewer (the story model's noise runs, the event log's and search's
 * `lens=story` filter, stepping with ← →).
 *
 * - **lease-renewal**: an `update` of a `Lease`. Each kubelet renews its node Lease every
 *   10 s (upstream's nodeLeaseDurationSeconds 40 / 4), so a 2-minute, 3-node recording
 *   holds 36 of them: 36 of pod-loss-recovery's 215 writes. A Lease being created or
 *   garbage-collected (its node gone) is kept: that is news.
 * - **event-echo**: a Kubernetes `Event` object whose actor, reacting to the same cause,
 *   wrote a non-Event object in the same millisecond: the Event is that component's
 *   report of the write the recording already holds (the scheduler's `Scheduled` Event
 *   beside its binding, the ReplicaSet controller's `SuccessfulCreate` beside the pod
 *   it created, the kubelet's `Started` beside its pod status write). 42 of
 *   pod-loss-recovery's 65 Events. An Event with no such twin is the only record of what
 *   it says (a probe failing, `Killing`, an image being pulled) and is kept.
 *
 * Together they are 78 of pod-loss-recovery's 215 writes (36%).
 */
export type Noise = 'lease-renewal' | 'event-echo';

/** The columns the rule reads (an event row or summary has them all). */
export interface NoiseRow {
  seq: number;
  timeMs: number;
  kind: string;
  verb: string;
  actor: string;
  causeSeq: number | null;
}

/** Why `row` is noise, or null; `sameMs` holds every write of row's millisecond (row included). */
export function noiseOf(row: NoiseRow, sameMs: readonly NoiseRow[]): Noise | null {
  const group = sameMs.filter((w) => w.timeMs === row.timeMs);
  return noiseOfMs(group)[group.indexOf(row)] ?? null;
}

/**
 * The noise of each write of one millisecond (all rows share one timeMs), in order. The twins are looked up in a set
 * of (actor, cause) of the millisecond's non-Event writes, so a millisecond holding a
 * thousand writes (a 1,000-replica scale-up) costs a thousand look-ups, not a million.
 */
export function noiseOfMs(rows: readonly NoiseRow[]): Array<Noise | null> {
  const writers = new Set<string>();
  for (const w of rows) if (w.kind !== 'Event') writers.add(`${w.actor}\u0000${w.causeSeq ?? ''}`);
  return rows.map((r) => {
    if (r.kind === 'Lease' && r.verb === 'update') return 'lease-renewal';
    if (r.kind !== 'Event') return null;
    return writers.has(`${r.actor}\u0000${r.causeSeq ?? ''}`) ? 'event-echo' : null;
  });
}

/**
 * The noise of a recording as [fromSeq, toSeq] runs (inclusive), from its rows in seq
 * order: a run of three lease renewals is one pair, so the story model stays small.
 */
export function noiseRuns(rows: Iterable<NoiseRow>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let group: NoiseRow[] = [];
  const flush = (): void => {
    const noise = noiseOfMs(group);
    group.forEach((r, i) => {
      if (noise[i] === null) return;
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === r.seq - 1) last[1] = r.seq;
      else runs.push([r.seq, r.seq]);
    });
    group = [];
  };
  for (const r of rows) {
    if (group.length > 0 && group[0]?.timeMs !== r.timeMs) flush();
    group.push(r);
  }
  flush();
  return runs;
}

/** Whether `seq` lies in one of the sorted runs: a binary search. */
export function inRuns(runs: ReadonlyArray<readonly [number, number]>, seq: number): boolean {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = runs[mid] as readonly [number, number];
    if (seq < a) hi = mid - 1;
    else if (seq > b) lo = mid + 1;
    else return true;
  }
  return false;
}
