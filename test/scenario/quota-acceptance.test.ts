import { describe, expect, it } from 'vitest';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: quota', () => {
  const { result, rows, obj, bySeq } = recordStory('quota');
  const rsPods = rows.filter((r) => r.kind === 'Pod' && r.verb === 'create' && r.actor === 'replicaset-controller' && r.namespace === 'default');
  const failed = rows.filter((r) => r.kind === 'Event' && r.reason === 'FailedCreate');
  const raised = rows.find((r) => r.kind === 'ResourceQuota' && r.actor === 'kubectl' && r.verb === 'update') as Row;

  it('passes its expectations: 3 ready at 55 s, 5 at the end', () => {
    expect(result.expectations.map((e) => e.passed)).toEqual([true, true]);
  });

  it('the resourcequota-controller records hard and a used of 0 for the new quota, caused by its create', () => {
    const create = rows.find((r) => r.kind === 'ResourceQuota' && r.verb === 'create') as Row;
    const sync = rows.find((r) => r.kind === 'ResourceQuota' && r.actor === 'resourcequota-controller') as Row;
    expect(sync.cause_seq).toBe(create.seq);
    expect(obj(sync).status).toEqual({
      hard: { 'limits.cpu': '3', 'limits.memory': '2Gi', pods: '3', 'requests.cpu': '1500m', 'requests.memory': '1Gi' },
      used: { 'limits.cpu': '0', 'limits.memory': '0', pods: '0', 'requests.cpu': '0', 'requests.memory': '0' },
    });
  });

  it('three pods are created, each charged to the quota by the API server just before it, with the LimitRange\'s defaults', () => {
    const before = rsPods.filter((r) => r.seq < raised.seq);
    expect(before).toHaveLength(3);
    for (const p of before) {
      const charge = bySeq.get(p.seq - 1) as Row;
      expect(charge).toMatchObject({ kind: 'ResourceQuota', subresource: 'status', actor: 'kube-apiserver', cause_seq: p.cause_seq, reason: 'QuotaCharged' });
      expect(charge.message).toContain(`pod ${p.name} charged to quota compute`);
      expect(obj(p).spec.containers[0].resources).toEqual({ limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '500m', memory: '256Mi' } });
    }
    expect(obj(bySeq.get((before[2] as Row).seq - 1)).status.used).toEqual({ 'limits.cpu': '3', 'limits.memory': '1536Mi', pods: '3', 'requests.cpu': '1500m', 'requests.memory': '768Mi' });
  });

  it('the 4th pod is refused: FailedCreate events from the replicaset-controller carry upstream\'s exceeded quota text, retried with backoff', () => {
    expect(failed.length).toBeGreaterThanOrEqual(10);
    for (const e of failed) {
      expect(e.actor).toBe('replicaset-controller');
      expect(obj(e).type).toBe('Warning');
      // The event correlator folds the 11th similar event on into one, as upstream's does.
      expect(e.message).toMatch(/^(\(combined from similar events\): )?Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: limits\.cpu=1,pods=1,requests\.cpu=500m, used: limits\.cpu=3,pods=3,requests\.cpu=1500m, limited: limits\.cpu=3,pods=3,requests\.cpu=1500m$/);
    }
    expect(failed.filter((e) => e.message?.startsWith('(combined')).length).toBeLessThan(failed.length);
    // The retries spread out: 5 ms doubling, so the last refusal before the raise is tens of seconds after the first.
    const times = failed.map((e) => e.time_ms);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(20_000);
    expect(Math.max(...times)).toBeLessThan(raised.time_ms);
  });

  it('raising the quota: the controller records the new hard limits, and the next retry creates the last two pods', () => {
    const sync = rows.find((r) => r.kind === 'ResourceQuota' && r.actor === 'resourcequota-controller' && r.seq > raised.seq) as Row;
    expect(sync.cause_seq).toBe(raised.seq);
    expect(obj(sync).status.hard.pods).toBe('6');
    const after = rsPods.filter((r) => r.seq > raised.seq);
    expect(after).toHaveLength(2);
    const last = rows.filter((r) => r.kind === 'ResourceQuota').at(-1) as Row;
    expect(obj(last).status.used).toMatchObject({ pods: '5', 'requests.cpu': '2500m', 'requests.memory': '1280Mi' });
    const deploy = obj(rows.filter((r) => r.kind === 'Deployment' && r.name === 'web').at(-1));
    expect(deploy.status).toMatchObject({ replicas: 5, readyReplicas: 5, availableReplicas: 5 });
  });
});
