/* eslint-disable @typescript-eslint/no-explicit-any -- pods from the replay are open JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { AggregateCounts, packAggregates, unpackAggregates, type PodAggregates } from '../../viewer/shared/aggregate-model.js';
import { packInts, unpackInts } from '../../viewer/shared/packed-ints.js';
import type { PodsAnswer } from '../../viewer/shared/model.js';
import { buildModel, buildStoryModel } from '../../viewer/server/model/story-model.js';
import { storyModelBody } from '../../viewer/server/model/model-cache.js';
import { gunzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stageOf } from '../../viewer/server/model/pods.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { tmpDir } from '../helpers.js';
import { aggregateRecording, AGG_REPLICAS } from './aggregate-recording.js';

/*
 * Past the aggregate line the story model carries, instead of every pod's track, the
 * changes of each pod's stage and node (counts per node and per owner over time), and the
 * page asks for one node's or owner's pods when clicked. What a user relies on: the
 * counts the page draws at a seq are the pods the replay holds at that seq, node by node
 * and owner by owner; a click lists exactly that node's pods; a bad question gets a JSON error.
 */

const REPLICAS = AGG_REPLICAS;
const LINE = 100;
let file: string;
let dir: string;
let rollAt = 0;
let last = 0;
let agg: PodAggregates;
let replay: Replay;
let rec: Recording;

beforeAll(() => {
  dir = tmpDir('kubelapse-aggregate-');
  ({ file, rollAt, last } = aggregateRecording(dir));
  rec = Recording.open(file, { readonly: true });
  replay = Replay.open(rec);
  const m = buildStoryModel(rec, 'agg', LINE);
  expect(m.aggregate).toBeDefined();
  agg = unpackAggregates(m.aggregate!).aggregates;
}, 120_000);
afterAll(() => rec?.close());

/** Pods per node, per owner uid and unbound, per stage, as the replay has them at `seq`. */
function replayCounts(seq: number): { nodes: Map<string, number[]>; owners: Map<string, number[]>; unbound: number[] } {
  const nodes = new Map<string, number[]>();
  const owners = new Map<string, number[]>();
  const unbound = [0, 0, 0, 0, 0, 0, 0];
  for (const p of replay.stateAt(seq, { kinds: ['Pod'] }) as any[]) {
    const node: string | null = p.spec?.nodeName ?? null;
    const stage = stageOf(node, p.status?.phase ?? null, p.metadata?.deletionTimestamp != null, p.status?.conditions ?? []);
    const into = (map: Map<string, number[]>, key: string): void => {
      const c = map.get(key) ?? [0, 0, 0, 0, 0, 0, 0];
      c[stage]! += 1;
      map.set(key, c);
    };
    if (node === null) unbound[stage]! += 1;
    else into(nodes, node);
    const ctrl = (p.metadata?.ownerReferences ?? []).find((r: any) => r.controller === true);
    if (ctrl !== undefined) into(owners, ctrl.uid);
  }
  return { nodes, owners, unbound };
}

const nonZero = (m: Map<string, number[]>): Record<string, number[]> => Object.fromEntries([...m].filter(([, c]) => c.some((n) => n > 0)).sort(([a], [b]) => (a < b ? -1 : 1)));

