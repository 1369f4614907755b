import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditInputError } from '../../core/import/audit/read-audit.js';
import { event, lines, pod, read, scratch } from './audit-helpers.js';

/** The bad input: each gets a clear message, and what could be read is read. */
const dir = scratch();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const good = event({ auditID: 'ok', responseObject: pod('web-1', '3') });

describe('audit bad input', () => {
  it('a truncated last line, a non-JSON line and an unknown envelope are skipped with file:line and why', async () => {
    const cut = JSON.stringify(event({ auditID: 'cut' })).slice(0, 80);
    const p = file('mixed.log', `${JSON.stringify(good)}\nE0501 10:00:00 klog noise\n${JSON.stringify({ hello: 'world' })}\n\n${cut}`);
    const r = await read([p]);
    expect(r.writes.map((w) => w.source.id)).toEqual(['ok']);
    expect(r.skipped.map((s) => [s.source.line, s.why.replace(/ \(.*\)$/, '')])).toEqual([
      [2, 'not JSON'],
      [3, 'unknown envelope'],
      [5, 'truncated last line'],
    ]);
    expect(r.skipped[1]?.why).toBe('unknown envelope (keys hello)');
    expect(r.skipped.every((s) => s.source.file === p)).toBe(true);
    expect(r.summary).toMatchObject({ writes: 1, skipped: 3 });
  });

  it('an unknown kind (a custom resource) is kept with a kind derived from its resource and flagged', async () => {
    const cr = event({ auditID: 'cr', level: 'Request', objectRef: { resource: 'widgetpolicies', apiGroup: 'example.com', apiVersion: 'v1alpha1', namespace: 'default', name: 'w' }, requestObject: { spec: { size: 3 } } });
    const r = await read([file('cr.log', lines([cr]))]);
    // The plural cannot tell where the words meet: Widgetpolicy, honestly flagged as a guess.
    expect(r.writes[0]).toMatchObject({ kind: 'Widgetpolicy', apiVersion: 'example.com/v1alpha1', partial: true });
    expect(r.writes[0]?.note).toMatch(/kind Widgetpolicy derived from resource widgetpolicies\.example\.com: not a built-in resource$/);
  });

  it('refused writes (4xx/5xx) are failures, not writes', async () => {
    const refused = event({ auditID: 'no', verb: 'create', responseStatus: { code: 409, reason: 'AlreadyExists', message: 'pods "web-1" already exists', status: 'Failure' } });
    const r = await read([file('refused.log', lines([refused, good]))]);
    expect(r.writes).toHaveLength(1);
    expect(r.failures).toEqual([expect.objectContaining({ verb: 'create', resource: 'pods', name: 'web-1', code: 409, reason: 'AlreadyExists', message: 'pods "web-1" already exists', source: { file: path.join(dir, 'refused.log'), line: 1, id: 'no' } })]);
  });

  it('an empty file is reported beside a good one; nothing readable at all is the one fatal case', async () => {
    const r = await read([file('empty.log', ''), file('good.log', lines([good]))]);
    expect(r.writes).toHaveLength(1);
    expect(r.skipped).toEqual([{ source: { file: path.join(dir, 'empty.log'), line: 0, id: null }, why: 'empty file' }]);
    await expect(read([path.join(dir, 'empty.log')])).rejects.toThrow(new AuditInputError(`nothing could be read from ${path.join(dir, 'empty.log')}: ${path.join(dir, 'empty.log')}: empty file`));
    await expect(read([file('noise.log', 'a\nb\n')])).rejects.toThrow(/^nothing could be read from .*noise\.log: .*noise\.log:1: not JSON/);
    await expect(read([path.join(dir, 'missing.log')])).rejects.toThrow(`no such file or folder: ${path.join(dir, 'missing.log')}`);
  });

  it('a create with generateName and no name in the log is skipped, saying why', async () => {
    const gen = event({ auditID: 'g', level: 'Metadata', objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' } });
    const r = await read([file('gen.log', lines([gen, good]))]);
    expect(r.skipped.map((s) => s.why)).toEqual(['create of pods in default without a name (generateName at Metadata level)']);
  });
});
