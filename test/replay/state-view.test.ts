import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { Recording } from '../../core/record/recording.js';
import { parseRecorded, recordedText } from '../../core/replay/deep-json.js';
import { Replay } from '../../core/replay/replay.js';
import { Rng } from '../../core/sim/rng.js';
import { ROOT, tmpDir } from '../helpers.js';
import { deepRecording, nestedJson, recordingsDir } from '../viewer/fixtures.js';

// Stories with deletes, evictions, a lost node, restarts and many kinds (kept-versions.test.ts's).
const STORIES = ['node-failure', 'drain-with-pdb', 'pod-loss-recovery', 'kube-system', 'daemonset-rollout', 'job-backoff'];
const SHIPPED = fs
  .readdirSync(path.join(ROOT, 'recordings'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length));

describe('replay: a state view (viewAt) is stateAt, read only where asked', () => {
  it('at every seq and 100 random seqs of six shipped recordings, for Pods, Nodes, one namespace and all kinds: keys, names, objects, pages and texts are stateAt`s, in its order', () => {
    const dir = recordingsDir(STORIES);
    let compared = 0;
    for (const story of STORIES) {
      const rec = Recording.open(path.join(dir, `${story}.db`), { readonly: true });
      try {
        const replay = Replay.open(rec);
        const last = replay.lastSeq;
        const rng = new Rng(11, story);
        const seqs = [...Array.from({ length: last + 1 }, (_, s) => s), ...Array.from({ length: 100 }, () => rng.int(last + 1))];
        for (const seq of seqs) {
          for (const q of [{ kinds: ['Pod'] }, { kinds: ['Node'] }, { kinds: ['Pod', 'Event'], namespace: 'default' }, {}]) {
            const want = replay.stateAt(seq, q);
            const view = replay.viewAt(seq, q);
            const at = `${story} seq ${seq} ${JSON.stringify(q)}`;
            expect(view.length, at).toBe(want.length);
            expect(Array.from({ length: view.length }, (_, i) => view.key(i)), at).toEqual(want.map((o) => ({ kind: o.kind, namespace: o.metadata.namespace ?? null, name: o.metadata.name })));
            expect(Array.from({ length: view.length }, (_, i) => view.name(i))).toEqual(want.map((o) => o.metadata.name));
            // every object read alone, then all of them at once, then a page of them
            if (seq % 7 === 0) for (let i = 0; i < view.length; i++) expect(view.object(i), at).toEqual(want[i]);
            expect(view.objects(), at).toEqual(want);
            const from = Math.floor(view.length / 3);
            expect(view.slice(from, from + 5).objects(), at).toEqual(want.slice(from, from + 5));
            expect(view.objects(from, from + 5), at).toEqual(want.slice(from, from + 5));
            // where(): the objects that pass, in order
            expect(view.where(() => true), at).toEqual(want);
            const some = (o: KObject): boolean => (o.metadata.name ?? '').length % 2 === 0 || o.metadata.labels?.app !== undefined;
            expect(view.where(some), at).toEqual(want.filter(some));
            // the texts are the bytes JSON.stringify makes of the objects: a body written from them is res.json's
            expect(`[${view.texts().join(',')}]`, at).toBe(JSON.stringify(want));
            compared++;
          }
        }
      } finally {
        rec.close();
      }
    }
    expect(compared).toBeGreaterThan(4000);
  }, 240_000);

  it('filters by key without reading a row, and reads nothing for a count: a view of a state whose rows are gone still counts and names', () => {
    const dir = recordingsDir(['node-failure']);
    const file = path.join(dir, 'node-failure.db');
    const rec = Recording.open(file, { readonly: true });
    const seq = rec.lastSeq();
    const replay = Replay.open(rec, { cacheFrom: 0 });
    const want = replay.stateAt(seq, { kinds: ['Pod'] });
    const view = replay.viewAt(seq, { kinds: ['Pod'] });
    const first = want[0] as KObject;
    const byName = view.filter((k) => k.name === first.metadata.name);
    expect(byName.length).toBe(1);
    expect(byName.objects()).toEqual([first]);
    // named(): the same objects as filter by name, for every live name and one never used
    for (const o of [...want, { metadata: { name: 'no-such-pod' } }]) {
      const n = o.metadata.name as string;
      const named = view.named(n);
      const filtered = view.filter((k) => k.name === n);
      expect(Array.from({ length: named.length }, (_, i) => named.versionSeq(i))).toEqual(Array.from({ length: filtered.length }, (_, i) => filtered.versionSeq(i)));
      expect(named.length).toBe(n === 'no-such-pod' ? 0 : want.filter((w) => w.metadata.name === n).length);
    }
    // a name that is the end of another's is not it
    expect(view.named((first.metadata.name as string).slice(1)).length).toBe(0);
    rec.close();
    // A fresh Replay's view, its recording closed after: length, keys and names need no row, objects do.
    const again = Recording.open(file, { readonly: true });
    const fresh = Replay.open(again, { cacheFrom: 0 }).viewAt(seq, { kinds: ['Pod'] });
    again.close();
    expect(fresh.length).toBe(want.length);
    expect(Array.from({ length: fresh.length }, (_, i) => fresh.name(i))).toEqual(want.map((o) => o.metadata.name));
    expect(() => fresh.objects(0, 1)).toThrow();
    expect(() => fresh.texts(0, 1)).toThrow();
    expect(() => fresh.name(want.length)).toThrow(/no object/);
  });

  it('every row of the 26 shipped recordings: its recorded text is JSON.stringify of the object replay parses from it, byte for byte', () => {
    const dir = recordingsDir(SHIPPED);
    let rows = 0;
    for (const name of SHIPPED) {
      const rec = Recording.open(path.join(dir, `${name}.db`), { readonly: true });
      try {
        for (const [seq, json] of rec.db.prepare('SELECT seq, object FROM events').raw(true).iterate() as Iterable<[number, string]>) {
          const text = recordedText(json);
          if (text !== JSON.stringify(parseRecorded(json))) expect.fail(`${name} seq ${seq}: the recorded text is not JSON.stringify of its object`);
          rows++;
        }
      } finally {
        rec.close();
      }
    }
    expect(rows).toBeGreaterThan(9_000);
  }, 120_000);

  it('a text nested deeper than the view depth is the capped object, as stateAt returns it; any other valid JSON is the same value', () => {
    const deep = `{"kind":"ConfigMap","data":${nestedJson(300, '"x"')}}`;
    expect(recordedText(deep)).not.toBe(deep);
    expect(JSON.parse(recordedText(deep))).toEqual(parseRecorded(deep));
    expect(JSON.stringify(parseRecorded(deep))).toBe(recordedText(deep));
    // Not made by JSON.stringify (spaces, an escape): left as recorded, the same value.
    const loose = '{ "a": [1, 2.50], "b": "\\u00e9" }';
    expect(recordedText(loose)).toBe(loose);
    expect(JSON.parse(recordedText(loose))).toEqual(parseRecorded(loose));
  });

  it('rows nested 3,000 and 10,000 deep read as capped objects and their texts, the first time and again (each row\'s depth is scanned once)', () => {
    const { file, podSeqs, configMapSeqs } = deepRecording(tmpDir('kubelapse-deep-view-'));
    const rec = Recording.open(file, { readonly: true });
    try {
      const replay = Replay.open(rec, { cacheFrom: 0 });
      for (let round = 0; round < 2; round++) {
        for (const seq of [...podSeqs, ...configMapSeqs, replay.lastSeq]) {
          const state = replay.stateAt(seq, { kinds: ['Pod', 'ConfigMap'] });
          expect(state.some((o) => JSON.stringify(o).includes('too deep to show'))).toBe(true);
          const view = replay.viewAt(seq, { kinds: ['Pod', 'ConfigMap'] });
          expect(`[${view.texts().join(',')}]`, `round ${round} seq ${seq}`).toBe(JSON.stringify(state));
          expect(view.objects()).toEqual(state);
        }
      }
    } finally {
      rec.close();
    }
  });
});
