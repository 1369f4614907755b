import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import { startLive, waitFor } from './live-fixture.js';

/*
 * The chaos test's live-mode variant: the same kinds of deletions, made over HTTPS by a
 * client at random moments while the session runs at 20x, with namespaces deleted and
 * re-created under their workloads. The session must stay up (every request answered,
 * no refused write escaping a component), and its recording must verify.
 */

const json = (o: unknown) => ({ body: JSON.stringify(o), contentType: 'application/json' });

function workload(ns: string) {
  const labels = { app: 'web' };
  return {
    deployment: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    },
    service: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: labels, ports: [{ port: 80 }] } },
  };
}

/** A small seeded generator (mulberry32): the same requests every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('chaos over HTTP against kubelapse live', () => {
  it('deletions out from under every component never bring the session down; the recording verifies', async () => {
    const l = await startLive({ speed: 20, nodes: 3 });
    try {
      const random = rng(12);
      const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(random() * xs.length)];
      const names = async (p: string): Promise<string[]> => ((await l.request('GET', p)).json?.items ?? []).map((o: { metadata: { name: string } }) => o.metadata.name);
      const create = async (ns: string): Promise<void> => {
        await l.request('POST', '/api/v1/namespaces', json({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }));
        const w = workload(ns);
        await l.request('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, json(w.deployment));
        await l.request('POST', `/api/v1/namespaces/${ns}/services`, json(w.service));
      };
      for (const ns of ['team-a', 'team-b']) await create(ns);
      const statuses = new Map<number, number>();
      for (let i = 0; i < 60; i++) {
        const ns = pick(['team-a', 'team-b']) as string;
        const r = random();
        let status: number;
        if (r < 0.15) status = (await l.request('DELETE', `/api/v1/namespaces/${ns}`)).status;
        else if (r < 0.3) {
          await create(ns);
          status = 201;
        } else {
          const target = pick([
            `/api/v1/namespaces/${ns}/pods`, `/apis/apps/v1/namespaces/${ns}/replicasets`, `/apis/apps/v1/namespaces/${ns}/deployments`,
            `/api/v1/namespaces/${ns}/services`, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, `/api/v1/namespaces/${ns}/events`,
            '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', '/api/v1/nodes',
          ]) as string;
          const victim = pick(await names(target));
          // Nodes are spared the first pass so that there is a cluster left to disturb.
          if (victim === undefined || (target === '/api/v1/nodes' && i < 30)) continue;
          // DeleteOptions in the query: Node's client sends a DELETE body without a length.
          status = (await l.request('DELETE', `${target}/${victim}${random() < 0.3 ? '?gracePeriodSeconds=0' : ''}`)).status;
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(random() * 80)));
      }
      // Every answer was an ordinary one (200, 201, 404 for what went meanwhile): no 4xx for bad requests, no 500s.
      expect([...statuses.keys()].filter((s) => ![200, 201, 404].includes(s))).toEqual([]);
      expect(statuses.get(200)).toBeGreaterThan(10);
      // A namespace deleted last ends gone, its pods with it (5 s grace, 20x: well under the wait).
      await l.request('DELETE', '/api/v1/namespaces/team-a');
      await waitFor('team-a to be gone', async () => ((await l.request('GET', '/api/v1/namespaces/team-a')).status === 404 ? true : undefined), 20_000);
      expect((await l.request('GET', '/api/v1/namespaces/team-a/pods')).json.items).toEqual([]);
      expect((await l.request('GET', '/api/v1/namespaces')).status).toBe(200);
      expect(l.live.session.sim.diagnostics.diagnostics).toEqual([]);
    } finally {
      await l.stop();
    }
    const rec = Recording.open(l.output);
    try {
      expect(rec.meta().complete).toBe('1');
      expect(rec.meta().warnings).toBeUndefined();
      expect(verifyRecording(rec).ok).toBe(true);
      expect(rec.db.prepare("SELECT count(*) FROM events WHERE actor = 'namespace-controller'").pluck().get()).toBeGreaterThan(0);
    } finally {
      rec.close();
    }
  }, 120_000);
});
