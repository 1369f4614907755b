import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { event, lines, pod, read, scratch } from './audit-helpers.js';

/** Request-level folding, time order, ties and duplicates. */
const dir = scratch();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (values: unknown[]): string => {
  const p = path.join(dir, `f${n++}.log`);
  fs.writeFileSync(p, lines(values));
  return p;
};
const at = (ms: number) => `2024-05-01T10:00:00.${String(ms * 1000).padStart(6, '0')}Z`;
const req = (id: string, ms: number, verb: string, requestObject: unknown, ref: Record<string, unknown> = {}) =>
  event({ auditID: id, level: 'Request', verb, stageTimestamp: at(ms), requestObject, objectRef: { resource: 'pods', namespace: 'default', name: 'web-1', apiVersion: 'v1', ...ref }, responseStatus: { code: 200 } });

describe('request-level folding', () => {
  it('a json patch and a merge patch apply to the known state; a binding sets nodeName and PodScheduled', async () => {
    const r = await read([file([
      req('c', 1, 'create', pod('web-1', '')),
      req('p1', 2, 'patch', [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' }]),
      req('b', 3, 'create', { kind: 'Binding', apiVersion: 'v1', metadata: { name: 'web-1' }, target: { kind: 'Node', name: 'node-1' } }, { subresource: 'binding' }),
      req('p2', 4, 'patch', { metadata: { labels: { tier: 'web' } } }),
    ])]);
    const objects = r.writes.map((w) => w.object as { spec: { nodeName?: string; containers: Array<{ image: string }> }; metadata: { labels?: object }; status: { conditions?: unknown[] } });
    expect(objects[1]?.spec.containers[0]?.image).toBe('nginx:2');
    expect(r.writes[1]?.note).toBe('request-level patch folded onto the previous state (json patch)');
    expect(objects[2]?.spec.nodeName).toBe('node-1');
    expect(objects[2]?.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:00Z' }]);
    expect(objects[3]).toMatchObject({ metadata: { labels: { tier: 'web' } }, spec: { nodeName: 'node-1', containers: [{ image: 'nginx:2' }] } });
    expect(r.writes.every((w) => w.partial)).toBe(true);
  });

  it('a patch without a known state holds only what it says; metadata level holds nothing', async () => {
    const r = await read([file([
      req('p', 1, 'patch', { status: { phase: 'Running' } }, { name: 'other', subresource: 'status' }),
      { ...req('m', 2, 'update', null, { name: 'other' }), level: 'Metadata' },
      req('j', 3, 'patch', [{ op: 'remove', path: '/spec' }], { name: 'third' }),
    ])]);
    expect(r.writes[0]?.object).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other', namespace: 'default' }, status: { phase: 'Running' } });
    expect(r.writes[0]?.note).toMatch(/without a known previous state: only the patched fields/);
    expect(r.writes[1]).toMatchObject({ object: null, partial: true, note: 'metadata-level: no object in the log' });
    expect(r.writes[2]).toMatchObject({ partial: true, note: 'request-level json patch without a known previous state: object unknown' });
    expect(r.writes[2]?.object).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'third', namespace: 'default' } });
  });

  it('a graceful delete (response with deletionTimestamp) is an update: the object stays', async () => {
    const terminating = pod('web-1', '9', {});
    Object.assign(terminating.metadata as Record<string, unknown>, { deletionTimestamp: '2024-05-01T10:00:30Z', deletionGracePeriodSeconds: 30 });
    const r = await read([file([
      event({ auditID: 'c', responseObject: pod('web-1', '8'), stageTimestamp: at(1) }),
      event({ auditID: 'd1', verb: 'delete', responseObject: terminating, stageTimestamp: at(2) }),
      event({ auditID: 'd2', verb: 'delete', responseObject: { kind: 'Status', apiVersion: 'v1', status: 'Success' }, stageTimestamp: at(3), user: { username: 'system:node:node-1' } }),
    ])]);
    expect(r.writes.map((w) => w.verb)).toEqual(['create', 'update', 'delete']);
    expect(r.writes[2]?.object).toEqual(terminating);
  });

  it("the kubelet's final delete answers with deletionTimestamp too, but grace 0 and no finalizers: the object is gone", async () => {
    const terminating = pod('web-2', '9', {});
    Object.assign(terminating.metadata as Record<string, unknown>, { deletionTimestamp: '2024-05-01T10:00:30Z', deletionGracePeriodSeconds: 30 });
    const last = pod('web-2', '10', {});
    Object.assign(last.metadata as Record<string, unknown>, { deletionTimestamp: '2024-05-01T10:00:02Z', deletionGracePeriodSeconds: 0 });
    const r = await read([file([
      event({ auditID: 'c', responseObject: pod('web-2', '8'), stageTimestamp: at(1) }),
      event({ auditID: 'd1', verb: 'delete', responseObject: terminating, stageTimestamp: at(2) }),
      event({ auditID: 'd2', verb: 'delete', responseObject: last, stageTimestamp: at(3), user: { username: 'system:node:node-1' } }),
    ])]);
    expect(r.writes.map((w) => w.verb)).toEqual(['create', 'update', 'delete']);
    expect(r.writes[2]?.object).toEqual(last);
  });
});

describe('time order', () => {
  it('out-of-order lines are sorted; same-µs ties go by resourceVersion, then by line', async () => {
    const w = (id: string, ms: number, rv: string) => event({ auditID: id, verb: 'update', stageTimestamp: at(ms), responseObject: pod('web-1', rv) });
    const r = await read([file([w('late', 9, '50'), w('tie-b', 5, '41'), w('tie-a', 5, '40'), w('early', 1, '10')])]);
    expect(r.writes.map((x) => x.source.id)).toEqual(['early', 'tie-a', 'tie-b', 'late']);
    expect(r.writes.map((x) => x.source.line)).toEqual([4, 3, 2, 1]);
  });

  it('an auditID logged twice (overlapping files) is one write: the most complete level kept', async () => {
    const rr = event({ auditID: 'dup', responseObject: pod('web-1', '5') });
    const meta = { ...event({ auditID: 'dup' }), level: 'Metadata' };
    const r = await read([file([meta]), file([rr, event({ auditID: 'dup', stage: 'RequestReceived' })])]);
    expect(r.writes).toHaveLength(1);
    expect(r.writes[0]).toMatchObject({ level: 'RequestResponse', resourceVersion: '5' });
    expect(r.summary).toMatchObject({ duplicates: 1, incomplete: 1 });
  });
});
