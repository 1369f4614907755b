import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deepFreeze, ObjectStore, StoredObject } from '../../core/api/object-store.js';
import { Packer, unpack } from '../../core/api/stored-pack.js';
import type { KObject } from '../../core/api/types.js';
import { Recording } from '../../core/record/recording.js';
import { cluster, web } from '../controllers/cluster-helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/** The same members in the same order, all the way down, and every part frozen. */
function sameShape(a: unknown, b: unknown, at = '$'): void {
  if (a === null || typeof a !== 'object') {
    expect(b, at).toBe(a);
    return;
  }
  expect(Object.isFrozen(b), `${at} frozen`).toBe(true);
  expect(Array.isArray(b), at).toBe(Array.isArray(a));
  expect(Object.keys(b as object), at).toEqual(Object.keys(a));
  for (const k of Object.keys(a)) sameShape((a as any)[k], (b as any)[k], `${at}.${k}`);
}

const SHIPPED = fs
  .readdirSync(path.join(import.meta.dirname, '..', '..', 'recordings'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length));

describe('a packed stored object (stored-pack.ts) reads back as the object it was', () => {
  it('every object of every kind in the shipped recordings: same JSON, same members in the same order, frozen', () => {
    const dir = recordingsDir(SHIPPED);
    const packer = new Packer();
    const kinds = new Map<string, number>();
    let packed = 0;
    let refused = 0;
    for (const name of SHIPPED) {
      const rec = Recording.open(path.join(dir, `${name}.db`), { readonly: true });
      try {
        for (const row of rec.events()) {
          const obj = deepFreeze(JSON.parse(row.object) as KObject);
          const p = packer.pack(obj, row.seq);
          if (p === undefined) {
            refused++;
            continue;
          }
          packed++;
          kinds.set(row.kind, (kinds.get(row.kind) ?? 0) + 1);
          expect(p[0]).toBe(row.seq);
          const back = unpack(p);
          expect(JSON.stringify(back)).toBe(row.object);
          sameShape(obj, back);
        }
      } finally {
        rec.close();
      }
    }
    // Every kind the scenarios write packs (the store packs only Events, but nothing in the layout is an Event's alone).
    expect(refused).toBe(0);
    expect(kinds.get('Event')).toBeGreaterThan(1000);
    expect(kinds.get('Pod')).toBeGreaterThan(1000);
    expect(kinds.size).toBeGreaterThan(15);
    expect(packed).toBeGreaterThan(5_000);
  }, 300_000);

  it('keeps a resourceVersion-like string as a string, and what only looks like one as it was', () => {
    const packer = new Packer();
    const obj = deepFreeze({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'a.1', namespace: 'default', resourceVersion: '0120', uid: 'u', generation: 7 },
      involvedObject: { kind: 'Pod', name: 'a', resourceVersion: '120' },
      message: '42',
      count: 3,
      firstTimestamp: 't1',
      lastTimestamp: 't1',
      again: 't1',
      other: 7,
      note: '',
      big: '12345678901234567890',
      eventTime: null,
      series: { count: 2, lastObservedTime: 'x' },
      related: undefined,
    } as unknown as KObject);
    const back = unpack(packer.pack(obj, 9) as unknown[]) as any;
    sameShape(obj, back);
    expect(back.metadata.resourceVersion).toBe('0120');
    expect(back.involvedObject.resourceVersion).toBe('120');
    expect(back.message).toBe('42');
    expect(back.big).toBe('12345678901234567890');
    expect([back.firstTimestamp, back.lastTimestamp, back.again, back.other]).toEqual(['t1', 't1', 't1', 7]);
    expect('related' in back).toBe(true);
    // A part kept as a value is the same object; a laid-out one is a new, equal one.
    expect(back.series).toBe((obj as any).series);
  });

  it('gives back -0 as -0 after an Event with 0 in the same member', () => {
    const packer = new Packer();
    const ev = (count: number): KObject =>
      deepFreeze({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'a.1', namespace: 'default' }, count } as unknown as KObject);
    const zero = unpack(packer.pack(ev(0), 1) as unknown[]) as any;
    const negative = unpack(packer.pack(ev(-0), 2) as unknown[]) as any;
    expect(Object.is(zero.count, 0)).toBe(true);
    expect(Object.is(negative.count, -0)).toBe(true);
  });

  it('keeps packing after its trie is full: 3,000 namespaces of Events, each read back equal', () => {
    const packer = new Packer();
    const packed: Array<[KObject, unknown[]]> = [];
    let refused = 0;
    for (let i = 0; i < 3_000; i++) {
      // Distinct namespaces, field paths and reasons fork the trie near its root (~30 nodes an Event).
      const obj = deepFreeze({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `p${i}.1`, namespace: `ns-${i}` },
        involvedObject: { kind: 'Pod', namespace: `ns-${i}`, name: `p${i}`, fieldPath: `spec.containers{c${i}}` },
        reason: `R${i}`,
        count: 1,
      } as unknown as KObject);
      const p = packer.pack(obj, i);
      if (p === undefined) refused++;
      else packed.push([obj, p]);
    }
    // Packing goes on past the first trie's 50,000 nodes; lists packed before the restart read back as written.
    expect(refused).toBe(0);
    for (const [obj, p] of packed) expect(JSON.stringify(unpack(p))).toBe(JSON.stringify(obj));
  });

  it('leaves whole what it cannot lay out: a __proto__ member, a non-plain object', () => {
    const packer = new Packer();
    const withProto = JSON.parse('{"kind":"Event","metadata":{"name":"x","__proto__":{"a":1}}}') as KObject;
    expect(packer.pack(withProto, 1)).toBeUndefined();
    expect(packer.pack(new (class {})() as unknown as KObject, 1)).toBeUndefined();
  });
});

