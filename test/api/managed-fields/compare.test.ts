import { describe, expect, it } from 'vitest';
import { compareObjects } from '../../../core/api/managed-fields/compare.js';
import type { FieldSet } from '../../../core/api/managed-fields/field-set.js';
import { encodeFields } from '../../../core/api/managed-fields/fields-v1.js';
import { schemaFor } from '../../../core/api/managed-fields/schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

const json = (s: FieldSet): string => JSON.stringify(encodeFields(s));

describe('compareObjects on maps (SMD TypedValue.Compare)', () => {
  const pod = schemaFor('v1', 'Pod');
  if (pod === undefined) throw new Error('no v1 Pod schema');

  it('finds a map key only on the left removed, only on the right added, on both changed modified', () => {
    const l: any = { metadata: { labels: { app: 'web', tier: 'front', gone: 'x' } } };
    const r: any = { metadata: { labels: { tier: 'back', app: 'web', fresh: 'y' } } };
    const c = compareObjects(pod, l, r);
    expect(json(c.removed)).toBe('{"f:metadata":{"f:labels":{"f:gone":{}}}}');
    expect(json(c.added)).toBe('{"f:metadata":{"f:labels":{"f:fresh":{}}}}');
    expect(json(c.modified)).toBe('{"f:metadata":{"f:labels":{"f:tier":{}}}}');
  });

  it('counts a member set to undefined as absent on either side, and an emptied map as the map removed', () => {
    const l: any = { metadata: { labels: { app: 'web', old: undefined } }, spec: { nodeName: 'n1' } };
    const r: any = { metadata: { labels: { app: 'web', old: undefined, fresh: undefined } }, spec: {} };
    const c = compareObjects(pod, l, r);
    expect(json(c.added)).toBe('{}');
    expect(json(c.modified)).toBe('{}');
    expect(json(c.removed)).toBe('{"f:spec":{"f:nodeName":{}}}');
    const gone = compareObjects(pod, { metadata: { labels: { a: '1' } } }, { metadata: {} });
    expect(json(gone.removed)).toBe('{"f:metadata":{"f:labels":{".":{},"f:a":{}}}}');
  });

  it('sees no change between an object and an equal copy, nor within a part both share', () => {
    const spec = { containers: [{ name: 'web', image: 'nginx' }] };
    const c = compareObjects(pod, { spec, metadata: { name: 'a' } }, { metadata: { name: 'a' }, spec: JSON.parse(JSON.stringify(spec)) });
    expect([c.added.empty, c.modified.empty, c.removed.empty]).toEqual([true, true, true]);
  });
});
