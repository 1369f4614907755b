import { describe, expect, it } from 'vitest';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

const EPOCH = Date.parse('2026-01-01T00:00:00Z');
const ms = (ts: string): number => Date.parse(ts) - EPOCH;

describe('acceptance: oom-killed', () => {
  const { result, rows, obj } = recordStory('oom-killed');
  const leaking = rows.find((r) => r.kind === 'Pod' && r.verb === 'create' && obj(r).spec.containers[0].image === 'example/leaky:1.0') as Row;
  const statuses = rows.filter((r) => r.kind === 'Pod' && r.name === leaking.name && r.subresource === 'status');

  it('passes its expectations', () => {
    expect(result.expectations).toHaveLength(2);
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('the leaking container is OOMKilled (exit 137) 22 s into every run: 40Mi + 4Mi/s reaches its 128Mi limit', () => {
    const kills = statuses.filter((r) => r.reason === 'ContainerExited').map((r) => obj(r).status.containerStatuses[0].state.terminated);
    expect(kills.length).toBeGreaterThanOrEqual(5);
    for (const t of kills) {
      expect(t).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
      expect(ms(t.finishedAt) - ms(t.startedAt)).toBe(22_000);
    }
  });

  it('lastState says OOMKilled while the pod waits in CrashLoopBackOff, with the backoff doubling and restarts counted', () => {
    const waits = statuses.filter((r) => r.reason === 'CrashLoopBackOff').map((r) => obj(r).status.containerStatuses[0]);
    expect(waits.map((c) => c.state.waiting.message.match(/^back-off (\S+) /)?.[1])).toEqual(['10s', '20s', '40s', '1m20s']);
    for (const c of waits) {
      expect(c.state.waiting.reason).toBe('CrashLoopBackOff');
      expect(c.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    }
    const restarts = statuses.map((r) => obj(r).status.containerStatuses[0].restartCount);
    expect(Math.max(...restarts)).toBe(4);
    expect(rows.some((r) => r.reason === 'BackOff' && r.message?.startsWith('Back-off restarting failed container app in pod leaky-'))).toBe(true);
  });

  it('the status write of each kill carries the one-line account of it', () => {
    const exits = statuses.filter((r) => r.reason === 'ContainerExited');
    for (const r of exits) expect(r.message).toContain('exited with code 137 (out of memory: 128Mi used of its 128Mi limit, killed by the kernel)');
  });

  it('the fixed pod holds 40Mi and is never killed; its QoS class is Burstable (a request below the limit)', () => {
    const fixed = rows.filter((r) => r.kind === 'Pod' && r.subresource === 'status' && obj(r).spec.containers[0].image === 'example/leaky:1.1');
    expect(fixed.length).toBeGreaterThan(0);
    expect(fixed.every((r) => obj(r).status.containerStatuses[0].restartCount === 0)).toBe(true);
    expect(obj(leaking).status.qosClass).toBe('Burstable');
  });
});
