import { describe, expect, it } from 'vitest';
import { kindInfo, type KindInfo } from '../../../core/api/kinds.js';
import { encodeFields } from '../../../core/api/managed-fields/fields-v1.js';
import { resetFields } from '../../../core/api/managed-fields/reset-fields.js';

const info = (kind: string): KindInfo => {
  const i = kindInfo(kind);
  if (i === undefined) throw new Error(`no kind ${kind}`);
  return i;
};
const json = (kind: string, sub: string | null, withStatus?: boolean): string => {
  const i = info(kind);
  return JSON.stringify(encodeFields(resetFields(withStatus === undefined ? i : { ...i, subresources: withStatus ? ['status'] : [] }, sub)));
};

describe('resetFields: what a request path cannot set (the strategies\' GetResetFields)', () => {
  it('gives each kind and path its own set, the same on every call', () => {
    expect(json('Pod', 'status')).toBe('{"f:metadata":{"f:deletionTimestamp":{},"f:ownerReferences":{}},"f:spec":{}}');
    expect(json('Deployment', 'status')).toBe('{"f:metadata":{"f:labels":{}},"f:spec":{}}');
    expect(json('ReplicaSet', 'status')).toBe('{"f:spec":{}}');
    expect(json('Pod', null)).toBe('{"f:status":{}}');
    expect(json('ConfigMap', null)).toBe('{}');
    expect(json('Namespace', 'finalize')).toBe('{"f:status":{}}');
    // Asked again (kept after the first call): the same answers, in any order.
    expect(json('ConfigMap', null)).toBe('{}');
    expect(json('Pod', 'status')).toBe('{"f:metadata":{"f:deletionTimestamp":{},"f:ownerReferences":{}},"f:spec":{}}');
    expect(resetFields(info('Pod'), 'status')).toBe(resetFields(info('Pod'), 'status'));
  });

  it('follows whether the kind has a status subresource, not only its name', () => {
    expect(json('ConfigMap', null, true)).toBe('{"f:status":{}}');
    expect(json('ConfigMap', null, false)).toBe('{}');
  });
});
