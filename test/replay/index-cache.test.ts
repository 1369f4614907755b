import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { indexCacheFile } from '../../core/replay/index-cache.js';
import { Replay } from '../../core/replay/replay.js';
import { Simulation } from '../../core/sim/cluster.js';
import { pod, tmpDir } from '../helpers.js';

/** Records `pods` pods created in order, then the first `deleted` of them deleted; returns the path. */
function record(file: string, pods: number, deleted: number): string {
  const rec = Recording.create(file, { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
  const sim = new Simulation({ seed: 3, epoch: '2026-01-01T00:00:00Z' });
  const recorder = new Recorder(rec).attach(sim.api.writes$);
  sim.bootstrap([]);
  for (let i = 0; i < pods; i++) sim.api.create(pod(`p${i}`), { actor: 'kubectl' });
  for (let i = 0; i < deleted; i++) sim.api.delete('Pod', 'default', `p${i}`, { actor: 'kubectl' });
  recorder.close({ complete: true, endTimeMs: 0 });
  rec.close();
  return file;
}

const podNames = (file: string): string[] => {
  const rec = Recording.open(file);
  try {
    const replay = Replay.open(rec, { cacheFrom: 1 });
    return replay.stateAt(replay.lastSeq, { kinds: ['Pod'] }).map((p) => p.metadata.name ?? '');
  } finally {
    rec.close();
  }
};

describe('replay index cache', () => {
  it('a long recording keeps its index in the cache folder; the next open reads it and replays the same', () => {
    const file = record(path.join(tmpDir(), 'r.db'), 3, 1);
    const cache = indexCacheFile(file);
    fs.rmSync(cache, { force: true });
    expect(podNames(file)).toEqual(['p1', 'p2']);
    const written = fs.statSync(cache);
    expect(written.size).toBeGreaterThan(0);
    expect(podNames(file)).toEqual(['p1', 'p2']);
    expect(fs.statSync(cache).mtimeMs).toBe(written.mtimeMs); // read, not built and written again
  });

  it('a cache made from other rows is not used: another recording at the same path replays as itself', () => {
    const file = record(path.join(tmpDir(), 'r.db'), 3, 1);
    expect(podNames(file)).toEqual(['p1', 'p2']);
    fs.rmSync(file);
    record(file, 4, 0);
    expect(podNames(file)).toEqual(['p0', 'p1', 'p2', 'p3']);
  });

  it('a cache file cut short or damaged costs only a rebuild', () => {
    const file = record(path.join(tmpDir(), 'r.db'), 3, 0);
    expect(podNames(file)).toEqual(['p0', 'p1', 'p2']);
    const cache = indexCacheFile(file);
    const whole = fs.readFileSync(cache);
    fs.writeFileSync(cache, whole.subarray(0, whole.length - 20));
    expect(podNames(file)).toEqual(['p0', 'p1', 'p2']);
    fs.writeFileSync(cache, Buffer.concat([whole.subarray(0, whole.indexOf(0x0a) + 1), Buffer.from('{"n":')]));
    expect(podNames(file)).toEqual(['p0', 'p1', 'p2']);
  });

  it('a short recording is indexed without a cache file (it indexes faster than a file is written)', () => {
    const file = record(path.join(tmpDir(), 'r.db'), 2, 0);
    const rec = Recording.open(file);
    Replay.open(rec);
    rec.close();
    expect(fs.existsSync(indexCacheFile(file))).toBe(false);
  });
});
