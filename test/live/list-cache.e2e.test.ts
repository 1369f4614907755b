import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import * as k8s from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveWithKubectl } from './live-fixture.js';
import { runAsync } from './kubectl-runner.js';

/*
 * Large LISTs: served from a cached body until the kind is written again, and gzip'd
 * above 128 KiB for clients that accept it, as kube-apiserver does. 60 ConfigMaps of
 * ~4 KB make a ~250 KB list, as ~50 pods would.
 */

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const PYTHON = '/usr/bin/python3';
const hasPython = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import kubernetes'], { encoding: 'utf8' }).status === 0;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('large LISTs: cached between writes, gzip above 128 KiB', () => {
  const k = liveWithKubectl({ nodes: 2 });
  const raw = (urlPath: string, headers: Record<string, string> = {}): Promise<Raw> =>
    new Promise((resolve, reject) => {
      const req = https.request(new URL(urlPath, k.l.url), { ca: k.l.ca, headers: { Authorization: `Bearer ${k.l.token}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  const configMap = (i: number): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(3, '0')}` }, data: { blob: `${i}`.repeat(4000 / String(i).length) } });

  beforeAll(async () => {
    for (let i = 0; i < 60; i++) expect((await k.l.request('POST', '/api/v1/namespaces/default/configmaps', { body: configMap(i), contentType: 'application/json' })).status).toBe(201);
  }, 60_000);

  it('gzips a list over 128 KiB for a client that accepts it, and the text is the same as uncompressed', async () => {
    const plain = await raw('/api/v1/namespaces/default/configmaps');
    const gz = await raw('/api/v1/namespaces/default/configmaps', { 'Accept-Encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(128 * 1024);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(plain.body.length / 4);
    const unzipped = JSON.parse(zlib.gunzipSync(gz.body).toString('utf8'));
    const text = JSON.parse(plain.body.toString('utf8'));
    // Same items; the resourceVersion may have moved on (leases renew between the two requests).
    expect(unzipped.items).toEqual(text.items);
    expect(Number(unzipped.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(text.metadata.resourceVersion));
    // A small one (one object) is not compressed, whatever the client accepts.
    const small = await raw('/api/v1/namespaces/default/configmaps/cm-001', { 'Accept-Encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    // Tables too (kubectl get's request; with whole objects, as `-o yaml` on a Table asks, it is over 128 KiB).
    const table = await raw('/api/v1/namespaces/default/configmaps?includeObject=Object', { 'Accept-Encoding': 'gzip', Accept: TABLE });
    expect(table.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(table.body).toString('utf8')).rows).toHaveLength(61); // + kube-root-ca.crt
  });

  it('a repeated list shows every write made since, and a resourceVersion no older than the last write of any kind', async () => {
    const list = async (): Promise<{ names: string[]; rv: number; blob: string }> => {
      const r = await raw('/api/v1/namespaces/default/configmaps', { 'Accept-Encoding': 'gzip' });
      const j = JSON.parse(zlib.gunzipSync(r.body).toString('utf8'));
      return { names: j.items.map((c: any) => c.metadata.name), rv: Number(j.metadata.resourceVersion), blob: j.items.find((c: any) => c.metadata.name === 'cm-007').data.blob };
    };
    const first = await list();
    expect(first.names).toContain('cm-059');
    // Another kind written: the configmaps' body can stay, but the list's resourceVersion is the newest.
    const secret = await k.l.request('POST', '/api/v1/namespaces/default/secrets', { body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }), contentType: 'application/json' });
    const again = await list();
    expect(again.names).toEqual(first.names);
    expect(again.rv).toBeGreaterThanOrEqual(Number(secret.json.metadata.resourceVersion));
    // A created, a changed and a deleted ConfigMap all show in the next list.
    await k.l.request('POST', '/api/v1/namespaces/default/configmaps', { body: configMap(60), contentType: 'application/json' });
    await k.l.request('PATCH', '/api/v1/namespaces/default/configmaps/cm-007', { body: JSON.stringify({ data: { blob: 'changed' } }), contentType: 'application/merge-patch+json' });
    expect((await k.l.request('DELETE', '/api/v1/namespaces/default/configmaps/cm-003')).status).toBe(200);
    const after = await list();
    expect(after.names).toContain('cm-060');
    expect(after.names).not.toContain('cm-003');
    expect(after.blob).toBe('changed');
    expect(after.names).toEqual([...after.names].sort());
  });

  it('pages (limit + continue) cover every object once, in order, twice in a row', async () => {
    for (let round = 0; round < 2; round++) {
      const seen: string[] = [];
      let cont = '';
      do {
        const r = await raw(`/api/v1/namespaces/default/configmaps?limit=25${cont ? `&continue=${cont}` : ''}`, { 'Accept-Encoding': 'gzip' });
        const body = r.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(r.body) : r.body;
        const j = JSON.parse(body.toString('utf8'));
        seen.push(...j.items.map((c: any) => c.metadata.name));
        cont = j.metadata.continue ?? '';
      } while (cont !== '');
      expect(seen).toEqual([...new Set(seen)].sort());
      expect(seen).toHaveLength(61); // 60 + cm-060 - cm-003 + kube-root-ca.crt
    }
  });

  it('kubectl (gzip through Go) lists them as JSON, by name and as a table, in pages and whole', async () => {
    const names = JSON.parse(await k.ok('get', 'configmaps', '-o', 'json')).items.map((c: any) => c.metadata.name);
    expect(names).toHaveLength(61);
    expect((await k.ok('get', 'configmaps', '-o', 'name', '--chunk-size=20')).trim().split('\n')).toEqual(names.map((n: string) => `configmap/${n}`));
    const table = (await k.ok('get', 'configmaps', '--chunk-size=0')).trim().split('\n');
    expect(table[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(table).toHaveLength(62);
  });

  it('@kubernetes/client-node lists them (its fetch accepts gzip)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(k.kubeconfig);
    const list = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedConfigMap({ namespace: 'default' });
    expect(list.items).toHaveLength(61);
    expect(list.items.find((c) => c.metadata?.name === 'cm-010')?.data?.blob).toHaveLength(4000);
  });

  it.skipIf(!hasPython)('the Python client lists them, asking for gzip', async () => {
    const script = [
      'import sys, kubernetes',
      'c = kubernetes.client.Configuration(); c.host = sys.argv[1]; c.api_key = {"authorization": "Bearer " + sys.argv[2]}; c.ssl_ca_cert = sys.argv[3]',
      'api = kubernetes.client.ApiClient(c); api.set_default_header("Accept-Encoding", "gzip")',
      'items = kubernetes.client.CoreV1Api(api).list_namespaced_config_map("default").items',
      'print(len(items), len(items[10].data["blob"]))',
    ].join('\n');
    const ca = path.join(k.l.dir, 'ca.crt');
    fs.writeFileSync(ca, k.l.ca);
    const r = await runAsync(PYTHON, ['-c', script, k.l.url, k.l.token, ca], process.env);
    expect(r.err).toBe('');
    expect(r.out.trim()).toBe('61 4000');
  });
});
