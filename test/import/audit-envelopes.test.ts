import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { event, lines, pod, read, scratch } from './audit-helpers.js';

/** Each envelope people export audit logs in, as small synthetic lines written here. */
const dir = scratch();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};
const created = event({ auditID: 'a1', responseObject: pod('web-1', '100') });

describe('audit envelopes', () => {
  it('AKS diagnostics: properties.log as an object, as a JSON string, and inside Azure\'s {"records": [...]}', async () => {
    const asObject = { category: 'kube-audit', operationName: 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read', properties: { log: created, pod: 'kube-apiserver-0' }, time: '2024-05-01T10:00:00Z' };
    const asString = { category: 'kube-audit-admin', properties: { log: JSON.stringify(event({ auditID: 'a2', verb: 'delete', stageTimestamp: '2024-05-01T10:00:01Z', responseObject: { kind: 'Status', apiVersion: 'v1', status: 'Success' } })) } };
    const r = await read([file('aks.json', lines([asObject, { records: [asString] }]))]);
    expect(r.skipped).toEqual([]);
    expect(r.writes.map((w) => [w.verb, w.name, w.source.id, w.source.line])).toEqual([['create', 'web-1', 'a1', 1], ['delete', 'web-1', 'a2', 2]]);
    expect(r.writes[1]?.object).toEqual(pod('web-1', '100'));
  });

  it('EKS CloudWatch: the Event in `message`, rows of filter-log-events and the {"events": [...]} export', async () => {
    const row = { logStreamName: 'kube-apiserver-audit-0123', timestamp: 1714557600000, message: JSON.stringify(created), ingestionTime: 1714557601000, eventId: '1' };
    const exported = JSON.stringify({ events: [{ ...row, message: JSON.stringify(event({ auditID: 'a3', verb: 'update', stageTimestamp: '2024-05-01T10:00:02Z', responseObject: pod('web-1', '101') })) }] }, null, 2);
    const r = await read([file('eks-rows.json', lines([row])), file('eks-export.json', exported)]);
    expect(r.skipped).toEqual([]);
    expect(r.writes.map((w) => [w.verb, w.resourceVersion, path.basename(w.source.file)])).toEqual([['create', '100', 'eks-rows.json'], ['update', '101', 'eks-export.json']]);
  });

  it('v1beta1 lines read like v1; GKE entries as JSON lines and as a JSON array', async () => {
    const beta = { ...event({ auditID: 'b1' }), apiVersion: 'audit.k8s.io/v1beta1' };
    const gke = (id: string, at: string, method: string, resourceName: string, response?: unknown) => ({
      insertId: id, operation: { id, producer: 'k8s.io', first: true, last: true }, timestamp: at,
      protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'k8s.io', methodName: method, resourceName, authenticationInfo: { principalEmail: 'system:kube-scheduler' }, response },
    });
    const bind = gke('g1', '2024-05-01T10:00:03.000004Z', 'io.k8s.core.v1.pods.binding.create', 'core/v1/namespaces/default/pods/web-1/binding');
    const deploy = gke('g2', '2024-05-01T10:00:04Z', 'io.k8s.apps.v1.deployments.update', 'apps/v1/namespaces/default/deployments/web', { '@type': 'apps.k8s.io/v1.Deployment', apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', resourceVersion: '7' } });
    const r = await read([file('beta.log', lines([beta])), file('gke.jsonl', lines([bind])), file('gke-array.json', JSON.stringify([deploy], null, 1))]);
    expect(r.skipped).toEqual([]);
    expect(r.writes.map((w) => [w.verb, w.subresource, w.kind, w.apiVersion, w.name, w.level])).toEqual([
      ['create', null, 'Pod', 'v1', 'web-1', 'RequestResponse'],
      ['create', 'binding', 'Pod', 'v1', 'web-1', 'Metadata'],
      ['update', null, 'Deployment', 'apps/v1', 'web', 'RequestResponse'],
    ]);
    expect(r.writes[1]?.atMicros).toBe(4);
    expect(r.writes[2]?.object).not.toHaveProperty('@type');
  });

  it('a folder of rotated files, one gzipped, is read in the order of the time inside, not the names', async () => {
    const at = (s: number) => `2024-05-01T10:00:0${s}Z`;
    const write = (id: string, s: number, rv: string) => event({ auditID: id, verb: 'update', stageTimestamp: at(s), responseObject: pod('web-1', rv) });
    file('rot/audit.log', lines([write('r3', 5, '3')]));
    file('rot/audit-2024-05-01T10-00-04.000.log.gz', gzipSync(lines([write('r2', 3, '2'), write('r2b', 4, '2b')])));
    file('rot/audit-2024-05-01T10-00-02.000.log', lines([write('r1', 1, '1')]));
    file('rot/.hidden', 'not an audit log\n');
    const r = await read([path.join(dir, 'rot')]);
    expect(r.skipped).toEqual([]);
    expect(r.writes.map((w) => w.source.id)).toEqual(['r1', 'r2', 'r2b', 'r3']);
    expect(r.writes[1]?.source.file).toMatch(/\.log\.gz$/);
    expect(r.summary.inputs).toBe(3);
  });
});
