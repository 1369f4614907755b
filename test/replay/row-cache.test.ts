import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { pod, recordedSim, tmpDir } from '../helpers.js';

describe('replay: versions parsed once and kept, read-only', () => {
  it('a state is read-only: changing an object throws, and the next query returns the recorded versions', () => {
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
      expect(() => ((first[0]?.metadata.labels as Record<string, string>).app = 'changed')).toThrow(TypeError);
      expect(() => (first[1]!.metadata.name = 'renamed')).toThrow(TypeError);
      expect(again().map((p) => [p.metadata.name, p.metadata.labels?.app])).toEqual([
        ['a', 'web'],
        ['b', 'web'],
      ]);
      const node = replay.namedAt(replay.lastSeq, { kinds: ['Node'] }, 'node-1')[0];
      expect(() => (node!.metadata.name = 'x')).toThrow(TypeError);
      expect(replay.namedAt(replay.lastSeq, { kinds: ['Node'] }, 'node-1')[0]?.metadata.name).toBe('node-1');
      expect(replay.objectAt(replay.lastSeq)).toEqual(replay.objectAt(replay.lastSeq));
      expect(Object.isFrozen(replay.objectAt(replay.lastSeq))).toBe(true);
    } finally {
      r.close();
    }
  });

  it('a state read from kept versions equals the same state read by a fresh replay, at every seq, forwards and backwards', () => {
    const file = path.join(tmpDir(), 'r.db');
    const { sim, rec, recorder } = recordedSim(file, 3);
    for (const n of ['a', 'b', 'c', 'd']) sim.client('kubectl').create(pod(n));
    sim.runUntil(3000);
    sim.api.delete('Pod', 'default', 'b', { actor: 'kubectl' });
    sim.runUntil(8000);
    recorder.close({ complete: true, endTimeMs: 8000 });
    rec.close();
    const r = Recording.open(file, { readonly: true });
    try {
      const kept = Replay.open(r);
      const seqs = Array.from({ length: kept.lastSeq + 1 }, (_, s) => s);
      for (const s of [...seqs, ...seqs.reverse()]) {
        const fresh = Replay.open(r); // nothing kept: every row read and parsed for this query alone
        for (const kinds of [['Pod'], ['Node'], undefined]) {
          const q = kinds === undefined ? {} : { kinds };
          expect(kept.stateAt(s, q)).toEqual(fresh.stateAt(s, q));
        }
      }
    } finally {
      r.close();
    }
  });
});
