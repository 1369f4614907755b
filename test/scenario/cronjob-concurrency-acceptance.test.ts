import { describe, expect, it } from 'vitest';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

/** 2026-01-01T00:00:00Z, the scenario's epoch, is minute 29,453,760 since 1970. */
const EPOCH_MINUTE = 29_453_760;

describe('acceptance: cronjob-concurrency', () => {
  const { result, rows, obj } = recordStory('cronjob-concurrency');
  const created = rows.filter((r) => r.kind === 'Job' && r.verb === 'create' && r.actor === 'cronjob-controller');
  const deleted = rows.filter((r) => r.kind === 'Job' && r.verb === 'delete' && r.actor === 'cronjob-controller');

  it('passes its expectations', () => {
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('each Job is named after its scheduled minute, created 100 ms after it, and says when it was scheduled', () => {
    expect(created.length).toBe(5);
    for (const r of created) {
      const minute = Number(r.name.replace('report-', '')) - EPOCH_MINUTE;
      expect(r.time_ms, r.name).toBe(minute * 60_000 + 100);
      const stamp = obj(r).metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'];
      expect(stamp).toBe(`2026-01-01T00:0${minute}:00Z`);
      expect(obj(r).metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'report', controller: true });
    }
  });

  it('Forbid: the 00:02 and 00:03 runs are skipped while 00:01 still runs (JobAlreadyActive), and not made up afterwards', () => {
    const minutes = created.map((r) => Number(r.name.replace('report-', '')) - EPOCH_MINUTE);
    expect(minutes).toEqual([1, 4, 5, 6, 7]);
    const skipped = rows.filter((r) => r.kind === 'Event' && r.reason === 'JobAlreadyActive').map((r) => [r.time_ms, obj(r).count]);
    expect(skipped).toEqual([[120_100, 1], [180_100, 2]]);
    const first = rows.filter((r) => r.kind === 'Job' && r.name === 'report-29453761').at(-1) as Row;
    const done = obj(first).status.conditions.find((c: any) => c.type === 'Complete');
    expect(Date.parse(done.lastTransitionTime) - Date.parse('2026-01-01T00:00:00Z')).toBeGreaterThan(180_000);
  });

  it('Replace: from 00:05 each tick deletes the running Job before creating the next, one Job active at a time', () => {
    expect(deleted.map((r) => [r.name, r.time_ms])).toEqual([['report-29453764', 300_100], ['report-29453765', 360_100], ['report-29453766', 420_100]]);
    for (const d of deleted) {
      const next = created.find((c) => c.time_ms === d.time_ms) as Row;
      expect(next.seq).toBeGreaterThan(d.seq);
    }
    for (const r of rows.filter((x) => x.kind === 'CronJob' && x.subresource === 'status')) expect((obj(r).status.active ?? []).length).toBeLessThanOrEqual(1);
    expect(rows.filter((r) => r.kind === 'Event' && r.reason === 'SuccessfulDelete' && obj(r).involvedObject.kind === 'CronJob').map((r) => obj(r).message)).toEqual([
      'Deleted job report-29453764',
      'Deleted job report-29453765',
      'Deleted job report-29453766',
    ]);
  });

  it('the replaced Jobs\' pods are deleted after them by the garbage collector', () => {
    for (const d of deleted) {
      const podDeletes = rows.filter((r) => r.kind === 'Pod' && r.name.startsWith(`${d.name}-`) && r.actor === 'garbage-collector');
      expect(podDeletes.length, d.name).toBeGreaterThan(0);
      expect((podDeletes[0] as Row).seq).toBeGreaterThan(d.seq);
      // Its process (`sh -c "...; sleep 150"`, PID 1 without a trap) ignores SIGTERM: the
      // kubelet removes the pod only after the 30 s grace period and SIGKILL, so the last
      // replaced run's pod (marked at 7:00.1) is still Terminating when the story ends at 7:30.
      const gone = rows.find((r) => r.kind === 'Pod' && r.name.startsWith(`${d.name}-`) && r.verb === 'delete');
      const marked = (podDeletes[0] as Row).time_ms;
      if (marked + 31_000 < (rows[rows.length - 1] as Row).time_ms) expect((gone?.time_ms ?? 0) - marked, d.name).toBeGreaterThanOrEqual(30_000);
      else expect(gone, d.name).toBeUndefined();
    }
    expect(deleted.length).toBe(3);
  });

  it('the first Replace comes from the kubectl patch: the chain of causes shows it', () => {
    const replace = created.find((r) => r.time_ms === 300_100) as Row;
    const cause = rows.find((r) => r.seq === replace.cause_seq) as Row;
    expect(cause).toMatchObject({ actor: 'kubectl', kind: 'CronJob', verb: 'update' });
    expect(obj(cause).spec.concurrencyPolicy).toBe('Replace');
  });
});
