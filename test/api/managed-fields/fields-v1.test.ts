import { describe, expect, it } from 'vitest';
import { FieldSet } from '../../../core/api/managed-fields/field-set.js';
import { decodeFields, encodeFields } from '../../../core/api/managed-fields/fields-v1.js';
import { comparePe, fieldPe, keyPe, pathString, valuePe } from '../../../core/api/managed-fields/path-element.js';
import { schemaFor } from '../../../core/api/managed-fields/schema.js';
import { toFieldSet } from '../../../core/api/managed-fields/to-field-set.js';

const roundTrip = (json: string): string => JSON.stringify(encodeFields(decodeFields(JSON.parse(json))));

describe('fieldsV1 encoding (structured-merge-diff fieldpath/serialize_test.go)', () => {
  // TestSerializeV1GoldenData: decoding then encoding gives the same bytes, so keys come
  // out in SMD's order: fields, then keys, then values (numbers, strings, booleans), then indices.
  it('reproduces upstream\'s golden documents byte for byte', () => {
    const flat = `{"f:aaa":{},"f:aab":{},"f:aac":{},"f:aad":{},"f:aae":{},"f:aaf":{},"k:{\\"name\\":\\"first\\"}":{},"k:{\\"name\\":\\"second\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{},"v:1":{},"v:2":{},"v:3":{},"v:\\"aa\\"":{},"v:\\"ab\\"":{},"v:true":{},"i:1":{},"i:2":{},"i:3":{},"i:4":{}}`;
    expect(roundTrip(flat)).toBe(flat);
    const nested = `{"f:aaa":{"k:{\\"name\\":\\"second\\"}":{"v:3":{"f:aab":{}}},"v:3":{},"v:true":{}},"f:aab":{"f:aaa":{},"f:aaf":{"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{}}},"k:{\\"name\\":\\"first\\"}":{}},"v:\\"ab\\"":{"f:aaf":{"i:4":{}},"v:1":{"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{}},"i:1":{"f:aae":{"i:4":{}}}},"i:3":{"f:aab":{"v:true":{"v:\\"aa\\"":{}}},"f:aaf":{},"i:1":{}}}`;
    expect(roundTrip(nested)).toBe(nested);
  });

  it('sorts a shuffled document into SMD order', () => {
    const shuffled = { 'i:2': {}, 'v:true': {}, 'v:"b"': {}, 'v:10': {}, 'v:9': {}, 'k:{"name":"b"}': {}, 'k:{"name":"a"}': {}, 'f:z': {}, 'f:a': {} };
    expect(Object.keys(encodeFields(decodeFields(shuffled)))).toEqual(['f:a', 'f:z', 'k:{"name":"a"}', 'k:{"name":"b"}', 'v:9', 'v:10', 'v:"b"', 'v:true', 'i:2']);
  });

  it('writes "." for a member that also has children, and only then', () => {
    const set = FieldSet.of([fieldPe('metadata'), fieldPe('labels')], [fieldPe('metadata'), fieldPe('labels'), fieldPe('app')], [fieldPe('spec'), fieldPe('replicas')]);
    expect(encodeFields(set)).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
  });

  it('keys list items by their key fields sorted by name, and prints paths as SMD does', () => {
    const pe = keyPe({ protocol: 'TCP', containerPort: 80 });
    expect(pe).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(pathString([fieldPe('spec'), fieldPe('template'), fieldPe('spec'), fieldPe('containers'), keyPe({ name: 'web' }), fieldPe('image')])).toBe('.spec.template.spec.containers[name="web"].image');
    expect(pathString([fieldPe('ports'), pe])).toBe('.ports[containerPort=80,protocol="TCP"]');
    expect(pathString([fieldPe('finalizers'), valuePe('a')])).toBe('.finalizers[="a"]');
    expect(comparePe(valuePe(2), valuePe(10))).toBe(-1);
  });

  it('escapes <, > and & inside keys as Go\'s encoder does', () => {
    expect(keyPe({ name: 'a<b&c>' })).toBe('k:{"name":"a\\u003cb\\u0026c\\u003e"}');
  });

  it('set algebra: union, difference, intersection and recursive difference', () => {
    const a = FieldSet.of(['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d']);
    const b = FieldSet.of(['f:b', 'f:c'], ['f:e']);
    expect(a.union(b).paths()).toEqual([['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d'], ['f:e']]);
    expect(a.difference(b).paths()).toEqual([['f:a'], ['f:b', 'f:d']]);
    expect(a.intersection(b).paths()).toEqual([['f:b', 'f:c']]);
    // Everything below a member of the other set goes too.
    expect(a.recursiveDifference(FieldSet.of(['f:b'])).paths()).toEqual([['f:a']]);
    expect(a.difference(FieldSet.of(['f:b'])).paths()).toEqual(a.paths());
  });
});

describe('field sets from upstream\'s schema (typed ToFieldSet)', () => {
  const deployment = schemaFor('apps/v1', 'Deployment');

  it('takes the list types and keys from upstream\'s OpenAPI: containers by name, ports by containerPort+protocol (TCP by default), an atomic selector', () => {
    const set = toFieldSet(deployment!, {
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
      },
    });
    expect(encodeFields(set)).toEqual({
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
            },
          },
        },
      },
    });
  });

  it('an atomic list is one leaf; a set lists its values', () => {
    const pod = schemaFor('v1', 'Pod')!;
    const set = toFieldSet(pod, { metadata: { finalizers: ['b', 'a'] }, spec: { tolerations: [{ key: 'k', operator: 'Exists' }] } });
    expect(encodeFields(set)).toEqual({ 'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } }, 'f:spec': { 'f:tolerations': {} } });
  });
});