describe('the aggregate model', () => {
  it('is built past the line only: the same recording under a higher line holds every pod track and no aggregate', () => {
    const full = buildStoryModel(rec, 'agg', 100_000);
    expect(full.aggregate).toBeUndefined();
    expect(full.pods.length).toBe(agg.pods);
    expect(agg.pods).toBeGreaterThan(REPLICAS * 2);
    const m = buildStoryModel(rec, 'agg', LINE);
    expect(m.pods).toEqual([]);
    expect(agg.nodes.length).toBe(8);
  });

  it('counts per node, per owner and unbound equal the replay at seqs before, during and after the rollout, scrubbed forwards and back', () => {
    const counts = new AggregateCounts(agg);
    const seqs = [1, Math.floor(rollAt / 3), rollAt, rollAt + 250, Math.floor((rollAt + last) / 2), last - 100, last, rollAt + 40, 200];
    for (const seq of seqs) {
      counts.moveTo(seq);
      const want = replayCounts(seq);
      const gotNodes = new Map(agg.nodes.map((n, i) => [n, [...counts.node(i)]]));
      const gotOwners = new Map(agg.owners.map((o, i) => [o.uid, [...counts.ownerAt(i)]]));
      expect(nonZero(gotNodes), `nodes at seq ${seq}`).toEqual(nonZero(want.nodes));
      expect(nonZero(gotOwners), `owners at seq ${seq}`).toEqual(nonZero(want.owners));
      expect([...counts.unbound], `unbound at seq ${seq}`).toEqual(want.unbound);
    }
  });

  it('a model cached under one line is never served under another: the aggregated one is rebuilt with pods when the line is raised', () => {
    const saved = process.env.KUBELAPSE_AGGREGATE_PODS;
    try {
      process.env.KUBELAPSE_AGGREGATE_PODS = String(LINE);
      const low = storyModelBody(rec, 'agg', file);
      expect(JSON.parse(gunzipSync(low.gzip).toString('utf8')).aggregate.pods).toBe(agg.pods);
      process.env.KUBELAPSE_AGGREGATE_PODS = '100000';
      const high = storyModelBody(rec, 'agg', file);
      expect(high.key).not.toBe(low.key);
      const m = JSON.parse(gunzipSync(high.gzip).toString('utf8'));
      expect(m.aggregate).toBeUndefined();
      expect(m.pods).toHaveLength(agg.pods);
    } finally {
      if (saved === undefined) delete process.env.KUBELAPSE_AGGREGATE_PODS;
      else process.env.KUBELAPSE_AGGREGATE_PODS = saved;
    }
  });

  it('goes packed, and unpacks to the same columns and the full model\'s times', () => {
    const m = buildStoryModel(rec, 'agg', LINE);
    const full = buildStoryModel(rec, 'agg', 100_000);
    const u = unpackAggregates(m.aggregate!);
    expect(Array.from(u.timeDeltas)).toEqual(full.timeDeltas);
    expect(Array.from(unpackAggregates(packAggregates(u.aggregates, [5, 0, -3, 40_000_000])).timeDeltas)).toEqual([5, 0, -3, 40_000_000]);
    // Numbers of every size the columns hold, a pod's node from none to one marked by a bit.
    const xs = [0, 1, 31, 32, 1023, 1024, 2 ** 31 + 7, 86_400_000 * 30];
    expect(Array.from(unpackInts(packInts(xs), xs.length))).toEqual(xs);
    expect(() => unpackInts(packInts(xs), xs.length - 1)).toThrow(/more than 7 numbers/);
    expect(Array.from(u.aggregates.fromNode).filter((n, i) => n !== u.aggregates.toNode[i]).every((n) => n === -1)).toBe(true);
  });

  it('opens a file whose times have fractions of a millisecond, each time drawn to the nearest one', () => {
    // The recorders write whole milliseconds; a hand-made or foreign file may not.
    const copy = path.join(dir, 'fractional.db');
    fs.copyFileSync(file, copy);
    const w = new Database(copy);
    w.exec('DROP TRIGGER events_immutable_update');
    w.prepare('UPDATE events SET time_ms = time_ms + 0.4 WHERE seq % 3 = 0').run();
    w.prepare('UPDATE events SET time_ms = time_ms + 0.6 WHERE seq % 3 = 1').run();
    w.close();
    const fr = Recording.open(copy, { readonly: true });
    try {
      const m = buildStoryModel(fr, 'fractional', LINE);
      const deltas = unpackAggregates(m.aggregate!).timeDeltas;
      const raw = fr.db.prepare('SELECT time_ms FROM events ORDER BY seq').pluck(true).all() as number[];
      expect(raw.some((t) => !Number.isInteger(t))).toBe(true);
      let t = 0;
      const drawn = Array.from(deltas, (d) => (t += d));
      expect(drawn).toEqual(raw.map((x) => Math.round(x)));
    } finally {
      fr.close();
    }
  });

  it('keeps the pods headers the endpoint needs, one per pod the full model has', () => {
    const { headers } = buildModel(rec, 'agg', LINE);
    const full = buildStoryModel(rec, 'agg', 100_000);
    expect(headers?.uid.slice().sort()).toEqual(full.pods.map((p) => p.uid).sort());
  });
});

