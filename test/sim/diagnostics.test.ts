import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindInfo, type KindInfo } from '../../core/api/kinds.js';
import { notFound } from '../../core/api/status.js';
import { EventRecorder } from '../../core/client/event-recorder.js';
import { Informer } from '../../core/client/informer.js';
import { Recording } from '../../core/record/recording.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { summarize } from '../../core/scenario/runner.js';
import { ScenarioSession } from '../../core/scenario/session.js';
import { deployment, makeSim, tmpDir } from '../helpers.js';

const gone = () => notFound(kindInfo('Namespace') as KindInfo, 'team-a');

describe('the last line of defence: a refused write that escapes a component task', () => {
  it('is counted as a diagnostic and the run goes on; a periodic task keeps its period', () => {
    const sim = makeSim();
    const ticks: number[] = [];
    sim.scheduler.every(1000, () => {
      ticks.push(sim.scheduler.now());
      if (ticks.length === 2) throw gone();
    }, 'kubelet/node-1 lease');
    let later = false;
    sim.scheduler.after(2500, () => (later = true), 'later');
    expect(() => sim.runUntil(4000)).not.toThrow();
    expect(ticks).toEqual([1000, 2000, 3000, 4000]);
    expect(later).toBe(true);
    expect(sim.diagnostics.count).toBe(1);
    expect(sim.diagnostics.diagnostics[0]).toMatchObject({ timeMs: 2000, task: 'kubelet/node-1 lease', code: 404, reason: 'NotFound', message: 'namespaces "team-a" not found' });
    expect(sim.diagnostics.warnings()).toEqual([
      '1 refused write escaped kubelet/node-1 lease (first at 2.000s: NotFound: namespaces "team-a" not found) and was dropped: a component bug, please report it',
    ]);
  });

  it('a programming error (TypeError) still surfaces out of runUntil', () => {
    const sim = makeSim();
    sim.scheduler.after(10, () => {
      (null as unknown as { x: number }).x;
    }, 'buggy');
    expect(() => sim.runUntil(100)).toThrow(TypeError);
    expect(sim.diagnostics.count).toBe(0);
  });

  it('errors in watch handlers reach the clock instead of rxjs\'s real-timer rethrow', () => {
    const sim = makeSim();
    const informer = new Informer(sim.client('toy'), 'Deployment').on((e) => {
      if (e.object.metadata.name === 'refused') throw gone();
      if (e.object.metadata.name === 'bug') (undefined as unknown as { y: number }).y;
    });
    informer.start();
    sim.api.create(deployment('refused'), { actor: 'kubectl' });
    sim.runUntil(10);
    expect(sim.diagnostics.count).toBe(1);
    expect(sim.diagnostics.diagnostics[0]?.task).toBe('toy Deployment watch');
    sim.api.create(deployment('bug'), { actor: 'kubectl' });
    expect(() => sim.runUntil(20)).toThrow(TypeError);
  });

  it('kubelapse run reports them: a warning count in the summary line, the warnings in meta', () => {
    const dir = tmpDir();
    const output = path.join(dir, 'd.db');
    const session = new ScenarioSession(emptyScenario({ dir, name: 'd', title: 'd', nodes: 1 }), { output, epoch: '2026-01-01T00:00:00Z' });
    session.start(10_000);
    session.sim.scheduler.after(3000, () => {
      throw gone();
    }, 'toy-controller sync web');
    session.advance(10_000, true);
    session.finish(true, 10_000);
    const rec = Recording.open(output);
    try {
      expect(JSON.parse(rec.meta().warnings ?? '[]')).toEqual(session.warnings());
      expect(rec.meta().complete).toBe('1');
    } finally {
      rec.close();
    }
    const line = summarize({ output, events: 1, durationMs: 10_000, head: 'h', expectations: [], warnings: session.warnings() }, 1000);
    expect(line).toContain(', 1 warning, final hash h');
  });
});

describe('event recorder', () => {
  it('drops an Event the API server refuses ("Server rejected event (will not retry!)")', () => {
    const sim = makeSim();
    const recorder = new EventRecorder('kubelet', 'node-1');
    const involved = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'team-a', uid: 'u1' } };
    expect(recorder.record(sim.client('kubelet/node-1'), involved, 'Normal', 'Killing', 'Stopping container web')).toBeUndefined();
    expect(recorder.rejectedCount).toBe(1);
    expect(recorder.rejected[0]).toEqual({ reason: 'Killing', error: 'namespaces "team-a" not found' });
    expect(sim.api.count('Event')).toBe(0);
  });
});
