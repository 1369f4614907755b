import { describe, expect, it } from 'vitest';
import { FieldSet } from '../../../core/api/managed-fields/field-set.js';
import { encodeFields } from '../../../core/api/managed-fields/fields-v1.js';
import { fieldPe, keyPe } from '../../../core/api/managed-fields/path-element.js';
import { sharedFields } from '../../../core/api/managed-fields/shared-fields.js';

const f = fieldPe;
const container = (name: string): string => keyPe({ name });

describe('sharedFields: a new entry\'s fieldsV1 looked up by its set', () => {
  it('gives the same bytes as encoding the set, for the set first seen and the ones after it', () => {
    const pod = (name: string): FieldSet =>
      FieldSet.of(
        [f('metadata'), f('labels'), f('app')],
        [f('metadata'), f('ownerReferences'), keyPe({ uid: 'rs-1' })],
        [f('spec'), f('containers'), container(name), f('image')],
        [f('spec'), f('containers'), container(name)],
      );
    const first = sharedFields(pod('web'));
    expect(JSON.stringify(first)).toBe(JSON.stringify(encodeFields(pod('web'))));
    // A later pod of the same shape gets the very same object (one copy for all of them),
    // frozen, since every stored object that holds it shares it.
    expect(sharedFields(pod('web'))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as Record<string, unknown>)['f:status'] = {};
    }).toThrow(TypeError);
    // Another container name is another set: its own encoding, not the cached one.
    const other = sharedFields(pod('db'));
    expect(other).not.toBe(first);
    expect(JSON.stringify(other)).toBe(JSON.stringify(encodeFields(pod('db'))));
    expect(JSON.stringify(other)).toContain('k:{\\"name\\":\\"db\\"}');
  });

  it('gives equal sets built in another order the same object, keys in SMD order', () => {
    const a = FieldSet.of([f('spec'), f('replicas')], [f('metadata'), f('labels'), f('tier')], [f('metadata'), f('labels'), f('app')]);
    const b = FieldSet.of([f('metadata'), f('labels'), f('app')], [f('metadata'), f('labels'), f('tier')], [f('spec'), f('replicas')]);
    const fa = sharedFields(a);
    expect(sharedFields(b)).toBe(fa);
    expect(JSON.stringify(fa)).toBe('{"f:metadata":{"f:labels":{"f:app":{},"f:tier":{}}},"f:spec":{"f:replicas":{}}}');
  });

  it('tells a member with children from the same names as members only', () => {
    const withChildren = FieldSet.of([f('metadata'), f('labels')], [f('metadata'), f('labels'), f('app')]);
    const childOnly = FieldSet.of([f('metadata'), f('labels'), f('app')]);
    expect(JSON.stringify(sharedFields(withChildren))).toBe('{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}');
    expect(JSON.stringify(sharedFields(childOnly))).toBe('{"f:metadata":{"f:labels":{"f:app":{}}}}');
  });

  it('keeps element texts that would run together apart (label keys may hold parentheses)', () => {
    // Joined without lengths, one member "m:(x" and two members "m" and "(x" read alike.
    const one = FieldSet.of([f('metadata'), f('labels'), 'f:a)m3:f:b']);
    const two = FieldSet.of([f('metadata'), f('labels'), 'f:a'], [f('metadata'), f('labels'), 'f:b']);
    expect(JSON.stringify(sharedFields(one))).toBe(JSON.stringify(encodeFields(one)));
    expect(JSON.stringify(sharedFields(two))).toBe(JSON.stringify(encodeFields(two)));
    expect(sharedFields(one)).not.toBe(sharedFields(two));
  });

  it('tells a set from one that starts like it or nests the same names, also past the clearing of a full table', () => {
    const prefix = FieldSet.of([f('spec'), f('a')]);
    const longer = FieldSet.of([f('spec'), f('a')], [f('spec'), f('b')]);
    const nested = FieldSet.of([f('spec'), f('a'), f('b')]);
    const both = FieldSet.of([f('spec'), f('a')], [f('spec'), f('a'), f('b')]);
    const sets = [prefix, longer, nested, both];
    const texts = sets.map((x) => JSON.stringify(encodeFields(x)));
    expect(new Set(texts).size).toBe(4);
    expect(sets.map((x) => JSON.stringify(sharedFields(x)))).toEqual(texts);
    // 20,000 sets of their own (~100,000 steps, 16,384 kept: the table is cleared on the way), then the four again.
    for (let i = 0; i < 20_000; i++) {
      const own = FieldSet.of([f('metadata'), f('labels'), f(`l${i}`)], [f('spec'), f(`x${i}`), f('y')], [f('spec'), f('a')]);
      expect(JSON.stringify(sharedFields(own))).toBe(JSON.stringify(encodeFields(own)));
    }
    expect(sets.map((x) => JSON.stringify(sharedFields(x)))).toEqual(texts);
    expect(sharedFields(FieldSet.of([f('spec'), f('a')], [f('spec'), f('b')]))).toBe(sharedFields(longer));
  });
});
