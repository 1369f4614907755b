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

  it('an index read from the cache answers as the one built from the rows: every kind at every seq, names, keys and namespaces', () => {
    const file = record(path.join(tmpDir(), 'r.db'), 6, 2);
    fs.rmSync(indexCacheFile(file), { force: true });
    const rec = Recording.open(file);
    try {
      const answers = (replay: Replay): unknown[] => {
        // Times read one by one from the file first (seqAtTime's peeks), then the column.
        const times = [0, 1, 2, 500, 10_000].map((t) => [replay.seqAtTime(t), replay.index.timeOf(replay.lastSeq)]);
        const out: unknown[] = [times, replay.index.keys.slice(), replay.index.kinds.slice()];
        for (let seq = 0; seq <= replay.lastSeq; seq++) {
          out.push(replay.index.timeOf(seq), replay.index.causeOf(seq), replay.index.effectsOf(seq), replay.index.kindOfKey(replay.index.keyOf(seq)));
          out.push(replay.liveAt(seq).map((o) => [replay.index.keyAt(o.keyId), o.seq]));
          out.push(replay.liveAt(seq, { kinds: ['Pod'], namespace: 'default' }).length, replay.namedAt(seq, { kinds: ['Pod'] }, 'p3').length);
        }
        return out;
      };
      const built = answers(Replay.open(rec, { cacheFrom: 0 }));
      Replay.open(rec, { cacheFrom: 1 }); // writes the cache
      expect(fs.existsSync(indexCacheFile(file))).toBe(true);
      expect(answers(Replay.open(rec, { cacheFrom: 1 }))).toEqual(built); // read from it
      // Keys first, then the live sets (each kind's snapshots and order read when asked for).
      const cached = Replay.open(rec, { cacheFrom: 1 });
      expect(cached.liveAt(cached.lastSeq, { kinds: ['Pod'] }).map((o) => cached.index.parseKey(o.keyId).name)).toEqual(['p2', 'p3', 'p4', 'p5']);
    } finally {
      rec.close();
    }
  });

  it('one namespace\'s live objects and one name in a namespace (found by binary search in key order) are those a filter of every key finds, cached or built', () => {
    const file = path.join(tmpDir(), 'ns.db');
    const rec = Recording.create(file, { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
    const sim = new Simulation({ seed: 3, epoch: '2026-01-01T00:00:00Z' });
    const recorder = new Recorder(rec).attach(sim.api.writes$);
    sim.bootstrap([]);
    // Namespaces that share a prefix, sort around each other and around "default".
    const namespaces = ['default', 'default-x', 'a', 'defaul', 'z', 'default0'];
    for (const ns of namespaces.slice(1)) {
      sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { actor: 'kubectl' });
      sim.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } }, { actor: 'kubectl' });
    }
    for (let i = 0; i < 12; i++) {
      const ns = namespaces[i % namespaces.length] as string;
      sim.api.create({ ...pod(`p${i % 4}`), metadata: { ...pod(`p${i % 4}`).metadata, namespace: ns } }, { actor: 'kubectl' });
    }
    sim.api.delete('Pod', 'default-x', 'p1', { actor: 'kubectl' });
    recorder.close({ complete: true, endTimeMs: 0 });
    rec.close();
    fs.rmSync(indexCacheFile(file), { force: true });
    const again = Recording.open(file);
    try {
      const answers = (replay: Replay): unknown[] => {
        const out: unknown[] = [];
        for (const seq of [0, Math.floor(replay.lastSeq / 2), replay.lastSeq]) {
          const all = replay.liveAt(seq, { kinds: ['Pod'] }).map((o) => [replay.index.keyAt(o.keyId), o.seq] as const);
          for (const ns of [...namespaces, 'nope', 'defaultx']) {
            const one = replay.liveAt(seq, { kinds: ['Pod'], namespace: ns }).map((o) => [replay.index.keyAt(o.keyId), o.seq] as const);
            expect(one).toEqual(all.filter(([k]) => k.startsWith(`Pod\0${ns}\0`)));
            out.push(one);
            for (const name of ['p0', 'p1', 'p3', 'p']) out.push(replay.namedAt(seq, { kinds: ['Pod'], namespace: ns }, name).map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
          }
        }
        return out;
      };
      const built = answers(Replay.open(again, { cacheFrom: 0 }));
      expect(JSON.stringify(built)).toContain('"default-x/p3"');
      Replay.open(again, { cacheFrom: 1 }); // writes the cache
      expect(answers(Replay.open(again, { cacheFrom: 1 }))).toEqual(built); // keys read one by one from it
    } finally {
      again.close();
    }
  });

  it('each key read alone from the cache file (keyPeek, before any key is read whole) is the key the index holds, the first one included', () => {
    const file = record(path.join(tmpDir(), 'peek.db'), 5, 1);
    const rec = Recording.open(file);
    try {
      const built = Replay.open(rec, { cacheFrom: 0 }).index;
      const keys = built.keys.slice();
      expect(keys.length).toBeGreaterThan(5);
      Replay.open(rec, { cacheFrom: 1 }); // writes the cache
      // A fresh open per key: a peek after any whole read of the keys would take keyAt's path.
      const peeked = keys.map((_, id) => Replay.open(rec, { cacheFrom: 1 }).index.keyPeek(id));
      expect(peeked).toEqual(keys);
    } finally {
      rec.close();
    }
  });

  it('a cache file of an older layout (v2: keys one a line) is rebuilt, never misread', () => {
    const file = record(path.join(tmpDir(), 'r.db'), 3, 1);
    expect(podNames(file)).toEqual(['p1', 'p2']);
    const cache = indexCacheFile(file);
    const v3 = fs.readFileSync(cache);
    const keyLine = v3.subarray(0, v3.indexOf(0x0a)).toString();
    expect(keyLine).toMatch(/^kubelapse-index v3 /);
    // What main's build wrote before (v2): the key line, a header, the keys one a line, the columns.
    const rec = Recording.open(file);
    const n = rec.lastSeq();
    rec.close();
    const head = `${keyLine.replace(' v3 ', ' v2 ')}\n${JSON.stringify({ n, keysBytes: 8, keys: 'lines' })}\n`;
    fs.writeFileSync(cache, Buffer.concat([Buffer.from(head), Buffer.alloc(8 + 17 * (n + 1), 0)]));
    expect(podNames(file)).toEqual(['p1', 'p2']);
    expect(fs.readFileSync(cache).equals(v3)).toBe(true); // written again in this layout, the same bytes
  });
});
