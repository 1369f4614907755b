import { describe, expect, it } from 'vitest';
import { diffObjects } from '../../core/replay/diff.js';

const entry = (time: string) => ({ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time, fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:phase': {} } }, subresource: 'status' });

describe('diffs leave metadata.managedFields out', () => {
  it('a write that only moved an entry\'s time shows only what it changed', () => {
    const before = { metadata: { name: 'p', resourceVersion: '1', managedFields: [entry('2026-01-01T00:00:01Z')] }, status: { phase: 'Pending' } };
    const after = { metadata: { name: 'p', resourceVersion: '2', managedFields: [entry('2026-01-01T00:00:09Z'), entry('2026-01-01T00:00:09Z')] }, status: { phase: 'Running' } };
    expect(diffObjects(before, after)).toEqual([{ path: 'status.phase', type: 'changed', from: 'Pending', to: 'Running' }]);
  });

  it('a create shows the object without its managedFields, and leaves the object itself untouched', () => {
    const obj = { metadata: { name: 'p', managedFields: [entry('2026-01-01T00:00:01Z')] }, spec: { x: 1 } };
    const changes = diffObjects(undefined, obj);
    expect(JSON.stringify(changes)).not.toContain('managedFields');
    expect(changes.map((c) => c.path)).toEqual(['metadata', 'spec']);
    expect(obj.metadata.managedFields).toHaveLength(1);
  });
});