describe('GET .../pods', () => {
  let viewer: RunningViewer;
  const saved = process.env.KUBELAPSE_AGGREGATE_PODS;
  const get = async (q: string): Promise<{ status: number; body: any }> => {
    const res = await fetch(new URL(`/api/recordings/agg/pods?${q}`, viewer.url));
    return { status: res.status, body: await res.json() };
  };
  beforeAll(async () => {
    process.env.KUBELAPSE_AGGREGATE_PODS = String(LINE);
    viewer = await startViewer({ dir, port: 0 });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.KUBELAPSE_AGGREGATE_PODS;
    else process.env.KUBELAPSE_AGGREGATE_PODS = saved;
    await viewer?.close();
  });

  it('serves the aggregated model to the page', async () => {
    const m = (await (await fetch(new URL('/api/recordings/agg/model', viewer.url))).json()) as any;
    expect(m.pods).toEqual([]);
    expect(m.aggregate.threshold).toBe(LINE);
    expect(m.aggregate.changes).toBe(agg.seqs.length);
    expect(m.timeDeltas).toEqual([]);
  });

  it('lists exactly the pods the replay has on a node at a seq, each with its whole track, and an owner\'s live pods', async () => {
    for (const seq of [rollAt, rollAt + 300, last]) {
      const live = replay.stateAt(seq, { kinds: ['Pod'] }) as any[];
      for (const node of [agg.nodes[0] as string, agg.nodes[5] as string]) {
        const { status, body } = await get(`node=${node}&at=${seq}`);
        expect(status).toBe(200);
        const a = body as PodsAnswer;
        const want = live.filter((p) => p.spec?.nodeName === node).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
        expect(a.pods.map((p) => `${p.namespace}/${p.name}`).sort(), `${node} at ${seq}`).toEqual(want);
        for (const p of a.pods) {
          expect(p.createdSeq).toBeLessThanOrEqual(seq);
          expect(a.strings[p.versions.at(-1)![1]]).toBe(node);
        }
      }
      const rs = agg.owners.find((o) => o.kind === 'ReplicaSet' && live.some((p) => p.metadata.ownerReferences?.[0]?.uid === o.uid));
      const { body } = await get(`owner=${rs!.uid}&at=${seq}`);
      expect((body as PodsAnswer).pods.map((p) => p.name).sort()).toEqual(live.filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs!.uid).map((p) => p.metadata.name).sort());
      expect((body as PodsAnswer).owner?.name).toBe(rs!.name);
    }
  });

  it('answers a bad node, owner or seq with a JSON error naming it', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['node=no-such-node&at=5', 404, /no-such-node/],
      ['owner=0000-none&at=5', 404, /0000-none/],
      [`node=${agg.nodes[0]}&at=${last + 1}`, 400, new RegExp(`${last + 1}`)],
      [`node=${agg.nodes[0]}&at=x1`, 400, /x1/],
      ['at=5', 400, /node=NAME or owner=UID/],
      [`node=${agg.nodes[0]}&owner=abc`, 400, /one of them/],
    ];
    for (const [q, code, message] of cases) {
      const { status, body } = await get(q);
      expect(status, q).toBe(code);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    }
  });
});
