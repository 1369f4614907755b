import { describe, expect, it } from 'vitest';
import { compactParts } from '../../core/api/compact-object.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * compactParts rebuilds a stored object's own parts so their members sit in the object
 * (memory only): what a reader would notice if it went wrong is another JSON, another
 * key order, a shared part copied, or a value lost.
 */
describe('compact stored parts', () => {
  const event = (): any => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.17f', namespace: 'default', uid: 'u-1', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'kubelet' }] },
    involvedObject: Object.freeze({ kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'p-1', apiVersion: 'v1' }),
    reason: 'Pulled',
    message: 'pulled',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: '2026-01-01T00:00:00Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  });

  it('keeps the same members in the same order, so the same JSON, and shares what was frozen', () => {
    const e = event();
    const json = JSON.stringify(e);
    const c = compactParts(e, 3);
    expect(JSON.stringify(c)).toBe(json);
    expect(Object.keys(c)).toEqual(Object.keys(e));
    expect(Object.keys(c.metadata)).toEqual(Object.keys(e.metadata));
    expect(c).not.toBe(e); // 14 members: a new object
    expect(c.involvedObject).toBe(e.involvedObject); // frozen: a stored version's part, kept
    expect(c.source).toBe(e.source); // two members: kept as it is
    expect(c.metadata.managedFields).toBe(e.metadata.managedFields);
  });

  it('gives objects of the same keys copies of their own: the second does not change the first', () => {
    const a = event();
    const b = { ...event(), reason: 'Started', message: 'started', count: 2, metadata: { ...event().metadata, name: 'web-1.18a', uid: 'u-2' } };
    const ca = compactParts(a, 3);
    const jsonA = JSON.stringify(ca);
    const cb = compactParts(b, 3);
    expect(cb).not.toBe(ca);
    expect(cb.metadata).not.toBe(ca.metadata);
    expect(JSON.stringify(ca)).toBe(jsonA);
    expect(JSON.stringify(cb)).toBe(JSON.stringify(b));
    expect([ca.reason, cb.reason, ca.count, cb.count, ca.metadata.uid, cb.metadata.uid]).toEqual(['Pulled', 'Started', 1, 2, 'u-1', 'u-2']);
    // A third one after both were frozen (as stored) is still its own.
    Object.freeze(ca);
    Object.freeze(cb);
    const cc = compactParts({ ...event(), type: 'Warning' }, 3);
    expect(cc.type).toBe('Warning');
    expect(Object.isFrozen(cc)).toBe(false);
  });

  it('leaves alone a frozen object, one of four members or fewer, a non-plain object and one with a __proto__ member', () => {
    const frozen = Object.freeze(event());
    expect(compactParts(frozen, 3)).toBe(frozen);
    const small = { a: 1, b: 2, c: 3, d: 4 };
    expect(compactParts(small, 3)).toBe(small);
    const withProto = JSON.parse('{"a":1,"b":2,"c":3,"d":4,"__proto__":{"x":1}}');
    const kept = compactParts(withProto, 3);
    expect(kept).toBe(withProto);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    class Thing {
      a = 1; b = 2; c = 3; d = 4; e = 5;
    }
    const t = new Thing();
    expect(compactParts({ t, a: 1, b: 2, c: 3, d: 4 }, 3).t).toBe(t);
  });

  it('keeps a label key with a NUL in it, and the object whose keys join the same, as they were', () => {
    // "a\u0000b" joined with c..f reads as a, b, c..f joined: either may be compacted first.
    const plain = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };
    const nul = JSON.parse('{"a\\u0000b":1,"c":3,"d":4,"e":5,"f":6}');
    for (const order of [[nul, plain], [plain, nul], [nul, plain]]) {
      for (const o of order) {
        const json = JSON.stringify(o);
        const c = compactParts(JSON.parse(json), 1);
        expect(JSON.stringify(c)).toBe(json);
        expect(Object.keys(c)).toEqual(Object.keys(o));
      }
    }
  });

  it('goes down arrays and nested parts to the depth asked, and no further', () => {
    const deep: any = { a: 1, b: 2, c: 3, d: 4, list: [{ p: 1, q: 2, r: 3, s: 4, t: { u: 1, v: 2, w: 3, x: 4, y: { z: 1, y: 2, x: 3, w: 4, v: 5 } } }] };
    const inner = deep.list[0].t.y;
    const c = compactParts(deep, 2);
    expect(JSON.stringify(c)).toBe(JSON.stringify(deep));
    expect(c.list[0].t.y).toBe(inner); // three levels down: not reached at depth 2
  });

  it("keeps each object's own key order, for the same keys in other orders and past the template table's clearing", () => {
    const ab = { a: 1, b: 2, c: 3, d: 4, e: 5 };
    const ba = { e: 5, d: 4, c: 3, b: 2, a: 1 };
    const prefix = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }; // ab's keys and one more
    for (const o of [ab, ba, prefix, ab, ba]) expect(Object.keys(compactParts({ ...o }, 1))).toEqual(Object.keys(o));
    // 5,000 shapes of 6 keys (past the 4,096 nodes the table holds): each one right twice.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5_000; i++) {
        const o: any = { a: i, b: 2, c: 3, d: 4, e: 5 };
        o[`k${i}`] = i;
        const c = compactParts({ ...o }, 1);
        expect(JSON.stringify(c)).toBe(JSON.stringify(o));
      }
    }
  });

  it('makes the same copies once a shape is made by its own function, for keys of any text', () => {
    const shape = (i: number): any => JSON.parse(JSON.stringify({ '2': i, 'a"b': i, 'c\\d': [i], 'e\u2028f': { i }, '1': 'one', constructor: i, 'o[0]': i }));
    const copies: any[] = [];
    for (let i = 0; i < 30; i++) {
      const o = shape(i);
      const c = compactParts(o, 1);
      expect(JSON.stringify(c)).toBe(JSON.stringify(o));
      expect(Object.keys(c)).toEqual(Object.keys(o));
      expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
      copies.push(c);
    }
    // Each copy its own object with its own values (the 30th as the 1st).
    expect(new Set(copies).size).toBe(30);
    expect(copies.map((c) => c['a"b'])).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(copies[29]['e\u2028f']).toEqual({ i: 29 });
  });
});
