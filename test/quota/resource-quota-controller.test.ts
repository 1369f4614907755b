import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { RESOURCE_QUOTA_SYNC_PERIOD_MS } from '../../core/controllers/resourcequota/resource-quota-controller.js';
import { cluster, web } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * The resourcequota-controller with every other component running: status.hard follows
 * spec.hard, status.used counts what is there, and usage comes back when pods go away
 * (deleted, or finished) without waiting for the 5-minute resync.
 */
const quota = (hard: Record<string, string>, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'default' }, spec: { hard, ...extra } });
const statusOf = (c: ReturnType<typeof cluster>) => c.sim.api.get('ResourceQuota', 'default', 'compute').status;

describe('resourcequota-controller', () => {
  it('a new quota gets status.hard and used counted from what the namespace already holds, 1 ms later', () => {
    const c = cluster(2);
    c.kubectl.create(web(2));
    c.run(10_000);
    const q = c.kubectl.create(quota({ pods: '10', 'count/deployments.apps': '2', 'count/replicasets.apps': '5', services: '3' }));
    c.run(10_001);
    expect(statusOf(c)).toEqual({ hard: { 'count/deployments.apps': '2', 'count/replicasets.apps': '5', pods: '10', services: '3' }, used: { 'count/deployments.apps': '1', 'count/replicasets.apps': '1', pods: '2', services: '1' } });
    const w = c.writes.find((x) => x.kind === 'ResourceQuota' && x.subresource === 'status');
    expect(w).toMatchObject({ actor: 'resourcequota-controller', causeSeq: Number(q.metadata.resourceVersion), reason: 'QuotaSynced' });
  });

  it('a deleted pod is given back at once (replenishment), caused by the delete', () => {
    const c = cluster(2);
    c.kubectl.create(quota({ pods: '2' }));
    c.run(1_000);
    c.kubectl.create(web(2));
    c.run(15_000);
    expect(statusOf(c).used).toEqual({ pods: '2' });
    c.kubectl.scale('Deployment', 'default', 'web', 1);
    c.run(16_000);
    const back = c.writes.filter((w) => w.kind === 'ResourceQuota' && w.actor === 'resourcequota-controller').at(-1);
    expect(back?.message).toBe('quota compute: pods 2 -> 1 of 2');
    const cause = c.writes.find((w) => w.seq === back?.causeSeq);
    expect(cause).toMatchObject({ kind: 'Pod', verb: 'delete' });
    expect(statusOf(c).used).toEqual({ pods: '1' });
  });

  it('a pod that finishes (Succeeded) stops counting in pods but still counts in count/pods', () => {
    const c = cluster(1);
    c.kubectl.create(quota({ pods: '5', 'count/pods': '5' }));
    c.run(1_000);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'once', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 0'] }] } });
    c.run(2_000);
    expect(statusOf(c).used).toEqual({ 'count/pods': '1', pods: '1' });
    c.run(60_000);
    expect(c.sim.api.get('Pod', 'default', 'once').status.phase).toBe('Succeeded');
    expect(statusOf(c).used).toEqual({ 'count/pods': '1', pods: '0' });
  });

  it('raising spec.hard is copied to status.hard; a status edited by hand is corrected by the 5-minute resync', () => {
    const c = cluster(1);
    c.kubectl.create(quota({ pods: '2' }));
    c.run(1_000);
    c.kubectl.patch('ResourceQuota', 'default', 'compute', { spec: { hard: { pods: '4' } } }, 'merge');
    c.run(1_100);
    expect(statusOf(c)).toEqual({ hard: { pods: '4' }, used: { pods: '0' } });
    c.kubectl.patchStatus('ResourceQuota', 'default', 'compute', { status: { used: { pods: '3' } } }, 'merge');
    c.run(RESOURCE_QUOTA_SYNC_PERIOD_MS - 1);
    expect(statusOf(c).used).toEqual({ pods: '3' });
    c.run(RESOURCE_QUOTA_SYNC_PERIOD_MS + 10);
    expect(statusOf(c).used).toEqual({ pods: '0' });
  });

  it('scopes: a BestEffort quota counts only pods without requests or limits', () => {
    const c = cluster(1);
    c.kubectl.create(quota({ pods: '5' }, { scopes: ['BestEffort'] }));
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'be', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'burst', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } });
    c.run(1_000);
    expect(statusOf(c).used).toEqual({ pods: '1' });
  });
});

describe('replicaset-controller and a quota', () => {
  it('a create refused by the quota is retried with backoff (5 ms doubling) and succeeds once the quota is raised', () => {
    const c = cluster(2);
    c.kubectl.create(quota({ pods: '2' }));
    c.run(100);
    c.kubectl.create(web(3));
    c.run(20_000);
    expect(c.pods('app=web')).toHaveLength(2);
    const failed = c.events('FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.message).toMatch(/^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2$/);
    // Retries keep coming: more refused creates than the first sync's one.
    const refusedCreates = failed.reduce((n, e) => n + Number(e.count ?? 1), 0);
    expect(refusedCreates).toBeGreaterThan(5);
    c.kubectl.patch('ResourceQuota', 'default', 'compute', { spec: { hard: { pods: '3' } } }, 'merge');
    c.run(200_000);
    expect(c.pods('app=web')).toHaveLength(3);
  });
});
