import { describe, expect, it } from 'vitest';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: node-pressure', () => {
  const { result, rows, obj } = recordStory('node-pressure');
  const evictions = rows.filter((r) => r.kind === 'Pod' && r.reason === 'PodEvicted');
  const app = (r: Row): string => obj(r).metadata.labels?.app ?? '';

  it('passes its expectations: web and db keep running', () => {
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('only the BestEffort cache pods are evicted, one at a time, the web (Burstable) and db (Guaranteed) pods never', () => {
    expect(evictions.length).toBe(3);
    expect(evictions.every((r) => app(r) === 'cache')).toBe(true);
    expect(new Set(evictions.map((r) => r.time_ms)).size).toBe(3);
    const qos = new Map(rows.filter((r) => r.kind === 'Pod' && r.verb === 'create').map((r) => [app(r), obj(r).status.qosClass]));
    expect(Object.fromEntries(qos)).toMatchObject({ cache: 'BestEffort', web: 'Burstable', db: 'Guaranteed' });
  });

  it('an evicted pod is Failed with reason Evicted, upstream\'s message and the DisruptionTarget condition', () => {
    for (const r of evictions) {
      const s = obj(r).status;
      expect(s.phase).toBe('Failed');
      expect(s.reason).toBe('Evicted');
      expect(s.message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+Ki\. Container cache was using \d+Ki, request is 0, has larger consumption of memory\. $/);
      expect(s.conditions.find((c: any) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet', message: s.message });
      const event = rows.find((e) => e.kind === 'Event' && e.reason === 'Evicted' && obj(e).involvedObject.name === r.name) as Row;
      expect(obj(event)).toMatchObject({ type: 'Warning', message: s.message, source: { component: 'kubelet', host: 'node-1' } });
    }
  });

  it('the first one evicted is the cache pod furthest over its request (the oldest, which has leaked longest)', () => {
    const caches = rows.filter((r) => r.kind === 'Pod' && r.verb === 'create' && app(r) === 'cache').slice(0, 3);
    const started = (name: string): number => rows.find((r) => r.name === name && r.reason === 'ContainerStarted')?.time_ms ?? Infinity;
    const oldest = [...caches].sort((a, b) => started(a.name) - started(b.name))[0] as Row;
    expect(evictions[0]?.name).toBe(oldest.name);
  });

  it('the node reports MemoryPressure and is tainted memory-pressure:NoSchedule until 5 minutes after the last breach', () => {
    const cond = (r: Row): any => obj(r).status.conditions.find((c: any) => c.type === 'MemoryPressure');
    const on = rows.find((r) => r.kind === 'Node' && r.reason === 'NodeHasInsufficientMemory') as Row;
    expect(cond(on)).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' });
    expect(on.time_ms).toBe(evictions[0]?.time_ms);
    const taint = rows.find((r) => r.kind === 'Node' && r.reason === 'TaintNode') as Row;
    expect(taint.actor).toBe('node-controller');
    expect(obj(taint).spec.taints).toContainEqual({ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' });
    const off = rows.find((r) => r.kind === 'Node' && r.reason === 'NodeHasSufficientMemory') as Row;
    expect(cond(off)).toMatchObject({ status: 'False', reason: 'KubeletHasSufficientMemory' });
    // The last breach is seen at the last eviction; the check 5 minutes on clears it (the 10 s loop: within 10 s).
    const last = evictions.at(-1) as Row;
    expect(off.time_ms - last.time_ms).toBeGreaterThanOrEqual(300_000);
    expect(off.time_ms - last.time_ms).toBeLessThan(311_000);
    expect(rows.find((r) => r.kind === 'Node' && r.reason === 'UntaintNode' && r.time_ms >= off.time_ms)).toBeDefined();
  });

  it('the replacements wait in Pending on the taint, and are scheduled once it is lifted', () => {
    const failed = rows.filter((r) => r.kind === 'Pod' && r.reason === 'FailedScheduling');
    expect(failed.length).toBeGreaterThan(0);
    expect(obj(failed[0]).status.conditions.find((c: any) => c.type === 'PodScheduled').message).toContain('1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }');
    const untaint = rows.find((r) => r.kind === 'Node' && r.reason === 'UntaintNode') as Row;
    const bound = rows.filter((r) => r.kind === 'Pod' && r.subresource === 'binding' && app(r) === 'cache' && r.time_ms > untaint.time_ms);
    expect(bound.length).toBe(3);
  });

  it('every eviction follows from the node status write that reported MemoryPressure (cause_seq), not from the pod\'s own past', () => {
    const on = rows.find((r) => r.kind === 'Node' && r.reason === 'NodeHasInsufficientMemory') as Row;
    expect(on.actor).toBe('kubelet/node-1');
    for (const r of evictions) expect(r.cause_seq).toBe(on.seq);
    const events = rows.filter((r) => r.kind === 'Event' && r.reason === 'Evicted');
    expect(events.every((e) => e.cause_seq === on.seq)).toBe(true);
  });
});
