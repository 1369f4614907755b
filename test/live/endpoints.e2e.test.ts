import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KUBECTL } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';
import { hasPythonClient, runPythonClient } from './python.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- kubectl's JSON */

/*
 * core/v1 Endpoints as users reach them: the real kubectl (get, describe, short name ep,
 * a hand-written one for a Service without a selector) and the official Python client's
 * list_namespaced_endpoints, against `kubelapse live`.
 */


describe.skipIf(!fs.existsSync(KUBECTL))('Endpoints against kubelapse live', () => {
  const s = liveWithKubectl({ speed: 4 });

  it('kubectl get endpoints lists the ready pods as ip:port; describe shows addresses and ports; a hand-written one is kept', async () => {
    expect((await s.ok('create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=8080')).trim()).toBe('deployment.apps/web created');
    expect((await s.ok('expose', 'deployment', 'web', '--port=80', '--target-port=8080')).trim()).toBe('service/web exposed');
    const table = await waitFor('two endpoints', async () => {
      const out = await s.ok('get', 'endpoints', 'web');
      return /^web\s+\S+:8080,\S+:8080\s+\S+$/m.test(out) ? out : undefined;
    }, 60_000);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+ENDPOINTS\s+AGE$/);
    const pods = JSON.parse(await s.ok('get', 'pods', '-l', 'app=web', '-o', 'json')).items.map((p: any) => `${p.status.podIP}:8080`).sort();
    expect((/^web\s+(\S+)/m.exec(table)?.[1] ?? '').split(',').sort()).toEqual(pods);
    // CoreDNS's two pods behind three ports (dns, dns-tcp, metrics): six pairs, three shown.
    await waitFor('CoreDNS ready', async () => (/^kube-dns\s+\S+:53,\S+:53,\S+:53 \+ 3 more\.\.\.\s+\S+$/m.test(await s.ok('get', 'ep', '-n', 'kube-system')) ? true : undefined), 60_000);

    const described = await s.ok('describe', 'endpoints', 'web');
    expect(described).toMatch(/^Name:\s+web$/m);
    expect(described).toMatch(/Annotations:\s+endpoints\.kubernetes\.io\/last-change-trigger-time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(described).toMatch(/^\s+Addresses:\s+\S+,\S+$/m);
    expect(described).toMatch(/^\s+<unset>\s+8080\s+TCP$/m);

    const json = JSON.parse(await s.ok('get', 'endpoints', 'web', '-o', 'json', '--show-managed-fields'));
    expect(json.apiVersion).toBe('v1');
    expect(json.subsets[0].addresses.map((a: any) => a.targetRef.kind)).toEqual(['Pod', 'Pod']);
    // The field manager is the user agent's program, as for every kube-controller-manager
    // controller; the controller's own name is in the user agent's tail and the recording's actor.
    expect(json.metadata.managedFields[0].manager).toBe('kube-controller-manager');

    // A Service without a selector: the user's Endpoints, validated as upstream does.
    const dir = s.l.dir;
    const manifest = path.join(dir, 'db.yaml');
    fs.writeFileSync(manifest, ['apiVersion: v1', 'kind: Service', 'metadata: {name: db}', 'spec: {ports: [{port: 5432}]}', '---', 'apiVersion: v1', 'kind: Endpoints', 'metadata: {name: db}', 'subsets: [{addresses: [{ip: 192.168.10.5}], ports: [{port: 5432}]}]', ''].join('\n'));
    expect((await s.ok('apply', '-f', manifest)).trim().split('\n')).toEqual(['service/db created', 'endpoints/db created']);
    expect(await s.ok('get', 'endpoints', 'db')).toMatch(/^db\s+192\.168\.10\.5:5432\s+\S+$/m);
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, ['apiVersion: v1', 'kind: Endpoints', 'metadata: {name: bad}', 'subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{port: 80}]}]', ''].join('\n'));
    const refused = await s.kubectl('apply', '-f', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)');
  }, 180_000);

  it.skipIf(!hasPythonClient)("the Python client's list_namespaced_endpoints and read_namespaced_endpoints", async () => {
    const ca = path.join(s.l.dir, 'ca.crt');
    fs.writeFileSync(ca, s.l.ca);
    const { code, stdout, stderr } = await runPythonClient('python-endpoints.py', [s.l.url, s.l.token, ca, 'default']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.names).toEqual(['db', 'web']);
    expect(out.web).toHaveLength(1);
    expect(out.web[0].ips).toHaveLength(2);
    expect(out.web[0].targets).toEqual(['Pod', 'Pod']);
    expect(out.web[0].ports).toEqual([[null, 8080, 'TCP']]);
  }, 60_000);
});
