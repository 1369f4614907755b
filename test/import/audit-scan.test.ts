import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAuditInputs } from '../../core/import/audit/read-audit.js';
import { event, scratch } from './audit-helpers.js';

/** The first pass's shortcut for reads, and the progress it reports. */
const dir = scratch();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('audit scan', () => {
  it('counts plain reads without taking a write whose body says "verb":"get" for one', async () => {
    // Field order as kube-apiserver writes it: the shortcut relies on it.
    const ordered = (verb: string, objectRef: object, requestObject?: object) =>
      JSON.stringify(event({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Request', auditID: verb, stage: 'ResponseComplete', requestURI: '/apis/x', verb, objectRef, requestObject }));
    const sar = ordered('create', { resource: 'subjectaccessreviews', apiGroup: 'authorization.k8s.io', apiVersion: 'v1', name: 'sar-1' }, { kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { name: 'sar-1' }, spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    const get = ordered('get', { resource: 'pods', namespace: 'default', name: 'web-1', apiVersion: 'v1' });
    const file = path.join(dir, 'sar.log');
    fs.writeFileSync(file, `${get}\n${sar}\n${get}\n`);
    const writes: string[] = [];
    const progress: Array<[number, number]> = [];
    const summary = await readAuditInputs([file], { write: (w) => writes.push(`${w.kind}/${w.name}`), failure: () => undefined, skipped: () => undefined, progress: (d, t) => progress.push([d, t]) });
    expect(writes).toEqual(['SubjectAccessReview/sar-1']);
    expect(summary).toMatchObject({ reads: 2, writes: 1, entries: 3 });
    // Both passes: the file's bytes once to index, the write's line (and newline) again,
    // then full; never backwards.
    const size = fs.statSync(file).size;
    expect(progress.slice(-2)).toEqual([[size + sar.length + 1, 2 * size], [2 * size, 2 * size]]);
    expect(progress.every(([d], i) => i === 0 || d >= (progress[i - 1] as [number, number])[0])).toBe(true);
  });
});
