import { describe, expect, it } from 'vitest';
import { Stage, type PodTrack, type PodVersion } from '../../viewer/shared/model.js';
import { sigtermAt, terminationPart, terminationStep } from '../../viewer/web/src/termination.js';

/** A pod deleted at 10 s with `grace` seconds, a preStop of `preStopMs`, exiting at `exitMs` (null: never seen). */
function deleted(preStopMs: number, grace: number, exitMs: number | null): { pod: PodTrack; v: PodVersion } {
  const v: PodVersion = [5, 0, Stage.Terminating, 0, -1, 10_000, grace];
  const pod: PodTrack = { uid: 'u', namespace: 'default', name: 'web-1', owner: null, createdSeq: 1, deletedSeq: null, preStopMs, exitMs, revision: null, claims: [], target: null, completionIndex: null, versions: [v] };
  return { pod, v };
}

describe('where a terminating pod is, and what ends that step, from what was recorded', () => {
  it('SIGTERM when the hook ends, capped by the grace period; at once without a hook', () => {
    expect(sigtermAt(deleted(5000, 30, null).pod, deleted(5000, 30, null).v, 10_000)).toBe(15_000);
    expect(sigtermAt(deleted(45_000, 30, null).pod, deleted(45_000, 30, null).v, 10_000)).toBe(40_000);
    const { pod, v } = deleted(0, 30, 10_200);
    expect(terminationPart(pod, v, 10_000, 10_000)).toBe('sigterm');
    expect(terminationPart(deleted(5000, 30, null).pod, v, 10_000, 14_999)).toBe('prestop');
  });

  it('prestop-off: no hook, exits 0.2 s after the delete and is removed then: "exit" counts to 10.2 s, not to the 30 s grace period', () => {
    const { pod, v } = deleted(0, 30, 10_200);
    expect(terminationStep(pod, v, 10_000, 10_100, 10_200)).toEqual({ part: 'sigterm', next: 'exit', at: 10_200, end: 10_200, start: 10_000 });
  });

  it('prestop-on: in the hook SIGTERM comes next; then the exit; exited but not yet removed: removal', () => {
    const { pod, v } = deleted(5000, 30, 17_200);
    expect(terminationStep(pod, v, 10_000, 12_000, 17_300)).toMatchObject({ part: 'prestop', next: 'sigterm', at: 15_000, end: 17_300 });
    expect(terminationStep(pod, v, 10_000, 16_000, 17_300)).toMatchObject({ part: 'sigterm', next: 'exit', at: 17_200 });
    expect(terminationStep(pod, v, 10_000, 17_250, 17_300)).toMatchObject({ next: 'removed', at: 17_300 });
  });

  it('an app ignoring SIGTERM: killed when the grace period runs out, whether its exit is recorded then or not at all', () => {
    const ignored = deleted(0, 30, 40_000);
    expect(terminationStep(ignored.pod, ignored.v, 10_000, 20_000, 40_100)).toMatchObject({ next: 'kill', at: 40_000 });
    const unseen = deleted(0, 30, null);
    expect(terminationStep(unseen.pod, unseen.v, 10_000, 20_000, null)).toMatchObject({ next: 'kill', at: 40_000, end: 40_000 });
  });
});
