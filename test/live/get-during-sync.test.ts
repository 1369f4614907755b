import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { servingCertificate } from '../../core/live/certificate.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { LiveServer } from '../../core/live/live-server.js';
import { httpsRequest } from './https-request.js';

/*
 * A GET that arrives while a ReplicaSet creates its pods is answered between two
 * slow-start batches (live mode's stepwise sync): the client sees some of the 100 pods
 * and the ReplicaSet's status not yet written, rather than waiting for the whole sync,
 * which at 10,000 pods held every request for 0.4-2.8 s. The test is the pacer here: it
 * runs one task per advance (a budget of 0), and once the first pod exists it asks over
 * HTTPS and waits for the answer before running anything more.
 */
describe('live: a GET during a long ReplicaSet sync', () => {
  it('is answered before the sync\'s last batch, and the sync then completes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-getsync-'));
    const tls = await servingCertificate('2026-11-22T00:00:00Z');
    const live = new LiveServer({ scenario: emptyScenario({ dir, name: 'getsync', title: 'getsync', nodes: 2 }), output: path.join(dir, 'getsync.db'), epoch: '2026-11-22T10:00:00Z', token: 't', host: '127.0.0.1', port: 0, tls, advanceBudgetMs: 0 });
    await live.listen({ sync: () => {}, poke: () => {} });
    const api = live.session.sim.api;
    api.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 100, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } } }, { actor: 'kubectl' });
    const count = (): number => api.list('Pod', { namespace: 'default', labelSelector: 'app=web' }).items.length;
    let calls = 0;
    while (count() === 0 && calls++ < 10_000) live.advance(10_000);
    const port = Number(new URL(live.url).port);
    const reply = await httpsRequest({ method: 'GET', path: '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb', port, headers: { Authorization: 'Bearer t', Accept: 'application/json' }, ca: tls.cert });
    const rsThen = await httpsRequest({ method: 'GET', path: '/apis/apps/v1/namespaces/default/replicasets/web', port, headers: { Authorization: 'Bearer t', Accept: 'application/json' }, ca: tls.cert });
    while ((api.get('ReplicaSet', 'default', 'web').status?.replicas ?? 0) < 100 && calls++ < 100_000) live.advance(10_000);
    const final = count();
    await live.close(live.session.now());
    fs.rmSync(dir, { recursive: true, force: true });
    expect(reply.status).toBe(200);
    // The first batch (1 pod), maybe a few more: never all 100.
    expect(reply.json.items.length).toBeGreaterThanOrEqual(1);
    expect(reply.json.items.length).toBeLessThan(100);
    expect(rsThen.json.status?.replicas).toBeUndefined();
    expect(final).toBe(100);
  }, 60_000);
});
