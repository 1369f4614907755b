import { expect } from 'vitest';
import { ApiError } from '../../core/api/status.js';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import type { ScenarioSession } from '../../core/scenario/session.js';
import { FaultError } from '../../core/sim/control-plane.js';

/**
 * What every chaos suite shares: the monkey's own requests may be refused (or name a node
 * that is gone), the nodes picked by index, and the run itself: the script's steps at their
 * virtual moments, every node up again just after the chaos (so every pod can be confirmed
 * gone), then the session advanced 10 s at a time to the end and finished.
 */
export function quiet(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ApiError || e instanceof FaultError)) throw e;
  }
}

export function chaosNodes(session: ScenarioSession): { nodes: () => string[]; nodeAt: (i: number) => string } {
  const nodes = (): string[] => [...session.plane.kubelets.keys()];
  return { nodes, nodeAt: (i) => nodes()[i % nodes().length] as string };
}

/** Runs a started-to-finished chaos session; returns what it threw, if anything. */
export function runChaosScript<A>(
  session: ScenarioSession,
  steps: ReadonlyArray<{ atMs: number; action: A }>,
  act: (a: A) => void,
  times: { chaosEndMs: number; endMs: number },
  setup: () => void,
): unknown {
  const { sim, plane } = session;
  session.start(times.endMs);
  setup();
  for (const s of steps) sim.scheduler.at(s.atMs, () => act(s.action), 'chaos');
  sim.scheduler.at(times.chaosEndMs + 1, () => {
    for (const n of chaosNodes(session).nodes()) quiet(() => plane.nodeUp(n));
  }, 'chaos settle');
  let thrown: unknown;
  try {
    for (let t = 0; t < times.endMs; ) {
      t = Math.min(t + 10_000, times.endMs);
      session.advance(t, t === times.endMs);
    }
  } catch (e) {
    thrown = e;
  }
  session.finish(thrown === undefined, sim.scheduler.now(), thrown);
  return thrown;
}

/** The recording a chaos run left verifies, holds every write the run made, and is sealed complete. */
export function expectVerifiedRecording(file: string, events: number): void {
  const rec = Recording.open(file);
  try {
    const v = verifyRecording(rec);
    expect(v.ok).toBe(true);
    expect(v.events).toBe(events);
    expect(rec.meta().complete).toBe('1');
  } finally {
    rec.close();
  }
}
