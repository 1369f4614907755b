import { describe, expect, it } from 'vitest';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

const EPOCH = Date.parse('2026-01-01T00:00:00Z');
const ms = (ts: string): number => Date.parse(ts) - EPOCH;

describe('acceptance: job-backoff', () => {
  const { result, rows, obj, bySeq } = recordStory('job-backoff');

  /** Pods of a Job in creation order, and when each one's container finished (from its last status). */
  function attempts(job: string): Array<{ name: string; created: number; finished: number | undefined; exitCode: number | undefined }> {
    const created = rows.filter((r) => r.kind === 'Pod' && r.verb === 'create' && r.actor === 'job-controller' && obj(r).metadata.ownerReferences?.[0]?.name === job);
    return created.map((c) => {
      const last = rows.filter((r) => r.kind === 'Pod' && r.name === c.name && r.subresource === 'status').at(-1) as Row;
      const t = obj(last).status.containerStatuses?.[0]?.state?.terminated;
      return { name: c.name, created: c.time_ms, finished: t === undefined ? undefined : ms(t.finishedAt), exitCode: t?.exitCode };
    });
  }

  it('passes its expectations', () => {
    expect(result.expectations.map((e) => `${e.expectation.label}: ${e.details.join('; ')}`)).toHaveLength(2);
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('batch: its two failed pods are replaced 10 s and then 20 s after they failed (no success in between)', () => {
    const pods = attempts('batch');
    expect(pods).toHaveLength(7);
    const failed = pods.filter((p) => p.exitCode === 1).map((p) => p.finished as number).sort((a, b) => a - b);
    expect(failed).toEqual([6_000, 20_000]);
    const firstSuccess = Math.min(...pods.filter((p) => p.exitCode === 0).map((p) => p.finished as number));
    expect(firstSuccess).toBeGreaterThan(40_000);
    // The pod created after each failure, and how long after it.
    const waits = failed.map((t) => Math.min(...pods.map((p) => p.created).filter((c) => c > t)) - t);
    expect(waits).toEqual([10_000, 20_000]);
  });

  it('batch: never more than parallelism (2) pods running at once, and all 5 completions counted exactly once', () => {
    const live = new Map<string, boolean>();
    let most = 0;
    for (const r of rows) {
      if (r.kind !== 'Pod' || !r.name.startsWith('batch-')) continue;
      const phase = obj(r).status?.phase;
      live.set(r.name, r.verb !== 'delete' && (phase === 'Pending' || phase === 'Running'));
      most = Math.max(most, [...live.values()].filter(Boolean).length);
    }
    expect(most).toBe(2);
    const status = obj(rows.filter((r) => r.kind === 'Job' && r.name === 'batch').at(-1) as Row).status;
    expect(status).toMatchObject({ succeeded: 5, failed: 2, uncountedTerminatedPods: {} });
    expect(status.conditions.map((c: any) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
  });

  it('every pod got the job-tracking finalizer when created and lost it once counted', () => {
    const created = rows.filter((r) => r.kind === 'Pod' && r.verb === 'create' && r.actor === 'job-controller');
    expect(created.length).toBe(10);
    for (const c of created) {
      expect(obj(c).metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
      const last = rows.filter((r) => r.kind === 'Pod' && r.name === c.name).at(-1) as Row;
      expect(obj(last).metadata.finalizers, c.name).toBeUndefined();
    }
  });

  it('flaky: retried 10 s, then 20 s after each failure; the third failure fails it, FailureTarget written before Failed', () => {
    const pods = attempts('flaky');
    expect(pods.map((p) => p.exitCode)).toEqual([1, 1, 1]);
    expect([1, 2].map((i) => (pods[i] as { created: number }).created - ((pods[i - 1] as { finished: number }).finished))).toEqual([10_000, 20_000]);
    const writes = rows.filter((r) => r.kind === 'Job' && r.name === 'flaky' && r.subresource === 'status');
    const target = writes.findIndex((r) => obj(r).status.conditions?.some((c: any) => c.type === 'FailureTarget'));
    const failed = writes.findIndex((r) => obj(r).status.conditions?.some((c: any) => c.type === 'Failed'));
    expect(target).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(target);
    const cond = obj(writes[failed] as Row).status.conditions.find((c: any) => c.type === 'Failed');
    expect(cond).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    const warning = rows.find((r) => r.kind === 'Event' && r.reason === 'BackoffLimitExceeded') as Row;
    expect(obj(warning)).toMatchObject({ type: 'Warning', source: { component: 'job-controller' }, involvedObject: { kind: 'Job', name: 'flaky' } });
  });

  it('the Failed condition\'s chain of causes leads back through the failed pod to the kubectl apply', () => {
    const failedWrite = rows.find((r) => r.kind === 'Job' && r.name === 'flaky' && r.reason === 'JobFailed') as Row;
      const chain: Row[] = [];
    for (let r: Row | undefined = failedWrite; r !== undefined; r = r.cause_seq === null ? undefined : bySeq.get(r.cause_seq)) chain.push(r);
    expect(chain.some((r) => r.kind === 'Pod' && r.actor.startsWith('kubelet/') && r.reason === 'ContainerExited')).toBe(true);
    expect(chain.at(-1)?.actor).toBe('kubectl');
  });
});
