import path from 'node:path';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqlite, tmpDir } from '../helpers.js';
import { exportTo, shippedRecording } from './shipped.js';

interface TraceEvent {
  ph: string;
  name: string;
  cat?: string;
  pid?: number;
  tid?: number;
  ts?: number;
  dur?: number;
  id?: string;
  bind_id?: number;
  flow_in?: boolean;
  flow_out?: boolean;
  args?: Record<string, unknown>;
}

/** Checks that hold for any recording's trace; returns the events for the checks of one recording. */
function checkTrace(db: string): TraceEvent[] {
  const { out } = exportTo(db, 'perfetto', path.join(tmpDir(), 't.perfetto.json'));
  const trace = JSON.parse(fs.readFileSync(out, 'utf8')) as { traceEvents: TraceEvent[]; displayTimeUnit: string };
  expect(trace.displayTimeUnit).toBe('ms');
  const events = trace.traceEvents;
  const processNames = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  const threadNames = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
  const slices = events.filter((e) => e.ph === 'X');
  // Every slice on a named thread of a named process; per thread, slices come in time
  // order and nest properly (a child ends inside its parent), as Perfetto's slice tracker needs.
  const stacks = new Map<string, Array<{ end: number }>>();
  const lastTs = new Map<string, number>();
  for (const s of slices) {
    const track = `${s.pid}/${s.tid}`;
    expect(processNames.has(s.pid), `process of ${s.name}`).toBe(true);
    expect(threadNames.has(track), `thread of ${s.name}`).toBe(true);
    expect(s.ts).toBeGreaterThanOrEqual(lastTs.get(track) ?? 0);
    lastTs.set(track, s.ts as number);
    const stack = stacks.get(track) ?? [];
    stacks.set(track, stack);
    while (stack.length > 0 && (stack.at(-1) as { end: number }).end <= (s.ts as number)) stack.pop();
    const end = (s.ts as number) + (s.dur as number);
    if (stack.length > 0) expect(end, `${s.name} at ${s.ts} nests in its parent`).toBeLessThanOrEqual((stack.at(-1) as { end: number }).end);
    stack.push({ end });
  }
  // Every flow has both ends: each flow_in has the flow_out of its id, earlier; each flow_out at least one flow_in.
  const outs = new Map(slices.filter((s) => s.flow_out).map((s) => [s.bind_id as number, s]));
  const ins = slices.filter((s) => s.flow_in);
  expect(outs.size).toBe(slices.filter((s) => s.flow_out).length); // one start per id
  for (const i of ins) {
    const o = outs.get(i.bind_id as number);
    expect(o, `flow ${i.bind_id} into ${i.name}`).toBeDefined();
    expect(o?.ts as number).toBeLessThan(i.ts as number);
  }
  const used = new Set(ins.map((i) => i.bind_id));
  for (const id of outs.keys()) expect(used.has(id), `flow ${id} has an end`).toBe(true);
  // Every cause_seq link of the recording is one arrow, exactly once.
  const linked = sqlite(db, 'SELECT seq, cause_seq FROM events WHERE cause_seq IS NOT NULL ORDER BY seq').trim().split('\n').map((l) => l.split('|').map(Number) as [number, number]);
  expect(ins.map((i) => [i.args?.seq as number, i.bind_id as number]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(linked);
  // Async pod slices: per pod id, begins and ends pair up like brackets in time order.
  const byId = new Map<string, TraceEvent[]>();
  for (const e of events.filter((x) => x.ph === 'b' || x.ph === 'e')) byId.set(e.id as string, [...(byId.get(e.id as string) ?? []), e]);
  for (const [id, list] of byId) {
    const stack: string[] = [];
    let t = -1;
    for (const e of list) {
      expect(e.ts as number, `pod ${id} in time order`).toBeGreaterThan(t);
      t = e.ts as number;
      if (e.ph === 'b') stack.push(e.name);
      else expect(stack.pop(), `pod ${id}: ${e.name} closes what it opened`).toBe(e.name);
    }
    expect(stack).toEqual([]);
  }
  return events;
}

describe('perfetto export', () => {
  let rolling: string;
  let prestop: string;
  beforeAll(() => {
    rolling = shippedRecording('rolling-update');
    prestop = shippedRecording('prestop-on');
  });

  it('rolling-update: a process per component, a thread per actor, every cause an arrow, reconciles nest their writes', () => {
    const events = checkTrace(rolling);
    const names = (n: string) => events.filter((e) => e.ph === 'M' && e.name === n).map((e) => e.args?.name);
    expect(names('process_name')).toEqual(expect.arrayContaining(['kubectl', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'pods', 'cluster']));
    expect(names('thread_name')).toEqual(expect.arrayContaining(['kubectl', 'deployment-controller', 'replicaset-controller', 'scheduler', 'kubelet/node-1']));
    const reconciles = events.filter((e) => e.cat === 'reconcile');
    expect(reconciles.length).toBeGreaterThan(5);
    const counters = events.filter((e) => e.ph === 'C' && e.name === 'deployment default/web');
    // 10 replicas, maxUnavailable 2: once all 10 are available, never fewer than 8; ends at 10.
    const full = counters.findIndex((c) => c.args?.available === 10);
    expect(full).toBeGreaterThan(0);
    expect(Math.min(...counters.slice(full).map((c) => c.args?.available as number))).toBe(8);
    expect(counters.at(-1)?.args).toEqual({ ready: 10, available: 10 });
  });

  it('prestop-on: each replaced pod shows Terminating with its 5 s preStop inside, and no failed request', () => {
    const events = checkTrace(prestop);
    const begins = events.filter((e) => e.ph === 'b' && e.name === 'preStop');
    expect(begins.length).toBe(4); // the four old pods of the rollout
    for (const b of begins) {
      const end = events.find((e) => e.ph === 'e' && e.name === 'preStop' && e.id === b.id) as TraceEvent;
      expect((end.ts as number) - (b.ts as number)).toBeCloseTo(5_000_000, -3);
    }
    const phases = new Set(events.filter((e) => e.ph === 'b').map((e) => e.name));
    for (const p of ['Pending', 'ContainerCreating', 'Ready', 'Terminating']) expect(phases.has(p), p).toBe(true);
    const failed = events.filter((e) => e.ph === 'C' && e.name === 'failed requests web');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => c.args?.failed === 0)).toBe(true);
    const chapters = events.filter((e) => e.ph === 'i' && e.cat === 'chapter').map((e) => e.name);
    expect(chapters).toContain('The rollout replaces every pod, one at a time');
  });
});
