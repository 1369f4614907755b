import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCommand } from '../../core/cli/commands/import.js';
import { cli, sqlite, tmpDir } from '../helpers.js';
import { event, REAL_AUDIT } from './audit-helpers.js';

/** The real samples through `kubelapse import` with the audit reader: a recording a reviewer can check. */
describe('kubelapse import of real audit logs', () => {
  const dir = tmpDir();

  it('the KHI pod fragment: who wrote what, from which file, at which level, and it verifies', async () => {
    const output = path.join(dir, 'khi.db');
    const files = ['1_1', '1_2', '1_3'].map((n) => path.join(REAL_AUDIT, `khi-container_recorder_test_${n}.yaml`));
    const lines: string[] = [];
    expect(await importCommand(files, { output }, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/^imported 3 writes \(2 partial\); .* start 2024-01-01T01:00:00\.000Z -> /);
    expect(sqlite(output, "SELECT seq, actor, verb, subresource, kind, name FROM events ORDER BY seq").trim().split('\n')).toEqual([
      '1|replicaset-controller|create||Pod|nginx-deployment-surge-8655b4b8c5-xf5f4',
      '2|kubelet/gke-sample-cluster-default-abcdefgh-abcd|update|status|Pod|nginx-deployment-surge-8655b4b8c5-xf5f4',
      '3|kubelet/gke-sample-cluster-default-abcdefgh-abcd|update|status|Pod|nginx-deployment-surge-8655b4b8c5-xf5f4',
    ]);
    const provenance = sqlite(output, 'SELECT seq, file, line, level, partial FROM provenance ORDER BY seq').trim().split('\n');
    expect(provenance).toEqual(files.map((f, i) => `${i + 1}|${f}|1|${i === 0 ? 'RequestResponse|0' : 'Request|1'}`));
    const ready = sqlite(output, "SELECT json_extract(value, '$.status') || ' ' || json_extract(value, '$.reason') FROM events, json_each(events.object, '$.status.conditions') WHERE seq = 2 AND json_extract(value, '$.type') = 'Ready'").trim();
    expect(ready).toBe('False ContainersNotReady');
    expect(cli(['verify', output]).code).toBe(0);
  });

  it("an Event written with kube-controller-manager's shared credentials is its reporter's; a per-controller user stays as logged", async () => {
    const log = path.join(dir, 'events.log');
    const ev = (name: string, component: string, user: string) => {
      const object = { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, involvedObject: { kind: 'ReplicaSet', name: 'web-1' }, reason: 'SuccessfulCreate', message: 'Created pod', source: { component } };
      return event({ auditID: name, user: { username: user }, userAgent: 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/70d3cc9', requestURI: '/api/v1/namespaces/default/events', objectRef: { resource: 'events', namespace: 'default', name, apiVersion: 'v1' }, requestObject: object, responseObject: object });
    };
    fs.writeFileSync(log, [ev('a.1', 'replicaset-controller', 'system:kube-controller-manager'), ev('b.2', 'deployment-controller', 'system:serviceaccount:kube-system:replicaset-controller')].map((l) => JSON.stringify(l)).join('\n') + '\n');
    const output = path.join(dir, 'events.db');
    expect(await importCommand([log], { output }, () => {})).toBe(0);
    expect(sqlite(output, 'SELECT actor, name FROM events ORDER BY seq').trim().split('\n')).toEqual(['replicaset-controller|a.1', 'replicaset-controller|b.2']);
  });
});
