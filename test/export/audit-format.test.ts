import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqlite, tmpDir } from '../helpers.js';
import { exportTo, shippedRecording } from './shipped.js';

type AuditEvent = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- open JSON read back

describe('audit export', () => {
  let db: string;
  let lines: AuditEvent[];
  let out: string;
  beforeAll(() => {
    db = shippedRecording('prestop-on');
    out = exportTo(db, 'audit', path.join(tmpDir(), 'p.audit.jsonl')).out;
    lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as AuditEvent);
  });

  it('one RequestResponse, ResponseComplete audit.k8s.io/v1 Event per write, in order, µs timestamps that never go back', () => {
    expect(lines.length).toBe(Number(sqlite(db, 'SELECT count(*) FROM events').trim()));
    let last = '';
    for (const [i, e] of lines.entries()) {
      expect(Object.keys(e).slice(0, 6)).toEqual(['kind', 'apiVersion', 'level', 'auditID', 'stage', 'requestURI']);
      expect([e.kind, e.apiVersion, e.level, e.stage]).toEqual(['Event', 'audit.k8s.io/v1', 'RequestResponse', 'ResponseComplete']);
      expect(e.annotations['kubelapse.dev/seq']).toBe(String(i + 1));
      expect(e.stageTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(e.stageTimestamp > last, `${e.stageTimestamp} after ${last}`).toBe(true);
      last = e.stageTimestamp;
      expect(e.auditID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(e.responseObject.metadata.name).toBe(e.objectRef.name);
    }
    expect(new Set(lines.map((e) => e.auditID)).size).toBe(lines.length);
  });

  it('users are the real components: the scheduler, node identities, controller service accounts, kubectl as kubernetes-admin', () => {
    const byUser = (u: string) => lines.filter((e) => e.user.username === u);
    const bind = byUser('system:kube-scheduler').find((e) => e.objectRef.subresource === 'binding') as AuditEvent;
    expect(bind.verb).toBe('create');
    expect(bind.requestURI).toBe(`/api/v1/namespaces/${bind.objectRef.namespace}/pods/${bind.objectRef.name}/binding`);
    expect(bind.requestObject).toMatchObject({ kind: 'Binding', apiVersion: 'v1', target: { kind: 'Node' } });
    expect(bind.responseStatus.code).toBe(201);
    const status = byUser('system:node:node-1').find((e) => e.objectRef.subresource === 'status') as AuditEvent;
    expect(status).toMatchObject({ verb: 'update', user: { groups: ['system:nodes', 'system:authenticated'] }, objectRef: { resource: 'pods', apiVersion: 'v1' } });
    expect(status.userAgent).toMatch(/^kubelet\/v1\.32\.4 \(linux\/amd64\) kubernetes\/59526cd$/);
    const rs = byUser('system:serviceaccount:kube-system:deployment-controller').find((e) => e.objectRef.resource === 'replicasets') as AuditEvent;
    expect(rs.objectRef).toMatchObject({ apiGroup: 'apps', apiVersion: 'v1' });
    expect(rs.userAgent).toBe('kube-controller-manager/v1.32.4 (linux/amd64) kubernetes/59526cd/system:serviceaccount:kube-system:deployment-controller');
    const kubectl = byUser('kubernetes-admin').filter((e) => e.userAgent.startsWith('kubectl/v1.32.4'));
    expect(kubectl.map((e) => `${e.verb} ${e.objectRef.resource}`)).toEqual(expect.arrayContaining(['create deployments', 'create services', 'update deployments']));
    const created = kubectl.find((e) => e.verb === 'create' && e.objectRef.resource === 'deployments') as AuditEvent;
    expect(created.requestURI).toBe('/apis/apps/v1/namespaces/default/deployments');
    // What the client sent has no uid or resourceVersion: the server sets those.
    expect(created.requestObject.metadata.uid).toBeUndefined();
    expect(created.responseObject.metadata.uid).toBe(created.objectRef.uid);
  });

  it('the same recording exports byte-identical audit logs', () => {
    const again = exportTo(db, 'audit', path.join(tmpDir(), 'again.jsonl')).out;
    expect(fs.readFileSync(again).equals(fs.readFileSync(out))).toBe(true);
  });
});
