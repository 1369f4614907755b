import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { pod, recordedSim, tmpDir } from '../helpers.js';

describe('replay: rows read again from memory', () => {
  it('each state is objects of its own: changing one does not change what the next query returns', () => {
    const file = path.join(tmpDir(), 'r.db');
    const { sim, rec, recorder } = recordedSim(file, 1);
    for (const n of ['a', 'b']) sim.client('kubectl').create(pod(n));
    sim.runUntil(5000);
    recorder.close({ complete: true, endTimeMs: 5000 });
    rec.close();
    const r = Recording.open(file, { readonly: true });
    try {
      const replay = Replay.open(r);
      const first = replay.stateAt(replay.lastSeq, { kinds: ['Pod'] });
      const again = () => replay.stateAt(replay.lastSeq, { kinds: ['Pod'] });
      expect(again()).toEqual(first);
      (first[0]?.metadata.labels as Record<string, string>).app = 'changed';
      first[1]!.metadata.name = 'renamed';
      expect(again().map((p) => [p.metadata.name, p.metadata.labels?.app])).toEqual([
        ['a', 'web'],
        ['b', 'web'],
      ]);
      const node = replay.namedAt(replay.lastSeq, { kinds: ['Node'] }, 'node-1')[0];
      node!.metadata.name = 'x';
      expect(replay.namedAt(replay.lastSeq, { kinds: ['Node'] }, 'node-1')[0]?.metadata.name).toBe('node-1');
      expect(replay.objectAt(replay.lastSeq)).toEqual(replay.objectAt(replay.lastSeq));
    } finally {
      r.close();
    }
  });
});
