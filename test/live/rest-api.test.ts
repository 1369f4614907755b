import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { startLive, waitFor, type RunningLive } from './live-fixture.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const pod = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } });

/** Reads a watch stream for `ms` of wall time and returns its events. */
function watchFor(l: RunningLive, urlPath: string, ms: number): Promise<{ status: number; events: any[] }> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(urlPath, l.url), { headers: { Authorization: `Bearer ${l.token}` }, ca: l.ca }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => (buf += c.toString('utf8')));
      const done = () => resolve({ status: res.statusCode ?? 0, events: buf.split('\n').filter((s) => s.trim() !== '').map((s) => JSON.parse(s)) });
      res.on('end', done);
      setTimeout(() => {
        req.destroy();
        done();
      }, ms);
    });
    req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
}

describe('live API server over HTTPS', () => {
  let l: RunningLive;
  beforeAll(async () => {
    l = await startLive({ watchHistory: 40 });
  });
  afterAll(async () => {
    await l.stop();
  });

  it('answers 401 with a Status without the bearer token, or with a wrong one; /version is open to anonymous requests only', async () => {
    const none = await l.request('GET', '/api/v1/pods', { token: null });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    expect((await l.request('GET', '/api/v1/pods', { token: 'wrong' })).status).toBe(401);
    const version = await l.request('GET', '/version', { token: null });
    expect(version.status).toBe(200);
    expect(version.json).toMatchObject({ major: '1', minor: '32' });
    expect((await l.request('GET', '/version', { token: 'wrong' })).status).toBe(401);
  });

  it('refuses malformed JSON, unknown kinds, wrong content types and oversized bodies with Status errors, and keeps serving', async () => {
    const malformed = await l.request('POST', '/api/v1/namespaces/default/pods', { body: '{"kind": "Pod", ', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect(malformed.json.message).toMatch(/json parse error/);

    const unknownKind = await l.request('POST', '/apis/example.com/v1/namespaces/default/widgets', { body: '{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"w"}}', contentType: 'application/json' });
    expect(unknownKind.status).toBe(404);
    expect(unknownKind.json).toMatchObject({ kind: 'Status', reason: 'NotFound' });

    const otherKind = await l.request('POST', '/api/v1/namespaces/default/pods', { body: '{"kind":"Service","apiVersion":"v1","metadata":{"name":"s"}}', contentType: 'application/json' });
    expect(otherKind.status).toBe(400);
    expect(otherKind.json.message).toContain('cannot be handled as a Pod');

    const text = await l.request('POST', '/api/v1/namespaces/default/pods', { body: pod('x'), contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.json).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
    expect(text.json.message).toContain('text/plain');

    // Server-side apply needs a fieldManager; force is for apply patches only (ValidatePatchOptions).
    const ssa = await l.request('PATCH', '/api/v1/nodes/node-1', { body: 'spec: {}', contentType: 'application/apply-patch+yaml' });
    expect(ssa.status).toBe(422);
    expect(ssa.json).toMatchObject({ reason: 'Invalid', message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
    const forced = await l.request('PATCH', '/api/v1/nodes/node-1?force=true', { body: '{}', contentType: 'application/merge-patch+json' });
    expect(forced.status).toBe(422);
    expect(forced.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: "1"\n';
    const created = await l.request('PATCH', '/api/v1/namespaces/default/configmaps/applied?fieldManager=curl', { body: cm, contentType: 'application/apply-patch+yaml' });
    expect(created.status).toBe(201);
    expect(created.json.metadata.managedFields).toMatchObject([{ manager: 'curl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }]);
    const again = await l.request('PATCH', '/api/v1/namespaces/default/configmaps/applied?fieldManager=curl', { body: cm.replace('"1"', '"2"'), contentType: 'application/apply-patch+yaml' });
    expect(again.status).toBe(200);
    expect(again.json.data).toEqual({ a: '2' });

    const big = await l.request('POST', '/api/v1/namespaces/default/pods', { body: Buffer.alloc(3 * 1024 * 1024 + 1, 0x20), contentType: 'application/json' });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' });

    const badProto = await l.request('POST', '/api/v1/namespaces/default/pods', { body: Buffer.from('not protobuf'), contentType: 'application/vnd.kubernetes.protobuf' });
    expect(badProto.status).toBe(400);
    expect(badProto.json.message).toContain('protobuf');

    const invalid = await l.request('POST', '/api/v1/namespaces/default/pods', { body: JSON.stringify({ metadata: { name: 'Bad_Name' }, spec: { containers: [] } }), contentType: 'application/json' });
    expect(invalid.status).toBe(422);
    expect(invalid.json).toMatchObject({ reason: 'Invalid', details: { name: 'Bad_Name', kind: 'Pod' } });

    expect((await l.request('PUT', '/api/v1/namespaces/default/pods', { body: pod('y'), contentType: 'application/json' })).status).toBe(405);
    expect((await l.request('GET', '/api/v2/pods')).status).toBe(404);
    expect((await l.request('GET', '/api/v1/namespaces/%E0%A4%A/pods')).json).toMatchObject({ code: 400, reason: 'BadRequest' });
    const missing = await l.request('GET', '/api/v1/namespaces/default/pods/nope');
    expect(missing.json).toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });

    // Still serving, and nothing refused was recorded.
    const nodes = await l.request('GET', '/api/v1/nodes');
    expect(nodes.status).toBe(200);
    expect(nodes.json.items.map((n: any) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    l.live.session.recorder.flush();
    const rec = Recording.open(l.output);
    expect(rec.db.prepare("SELECT count(*) FROM events WHERE actor NOT IN ('kube-apiserver') AND kind = 'Pod' AND namespace = 'default'").pluck().get()).toBe(0);
    rec.close();
  });

  it('serves discovery for the modeled groups, with the scale and eviction subresources kubectl looks for', async () => {
    expect((await l.request('GET', '/api')).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await l.request('GET', '/apis')).json.groups.map((g: any) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'policy', 'discovery.k8s.io', 'coordination.k8s.io', 'autoscaling']));
    const core = (await l.request('GET', '/api/v1')).json.resources;
    expect(core.find((r: any) => r.name === 'pods')).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(core.find((r: any) => r.name === 'pods/eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction' });
    const apps = (await l.request('GET', '/apis/apps/v1')).json.resources;
    expect(apps.find((r: any) => r.name === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    const v3 = (await l.request('GET', '/openapi/v3')).json.paths;
    expect(Object.keys(v3)).toContain('apis/apps/v1');
    const doc = (await l.request('GET', v3['apis/apps/v1'].serverRelativeURL)).json;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
  });

  it('serves HorizontalPodAutoscalers in autoscaling/v1 too, converted to and from the stored v2', async () => {
    const groups = (await l.request('GET', '/apis/autoscaling')).json;
    expect(groups.versions.map((v: any) => v.version)).toEqual(['v2', 'v1']);
    expect(groups.preferredVersion.version).toBe('v2');
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 } };
    const created = await l.request('POST', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers', { body: JSON.stringify(v1), contentType: 'application/json' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 } });
    const stored = (await l.request('GET', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web')).json;
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    expect(stored.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    // A v1 merge patch changes the target; what v1 cannot say (behavior) is kept.
    const patched = await l.request('PATCH', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web', { body: '{"spec":{"targetCPUUtilizationPercentage":75}}', contentType: 'application/merge-patch+json' });
    expect(patched.json.spec.targetCPUUtilizationPercentage).toBe(75);
    const after = (await l.request('GET', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web')).json;
    expect(after.spec.metrics[0].resource.target.averageUtilization).toBe(75);
    expect(after.spec.behavior).toEqual(stored.spec.behavior);
    const list = (await l.request('GET', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers')).json;
    expect(list).toMatchObject({ kind: 'HorizontalPodAutoscalerList', apiVersion: 'autoscaling/v1' });
    expect(list.items[0]).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 75 } });
    expect((await l.request('DELETE', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web')).json).toMatchObject({ status: 'Success', details: { name: 'web', group: 'autoscaling', kind: 'horizontalpodautoscalers' } });
  });

  it('prints tables server-side with the columns of a real cluster', async () => {
    const nodes = (await l.request('GET', '/api/v1/nodes', { accept: TABLE })).json;
    expect(nodes.kind).toBe('Table');
    expect(nodes.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(nodes.rows[0].cells.slice(0, 3)).toEqual(['node-1', 'Ready', '<none>']);
    expect(nodes.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'node-1' } });
    const pods = (await l.request('GET', '/api/v1/namespaces/default/pods', { accept: TABLE })).json;
    expect(pods.columnDefinitions.map((c: any) => [c.name, c.priority])).toEqual([
      ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
    ]);
    const rs = (await l.request('GET', '/apis/apps/v1/replicasets', { accept: TABLE })).json;
    expect(rs.columnDefinitions.slice(0, 5).map((c: any) => `${c.name}:${c.type}`)).toEqual(['Name:string', 'Desired:integer', 'Current:integer', 'Ready:integer', 'Age:string']);
  });

  it('pages lists with limit and continue', async () => {
    for (const n of ['a', 'b', 'c', 'd', 'e']) {
      expect((await l.request('POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: `page-${n}` } }), contentType: 'application/json' })).status).toBe(201);
    }
    const names: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const page = (await l.request('GET', `/api/v1/namespaces?limit=3${cont ? `&continue=${cont}` : ''}`)).json;
      names.push(...page.items.map((i: any) => i.metadata.name));
      cont = page.metadata.continue ?? '';
      pages++;
    } while (cont !== '');
    expect(pages).toBe(3); // 4 bootstrap namespaces + 5 = 9 = 3 + 3 + 3
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(9);
  });

  it('resumes a watch from a resourceVersion, and answers one that fell out of the window with a 410 Expired ERROR event', async () => {
    const created = (await l.request('POST', '/api/v1/namespaces/default/pods', { body: pod('first'), contentType: 'application/json' })).json;
    const rv = Number(created.metadata.resourceVersion);
    const resumed = watchFor(l, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dsecond`, 1500);
    await new Promise((r) => setTimeout(r, 200));
    await l.request('POST', '/api/v1/namespaces/default/pods', { body: pod('second'), contentType: 'application/json' });
    const events = (await resumed).events;
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'second' } } });
    expect(events.every((e) => e.object.metadata.name === 'second')).toBe(true);

    // 40 changes kept: 60 namespace writes push the first pod's revision out.
    for (let i = 0; i < 60; i++) await l.request('POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: `churn-${i}` } }), contentType: 'application/json' });
    const expired = await watchFor(l, `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`, 1000);
    expect(expired.status).toBe(200);
    expect(expired.events).toHaveLength(1);
    expect(expired.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(expired.events[0].object.message).toMatch(/too old resource version/);

    // A selector kubectl could not mean is refused before any stream starts.
    const bad = await l.request('GET', '/api/v1/pods?watch=1&fieldSelector=spec.color%3Dred');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: spec.color' });
    await waitFor('the watches above to be closed', () => (l.live.watchCount === 0 ? true : undefined));
  });

  it('feeds an informer of @kubernetes/client-node (list, then watch)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'live', server: l.url, caData: Buffer.from(l.ca).toString('base64'), skipTLSVerify: false }],
      users: [{ name: 'live', token: l.token }],
      contexts: [{ name: 'live', cluster: 'live', user: 'live' }],
      currentContext: 'live',
    });
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on('add', (p) => added.push(p.metadata?.name ?? ''));
    informer.on('delete', (p) => deleted.push(p.metadata?.name ?? ''));
    await informer.start();
    try {
      await waitFor('the listed pods', () => (added.includes('first') ? true : undefined));
      await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'from-client-node' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } });
      await waitFor('the watched ADDED', () => (added.includes('from-client-node') ? true : undefined));
      await core.deleteNamespacedPod({ namespace: 'default', name: 'from-client-node', gracePeriodSeconds: 0 });
      await waitFor('the watched DELETED', () => (deleted.includes('from-client-node') ? true : undefined));
    } finally {
      await informer.stop();
    }
    expect(informer.list('default').map((p) => p.metadata?.name)).not.toContain('from-client-node');
  });
});
