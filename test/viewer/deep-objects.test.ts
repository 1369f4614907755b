import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { Stage, PV, type StoryModel } from '../../viewer/shared/model.js';
import { cliAsync, sqlite, tmpDir } from '../helpers.js';
import { deepRecording } from './fixtures.js';

let viewer: RunningViewer;
let rec: ReturnType<typeof deepRecording>;
const get = async (p: string): Promise<{ status: number; body: any }> => {
  const r = await fetch(new URL(p, viewer.url));
  return { status: r.status, body: await r.json() };
};

/** Follows `.a` from `value` while it is an object; returns how many levels it went and what it found there. */
function descend(value: unknown): { levels: number; end: unknown } {
  let levels = 0;
  let v = value;
  while (v !== null && typeof v === 'object' && 'a' in v) {
    v = (v as { a: unknown }).a;
    levels++;
  }
  return { levels, end: v };
}

const NOTE = /^‹too deep to show: ([\d,]+) more levels, sha256 ([0-9a-f]{12})›$/;

beforeAll(async () => {
  const dir = tmpDir('kubelapse-deep-');
  rec = deepRecording(dir);
  viewer = await startViewer({ dir, port: 0 });
});
afterAll(async () => viewer?.close());

describe('objects nested thousands of levels deep in a recording: the viewer answers, never 500', () => {
  it('events/:seq: the object is cut at 100 levels with a note, and the diff names the changed field', async () => {
    const [, seq] = rec.configMapSeqs;
    const r = await get(`/api/recordings/deep/events/${seq}`);
    expect(r.status, JSON.stringify(r.body).slice(0, 200)).toBe(200);
    expect(r.body.object.data).toEqual({ mode: 'second' });
    const { levels, end } = descend(r.body.object.deep);
    expect(levels).toBe(99); // the object itself is level 1
    expect(end).toMatch(NOTE);
    expect(NOTE.exec(end as string)![1]).toBe('2,901');
    const deepChange = r.body.diff.find((c: any) => c.path.startsWith('deep.'));
    expect(deepChange).toMatchObject({ type: 'changed', path: `deep${'.a'.repeat(99)}` });
    expect(deepChange.from).toMatch(NOTE);
    expect(deepChange.to).toMatch(NOTE);
    expect(deepChange.from).not.toBe(deepChange.to); // the leaf differs far below the cut
    expect(r.body.diff).toContainEqual({ path: 'data.mode', type: 'changed', from: 'first', to: 'second' });
  });

  it('diff?to=N for both deep objects, and from= an explicit version', async () => {
    for (const seq of [rec.configMapSeqs[1], rec.podSeqs[1]]) {
      const r = await get(`/api/recordings/deep/diff?to=${seq}`);
      expect(r.status, JSON.stringify(r.body).slice(0, 200)).toBe(200);
      expect(r.body.changes.some((c: any) => c.path.startsWith('deep.') || c.path.startsWith('spec.deep.'))).toBe(true);
    }
    const created = await get(`/api/recordings/deep/diff?to=${rec.podSeqs[0]}`);
    expect(created.status).toBe(200);
    expect(descend(created.body.changes.find((c: any) => c.path === 'spec').to.deep).end).toMatch(NOTE);
  });

  it('events/:seq of the 10,000-deep pod, its history and the cluster state', async () => {
    const ev = await get(`/api/recordings/deep/events/${rec.podSeqs[1]}`);
    expect(ev.status).toBe(200);
    expect(descend(ev.body.object.spec.deep).end).toMatch(/too deep to show: 9,902 more levels/);
    const h = await get('/api/recordings/deep/history?kind=pod&name=deep-pod');
    expect(h.status).toBe(200);
    expect(h.body.versions.map((v: any) => v.seq)).toEqual(rec.podSeqs);
    const cm = await get('/api/recordings/deep/history?kind=cm&name=deep');
    expect(cm.body.versions.map((v: any) => v.object.data.mode)).toEqual(['first', 'second']);
    const state = await get(`/api/recordings/deep/state?seq=${rec.podSeqs[1]}`);
    expect(state.status).toBe(200);
    expect(state.body.objects.filter((o: any) => o.metadata.name.startsWith('deep')).map((o: any) => o.kind).sort()).toEqual(['ConfigMap', 'Pod']);
  });

  it('the story model is built (the pod past SQLite\'s JSON depth is read in JS), chains, lists and the recording list', async () => {
    const m = (await get('/api/recordings/deep/model')) as { status: number; body: StoryModel };
    expect(m.status).toBe(200);
    const pod = m.body.pods.find((p) => p.name === 'deep-pod')!;
    expect(pod.versions.map((v) => v[PV.stage])).toEqual([Stage.Ready, Stage.Ready]);
    expect(m.body.strings[pod.versions[0]![PV.node]]).toBe('node-1');
    expect((await get(`/api/recordings/deep/chain/${rec.podSeqs[1]}`)).body.ancestors.map((e: any) => e.seq)).toEqual([rec.podSeqs[0]]);
    // The fixture's ConfigMap: the bootstrap wrote kube-root-ca.crt and CoreDNS's too.
    const list = await get('/api/recordings/deep/events?kind=cm&name=deep');
    expect(list.body.events.map((e: any) => e.seq)).toEqual(rec.configMapSeqs);
    expect((await get('/api/recordings')).body.recordings[0]).toMatchObject({ name: 'deep', chainVerified: true, complete: true });
  });
});

describe('the CLI on the same recording', () => {
  it('events --json prints each object exactly as recorded, whatever its depth', async () => {
    const r = await cliAsync(['events', rec.file, '--kind', 'cm', '--name', 'deep', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const recorded = sqlite(rec.file, `SELECT object FROM events WHERE seq = ${rec.configMapSeqs[1]}`).trim();
    const row = JSON.parse(lines[1]!);
    expect(row.seq).toBe(rec.configMapSeqs[1]);
    expect(descend(row.object.deep).levels).toBe(3000);
    expect(lines[1]).toContain(`"object":${recorded},`);
  });

  it('get (table, -o json, -o yaml), history and why answer with the object cut at 100 levels', async () => {
    const table = await cliAsync(['get', rec.file, 'pods']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^deep-pod\s+0\/1\s+Running/m);
    const json = await cliAsync(['get', rec.file, 'cm', 'deep', '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(descend(JSON.parse(json.stdout).deep).end).toMatch(NOTE);
    const yaml = await cliAsync(['get', rec.file, 'cm', 'deep', '-o', 'yaml']);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toContain('too deep to show: 2,901 more levels');
    const history = await cliAsync(['history', rec.file, 'cm', 'deep']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain(`    data.mode: "first" -> "second"`);
    expect(history.stdout).toMatch(/deep(\.a){99}: "‹too deep to show: 2,901 more levels, sha256 [0-9a-f]{12}›" -> "‹too deep/);
    const why = await cliAsync(['why', rec.file, String(rec.podSeqs[1])]);
    expect(why.code, why.stderr).toBe(0);
    expect(why.stdout).toContain('<- this event');
  });
});
