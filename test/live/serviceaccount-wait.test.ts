import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servingCertificate } from '../../core/live/certificate.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { LiveServer } from '../../core/live/live-server.js';
import { Recording } from '../../core/record/recording.js';
import { httpsRequest, type Reply } from './https-request.js';

/*
 * Upstream's ServiceAccount plugin looks for a namespace's `default` account up to ten
 * times, 100-199 ms apart, so `kubectl apply` of a Namespace and a Pod works although the
 * serviceaccount controller creates the account only after it sees the namespace. The
 * live server waits the same way, in cluster time. Here the test holds the clock: the
 * two requests come in the same cluster millisecond, before the controller has run.
 */
describe('live: a pod in a namespace created at that instant waits for its default ServiceAccount', () => {
  let live: LiveServer;
  let cert: string;
  let output: string;
  const token = 'test-token-0123456789';
  const request = (method: string, p: string, body: object): Promise<Reply> => {
    const u = new URL(p, live.url);
    return httpsRequest({ method, path: u.pathname, port: Number(u.port), headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ca: cert, body: JSON.stringify(body) });
  };

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-sa-wait-'));
    output = path.join(dir, 'sa-wait.db');
    const tls = await servingCertificate('2026-11-22T00:00:00Z');
    cert = tls.cert;
    live = new LiveServer({ scenario: emptyScenario({ dir, name: 'sa-wait', title: 'sa wait', nodes: 1 }), output, epoch: '2026-11-22T10:00:00Z', token, host: '127.0.0.1', port: 0, tls });
    // The test's hand: time moves only when the test advances it.
    await live.listen({ sync: () => {}, poke: () => {} });
  });
  afterAll(async () => live?.close(1_000));

  it('the pod is created on the plugin\'s second look, 100 ms later, after the controller made the account', async () => {
    expect((await request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })).status).toBe(201);
    const pending = request('POST', '/api/v1/namespaces/team-a/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    await new Promise((r) => setTimeout(r, 200));
    expect(live.session.sim.api.tryGet('Pod', 'team-a', 'p')).toBeUndefined(); // still waiting, at 0 ms
    live.advance(99, Number.POSITIVE_INFINITY);
    await new Promise((r) => setTimeout(r, 50));
    expect(live.session.sim.api.tryGet('ServiceAccount', 'team-a', 'default')).toBeDefined();
    expect(live.session.sim.api.tryGet('Pod', 'team-a', 'p')).toBeUndefined();
    live.advance(100, Number.POSITIVE_INFINITY);
    const pod = await pending;
    expect(pod.status, JSON.stringify(pod.json)).toBe(201);
    expect(pod.json.spec.serviceAccountName).toBe('default');
    live.session.recorder.flush();
    const rec = Recording.open(output);
    const rows = rec.db.prepare("SELECT kind, actor, time_ms FROM events WHERE namespace = 'team-a' ORDER BY seq").all() as Array<{ kind: string; actor: string; time_ms: number }>;
    rec.close();
    expect(rows.map((r) => [r.kind, r.time_ms])).toEqual([
      ['ServiceAccount', 1],
      ['ConfigMap', 1],
      ['Pod', 100],
    ]);
    expect(rows[0]?.actor).toBe('serviceaccount-controller');
  }, 30_000);

  it('an account other than default is looked up once: refused at once with upstream\'s message', async () => {
    const r = await request('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'q' }, spec: { serviceAccountName: 'robot', containers: [{ name: 'c', image: 'nginx' }] } });
    expect(r.status).toBe(403);
    expect(r.json.message).toBe('pods "q" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
  }, 30_000);
});
