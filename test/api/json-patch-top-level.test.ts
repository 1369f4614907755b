import { describe, expect, it } from 'vitest';
import { jsonPatch } from '../../core/api/patch.js';

/* RFC 6902: a member of the document itself (`/status`) has the document as its parent. */
describe('json patch of a top-level member', () => {
  it('replaces, adds and removes /status (it was refused as `path "/" does not exist`)', () => {
    expect(jsonPatch({ kind: 'Pod', status: { phase: 'Pending' } }, [{ op: 'replace', path: '/status', value: { phase: 'Running' } }])).toEqual({ kind: 'Pod', status: { phase: 'Running' } });
    expect(jsonPatch({ kind: 'Pod' }, [{ op: 'add', path: '/status', value: { phase: 'Running' } }])).toEqual({ kind: 'Pod', status: { phase: 'Running' } });
    expect(jsonPatch({ kind: 'Pod', status: {} }, [{ op: 'remove', path: '/status' }])).toEqual({ kind: 'Pod' });
    expect(() => jsonPatch({ kind: 'Pod' }, [{ op: 'replace', path: '/status', value: {} }])).toThrow('path "/status" does not exist');
    expect(jsonPatch({ '': 1 }, [{ op: 'replace', path: '/', value: 2 }])).toEqual({ '': 2 });
  });
});
