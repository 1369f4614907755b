import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, waitFor, type RunningLive } from './live-fixture.js';

const set = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'web',
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
};

describe('live: apps/v1 statefulsets/scale over HTTPS', () => {
  let l: RunningLive;
  beforeAll(async () => {
    l = await startLive({ speed: 20 });
  });
  afterAll(async () => {
    await l.stop();
  });

  it('GET, PUT and PATCH the Scale as for Deployments; the controller follows with ordered pods and their claims', async () => {
    const base = '/apis/apps/v1/namespaces/default/statefulsets';
    const created = await l.request('POST', base, { body: JSON.stringify(set), contentType: 'application/json' });
    expect(created.status).toBe(201);
    const scale = await l.request('GET', `${base}/web/scale`);
    expect(scale.status).toBe(200);
    expect(scale.json).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1 }, status: { selector: 'app=web' } });
    // The controller may write the set's status between a GET and the PUT (the cluster runs
    // on at 20x): the PUT's resourceVersion is then stale and 409 is upstream's answer; a
    // client reads again and retries, as this does.
    let put = await l.request('PUT', `${base}/web/scale`, { body: JSON.stringify({ ...scale.json, spec: { replicas: 2 } }), contentType: 'application/json' });
    for (let tries = 0; put.status === 409 && tries < 5; tries++) {
      const again = await l.request('GET', `${base}/web/scale`);
      put = await l.request('PUT', `${base}/web/scale`, { body: JSON.stringify({ ...again.json, spec: { replicas: 2 } }), contentType: 'application/json' });
    }
    expect(put.status).toBe(200);
    expect(put.json.spec.replicas).toBe(2);
    const patched = await l.request('PATCH', `${base}/web/scale`, { body: '{"spec":{"replicas":3}}', contentType: 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    expect(patched.json.spec.replicas).toBe(3);
    const bad = await l.request('PATCH', `${base}/web/scale`, { body: '{"spec":{"replicas":-1}}', contentType: 'application/merge-patch+json' });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ kind: 'Status', reason: 'Invalid' });
    const done = await waitFor('three ready replicas', async () => {
      const s = (await l.request('GET', `${base}/web`)).json;
      return s.status?.readyReplicas === 3 ? s : undefined;
    }, 60_000);
    expect(done.metadata.generation).toBe(3);
    const pods = (await l.request('GET', '/api/v1/namespaces/default/pods')).json.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(pods.sort()).toEqual(['web-0', 'web-1', 'web-2']);
    const claims = (await l.request('GET', '/api/v1/namespaces/default/persistentvolumeclaims')).json.items;
    expect(claims.map((c: { metadata: { name: string }; status: { phase: string } }) => [c.metadata.name, c.status.phase])).toEqual([['data-web-0', 'Bound'], ['data-web-1', 'Bound'], ['data-web-2', 'Bound']]);
  });
});
