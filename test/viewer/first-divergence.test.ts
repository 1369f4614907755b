import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { canonicalName, firstDivergence, signatures, signaturesOf } from '../../viewer/server/model/first-divergence.js';
import type { CompareModel } from '../../viewer/shared/compare-model.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from './fixtures.js';

type Row = [number, number, string, string | null, string, string | null, string, string | null];
const row = (seq: number, t: number, verb: string, kind: string, name: string, reason: string | null = null): Row => [seq, t, verb, null, kind, 'default', name, reason];

describe('first divergence: the definition', () => {
  it('numbers generated name parts by first appearance, so two runs\' hashes read alike', () => {
    const a = new Map<string, number>();
    const b = new Map<string, number>();
    expect(canonicalName('web-5dfd55bf6-d9fdb', a)).toBe('web-‹1›-‹2›');
    expect(canonicalName('web-869fc6774-d9fdb', b)).toBe('web-‹1›-‹2›');
    expect(canonicalName('node-1', a)).toBe('node-1');
    expect(canonicalName('kube-proxy', a)).toBe('kube-proxy');
  });

  it('leaves out Leases and Events, and the order of writes within one millisecond', () => {
    const born = [row(1, 0, 'create', 'Pod', 'x-bcdfg'), row(2, 0, 'create', 'Pod', 'y-hjklm')];
    // A admits x then y at 4 ms, B y then x: the simulator's queue order, not the story.
    const a = signatures([...born, row(3, 4, 'update', 'Pod', 'x-bcdfg', 'PodAdmitted'), row(4, 4, 'update', 'Pod', 'y-hjklm', 'PodAdmitted'), row(5, 10, 'update', 'Lease', 'node-1'), row(6, 10, 'create', 'Event', 'x.123')]);
    const b = signatures([...born, row(3, 4, 'update', 'Pod', 'y-hjklm', 'PodAdmitted'), row(4, 4, 'update', 'Pod', 'x-bcdfg', 'PodAdmitted')]);
    expect(a).toHaveLength(4);
    expect(firstDivergence(a, b)).toBeNull();
    // The same two writes a millisecond apart in the other order do differ.
    const c = signatures([...born, row(3, 4, 'update', 'Pod', 'y-hjklm', 'PodAdmitted'), row(4, 5, 'update', 'Pod', 'x-bcdfg', 'PodAdmitted')]);
    expect(firstDivergence(a, c)).toMatchObject({ agreed: 2, a: { seq: 3 }, b: { seq: 3 } });
  });

  it('names the first differing write on each side, the earliest of its millisecond; a side that ends first has none', () => {
    const a = signatures([row(1, 0, 'create', 'Pod', 'p'), row(2, 5, 'update', 'Pod', 'p', 'PodTerminated'), row(3, 5, 'delete', 'Pod', 'p', 'PodDeleted')]);
    const b = signatures([row(1, 0, 'create', 'Pod', 'p'), row(2, 9, 'update', 'Pod', 'p', 'ContainerStarted')]);
    const d = firstDivergence(a, b);
    expect(d).toEqual({ agreed: 1, a: expect.objectContaining({ seq: 2 }), b: expect.objectContaining({ seq: 2, sig: 'Pod update default/p ContainerStarted' }) });
    expect(firstDivergence(a.slice(0, 1), a)).toMatchObject({ agreed: 1, a: null, b: { seq: 2 } });
  });
});

describe('first divergence: prestop-off against prestop-on', () => {
  let dir: string;
  let viewer: RunningViewer;
  beforeAll(async () => {
    dir = recordingsDir(['prestop-off', 'prestop-on']);
    viewer = await startViewer({ dir, port: 0 });
  });
  afterAll(async () => viewer?.close());

  it('is the first old pod\'s end: gone at once without preStop, still sleeping with it', () => {
    const a = Recording.open(path.join(dir, 'prestop-off.db'), { readonly: true });
    const b = Recording.open(path.join(dir, 'prestop-on.db'), { readonly: true });
    const d = firstDivergence(signaturesOf(a), signaturesOf(b));
    a.close();
    b.close();
    expect(d?.a?.sig).toMatch(/^Pod update\/status default\/web-‹\d+›-‹\d+› PodTerminated$/);
    expect(d?.b?.sig).not.toContain('PodTerminated');
    // Both rollouts begin at 40 s: the split comes after the first new pod is up, within a few seconds.
    expect(d?.a?.timeMs).toBeGreaterThan(40_000);
    expect(d?.a?.timeMs).toBeLessThan(50_000);
    expect((d?.b?.timeMs ?? 0)).toBeGreaterThan(d?.a?.timeMs ?? Infinity);
  });

  it('GET /api/recordings/:a/compare/:b serves it with both events; an unknown recording is 404', async () => {
    const r = await fetch(new URL('/api/recordings/prestop-off/compare/prestop-on', viewer.url));
    expect(r.status).toBe(200);
    const body = (await r.json()) as CompareModel;
    expect(body.compared[0]).toBeGreaterThan(100);
    expect(body.divergence?.a?.event).toMatchObject({ kind: 'Pod', verb: 'update', subresource: 'status', reason: 'PodTerminated', actor: expect.stringMatching(/^kubelet\//) });
    expect(body.divergence?.b?.event.seq).toBeGreaterThan(body.divergence?.a?.event.seq ?? Infinity);
    const same = (await (await fetch(new URL('/api/recordings/prestop-off/compare/prestop-off', viewer.url))).json()) as CompareModel;
    expect(same.divergence).toBeNull();
    const missing = await fetch(new URL('/api/recordings/prestop-off/compare/nope', viewer.url));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('recording "nope" not found');
  });
});
