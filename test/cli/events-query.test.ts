import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitedEvents } from '../../core/cli/commands/events-query.js';
import type { EventQuery } from '../../core/record/recording.js';
import { deployment, pod, recordedSim, tmpDir } from '../helpers.js';

describe('events --limit with filters (first window in seq order, then the indexes)', () => {
  it('gives the same rows in the same order as the plain query, wherever the window ends', () => {
    const { sim, rec, recorder } = recordedSim(path.join(tmpDir(), 'r.db'), 2);
    for (let i = 0; i < 12; i++) {
      sim.runUntil(i * 5000);
      sim.api.create(pod(`p${i}`), { actor: i % 3 === 0 ? 'kubectl' : 'replicaset-controller', reason: i % 2 === 0 ? 'Scheduled' : 'Created' });
      if (i % 4 === 0) sim.api.create(deployment(`d${i}`), { actor: 'kubectl' });
    }
    sim.api.create(deployment('api'), { actor: 'kubectl' });
    recorder.close({ complete: true, endTimeMs: 60_000 });
    const last = rec.lastSeq();
    const queries: EventQuery[] = [
      { kind: 'Pod', limit: 5 },
      { kind: 'Pod', limit: 500 },
      { kind: 'Deployment', limit: 3 },
      { kind: 'Deployment', name: 'api', limit: 2 },
      { kind: 'Pod', reason: 'Scheduled', limit: 4, fromSeq: 10 },
      { kind: 'Pod', limit: 4, fromSeq: 20, toSeq: 40 },
      { kind: 'Pod', limit: 4, fromSeq: 40, toSeq: 20 },
      { actor: 'kubectl', limit: 1, fromTime: 10_000 },
      { kind: 'Pod', limit: 0 },
      { kind: 'NoSuchKind', limit: 10 },
    ];
    for (const q of queries) {
      const plain = [...rec.events(q)].map((e) => e.seq);
      for (const window of [1, 3, 17, last, last * 2]) expect([...limitedEvents(rec, q, window)].map((e) => e.seq), `${JSON.stringify(q)} window ${window}`).toEqual(plain);
    }
    expect([...rec.events({ kind: 'Pod', limit: 5 })]).toHaveLength(5); // the queries above do match rows
    rec.close();
  });
});
