import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, mergePatch } from '../../core/api/patch.js';

describe('patches', () => {
  const base = {
    metadata: { labels: { app: 'web', tier: 'fe' }, finalizers: ['a'] },
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        { name: 'sidecar', image: 'envoy:1' },
      ],
      tolerations: [{ key: 'x', operator: 'Exists' }],
    },
  };

  it('strategic merge patches containers by name and env by name, leaving the rest', () => {
    const out = applyPatch(base, { spec: { containers: [{ name: 'web', image: 'nginx:1.28', env: [{ name: 'B', value: '3' }] }] } }, 'strategic');
    expect(out.spec.containers).toEqual([
      { name: 'web', image: 'nginx:1.28', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }] },
      { name: 'sidecar', image: 'envoy:1' },
    ]);
  });

  it('strategic merge replaces atomic lists (tolerations) and honours $patch: delete and $deleteFromPrimitiveList', () => {
    const out = applyPatch(
      base,
      { metadata: { finalizers: ["b"] }, spec: { tolerations: [{ key: 'y', operator: 'Exists' }], containers: [{ name: 'sidecar', $patch: 'delete' }] } },
      'strategic',
    );
    expect(out.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
    expect(out.spec.containers.map((c: { name: string }) => c.name)).toEqual(['web']);
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
    const removed = applyPatch(out, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, 'strategic');
    expect(removed.metadata.finalizers).toEqual(['b']);
  });

  it('merge patch replaces lists whole and deletes with null', () => {
    const out = applyPatch(base, { metadata: { labels: { tier: null } }, spec: { containers: [{ name: 'only', image: 'x:1' }] } }, 'merge');
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(out.spec.containers).toEqual([{ name: 'only', image: 'x:1' }]);
  });

  it('json patch applies add, replace, remove, test in order', () => {
    const out = applyPatch(
      base,
      [
        { op: 'test', path: '/spec/containers/0/name', value: 'web' },
        { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.29' },
        { op: 'add', path: '/metadata/labels/version', value: 'v2' },
        { op: 'remove', path: '/spec/containers/1' },
        { op: 'add', path: '/spec/containers/-', value: { name: 'late', image: 'l:1' } },
      ],
      'json',
    );
    expect(out.spec.containers.map((c: { image: string }) => c.image)).toEqual(['nginx:1.29', 'l:1']);
    expect(out.metadata.labels.version).toBe('v2');
    expect(() => applyPatch(base, [{ op: 'test', path: '/spec/containers/0/name', value: 'nope' }], 'json')).toThrow(/test failed/);
    expect(() => applyPatch(base, [{ op: 'remove', path: '/spec/missing' }], 'json')).toThrow(/does not exist/);
  });

  it('patching never changes its input', () => {
    const before = JSON.stringify(base);
    applyPatch(base, { spec: { containers: [{ name: 'web', image: 'z:1' }] } }, 'strategic');
    applyPatch(base, [{ op: 'remove', path: '/spec' }], 'json');
    expect(JSON.stringify(base)).toBe(before);
  });

  it('merge patch: applying a patch twice is the same as once (property)', () => {
    const json = fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 2 }), fc.integer())));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 3 }), fc.integer()), json, (target, patch) => {
        const once = mergePatch(structuredClone(target), patch);
        const twice = mergePatch(structuredClone(once), patch);
        expect(twice).toEqual(once);
      }),
    );
  });
});
