import { describe, expect, it } from 'vitest';
import { compareObjects } from '../../../core/api/managed-fields/compare.js';
import { FieldSet } from '../../../core/api/managed-fields/field-set.js';
import { encodeFields } from '../../../core/api/managed-fields/fields-v1.js';
import { listItemPe } from '../../../core/api/managed-fields/list-items.js';
import { schemaFor, type ListNode } from '../../../core/api/managed-fields/schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

const json = (s: FieldSet): string => JSON.stringify(encodeFields(s));
const pod = schemaFor('v1', 'Pod');
if (pod === undefined) throw new Error('no v1 Pod schema');

const c = (name: string, image = 'nginx'): any => ({ name, image });
/** `n` containers both sides share unchanged, after the ones a test is about. */
const padding = (n: number): any[] => Array.from({ length: n }, (_, i) => c(`pad-${i}`));
const withContainers = (containers: any[]): any => ({ spec: { containers } });

describe('compareObjects on associative lists, short (indexOf) and long (Maps) alike', () => {
  // Kept, changed, removed, added, and a name duplicated on one side or on both.
  const left = [c('kept'), c('changed'), c('gone'), c('dup-left'), c('dup-left', 'other'), c('dup-both'), c('dup-both', 'x')];
  const right = [c('changed', 'redis'), c('kept'), c('dup-left'), c('fresh'), c('dup-both', 'y'), c('dup-both')];

  const results = (pad: number): string[] => {
    const cmp = compareObjects(pod, withContainers([...left, ...padding(pad)]), withContainers([...right, ...padding(pad)]));
    return [json(cmp.added), json(cmp.modified), json(cmp.removed)];
  };

  it('finds each item added, modified or removed by its key, duplicated keys as one leaf', () => {
    const [added, modified, removed] = results(0);
    // dup-left: two on the left, one on the right: the right's item added, the element removed (SMD).
    expect(added).toBe('{"f:spec":{"f:containers":{"k:{\\"name\\":\\"dup-left\\"}":{".":{},"f:image":{},"f:name":{}},"k:{\\"name\\":\\"fresh\\"}":{".":{},"f:image":{},"f:name":{}}}}}');
    expect(modified).toBe('{"f:spec":{"f:containers":{"k:{\\"name\\":\\"changed\\"}":{"f:image":{}},"k:{\\"name\\":\\"dup-both\\"}":{}}}}');
    expect(removed).toBe('{"f:spec":{"f:containers":{"k:{\\"name\\":\\"dup-left\\"}":{},"k:{\\"name\\":\\"gone\\"}":{".":{},"f:image":{},"f:name":{}}}}}');
  });

  it('gives the same sets for a list past 32 items, compared with Maps', () => {
    expect(results(40)).toEqual(results(0));
    expect(results(25)).toEqual(results(0)); // 32 and 31 items: either side of the line
  });
});

describe('listItemPe, its elements kept per key name and value', () => {
  const containers = (pod as any).fields.get('spec').fields.get('containers') as ListNode;

  it('gives the element JSON makes, also after its table is cleared when full, and for values of other types', () => {
    const made = (v: unknown): string => `k:{"name":${JSON.stringify(v)}}`;
    for (let i = 0; i < 10_000; i++) expect(listItemPe(containers, { name: `c-${i % 5000}` }, [], i)).toBe(made(`c-${i % 5000}`));
    expect(listItemPe(containers, { name: 7 }, [], 0)).toBe('k:{"name":7}');
    expect(listItemPe(containers, { name: '7' }, [], 0)).toBe('k:{"name":"7"}');
    expect(listItemPe(containers, { name: '<a&b>' }, [], 0)).toBe('k:{"name":"\\u003ca\\u0026b\\u003e"}');
  });
});

describe('FieldSet.difference and its filter', () => {
  const s = FieldSet.of(['f:a'], ['f:b', 'f:x'], ['f:b', 'f:y'], ['f:c']);

  it('is the same set when nothing is taken away, and a new one without exactly what is', () => {
    expect(s.difference(FieldSet.of(['f:z']))).toBe(s);
    expect(s.difference(FieldSet.of(['f:b', 'f:z']))).toBe(s);
    expect(json(s.difference(FieldSet.of(['f:c'])))).toBe('{"f:a":{},"f:b":{"f:x":{},"f:y":{}}}');
    expect(json(s.difference(FieldSet.of(['f:b', 'f:x'])))).toBe('{"f:a":{},"f:b":{"f:y":{}},"f:c":{}}');
    expect(json(s.difference(FieldSet.of(['f:b', 'f:x'], ['f:b', 'f:y'], ['f:a'])))).toBe('{"f:c":{}}');
    expect(s.difference(s).empty).toBe(true);
    // s is unchanged by all of it.
    expect(json(s)).toBe('{"f:a":{},"f:b":{"f:x":{},"f:y":{}},"f:c":{}}');
  });
});