describe('the store keeps Events packed and gives them back equal', () => {
  it('GET, LIST and a bump of a stored Event read as the object the write recorded', () => {
    const c = cluster(2);
    c.kubectl.create(web(3, { container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } } }));
    c.run(60_000);
    const last = new Map<string, string>();
    for (const w of c.writes) if (w.kind === 'Event') last.set(`${w.namespace}/${w.name}`, w.objectJson);
    expect(last.size).toBeGreaterThan(5);
    const listed = c.sim.api.list('Event', {}).items;
    expect(listed.map((e) => `${e.metadata.namespace}/${e.metadata.name}`)).toEqual([...last.keys()].sort());
    for (const e of listed) {
      const want = last.get(`${e.metadata.namespace}/${e.metadata.name}`) as string;
      expect(JSON.stringify(e)).toBe(want);
      sameShape(JSON.parse(want), e);
      const got = c.sim.api.get('Event', e.metadata.namespace, e.metadata.name as string);
      expect(JSON.stringify(got)).toBe(want);
    }
    // A write to a stored Event (as the correlator's bump) starts from the packed one.
    const e = listed[0] as any;
    const bumped = c.sim.api.patch('Event', e.metadata.namespace, e.metadata.name, { count: e.count + 1 }, 'merge', { actor: 'tester' } as never) as any;
    expect(bumped.count).toBe(e.count + 1);
    expect(bumped.message).toBe(e.message);
    expect(JSON.stringify(c.sim.api.get('Event', e.metadata.namespace, e.metadata.name))).toBe(c.writes.at(-1)?.objectJson);
  });

  it('a view set back (a rolled-back write) keeps its packed object; a kind not packed is kept as given', () => {
    const store = new ObjectStore();
    const ev = deepFreeze({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default', resourceVersion: '5' }, message: 'm' } as unknown as KObject);
    store.set('Event', 'default/e', new StoredObject(ev, 5));
    const view = store.get('Event', 'default/e');
    expect(view?.obj).not.toBe(ev);
    expect(view?.obj).toEqual(ev);
    expect(view?.seq).toBe(5);
    expect(view?.json).toBe(JSON.stringify(ev));
    store.set('Event', 'default/e', view as StoredObject);
    expect(store.get('Event', 'default/e')?.obj).toEqual(ev);
    const pod = new StoredObject(deepFreeze({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } } as KObject), 6);
    store.set('Pod', 'default/p', pod);
    expect(store.get('Pod', 'default/p')).toBe(pod);
  });
});
