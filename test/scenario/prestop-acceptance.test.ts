import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KUBE_PROXY_LAG_MS } from '../../core/network/kube-proxy.js';
import { TRAFFIC_BUCKET_MS } from '../../core/network/traffic.js';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { ROOT, tmpDir } from '../helpers.js';

interface Rec {
  db: Database.Database;
  passed: boolean;
}

function record(name: string): Rec {
  const out = path.join(tmpDir(), `${name}.db`);
  const r = runScenario(loadScenario(path.join(ROOT, 'recordings', `${name}.yaml`)), { output: out });
  return { db: new Database(out, { readonly: true }), passed: r.expectations.every((e) => e.passed) };
}

const off = record('prestop-off');
const on = record('prestop-on');

/** Each app pod's life up to the first termination (kube-system's CoreDNS aside): when it was created, where it ran, when it became Ready. */
function lives(r: Rec, until: number): Array<[number, string, number]> {
  const rows = r.db.prepare("SELECT time_ms, name, reason, json_extract(object, '$.spec.nodeName') AS node FROM events WHERE kind = 'Pod' AND namespace = 'default' AND time_ms < ? ORDER BY seq").all(until) as Array<{ time_ms: number; name: string; reason: string | null; node: string | null }>;
  const by = new Map<string, [number, string, number]>();
  for (const e of rows) {
    const l = by.get(e.name) ?? [e.time_ms, '', -1];
    if (e.node !== null) l[1] = e.node;
    if (e.reason === 'ContainerReady' && l[2] < 0) l[2] = e.time_ms;
    by.set(e.name, l);
  }
  return [...by.values()];
}

const firstDeletion = (r: Rec): number =>
  (r.db.prepare("SELECT MIN(time_ms) FROM events WHERE kind = 'Pod' AND namespace = 'default' AND json_extract(object, '$.metadata.deletionTimestamp') IS NOT NULL").pluck().get() as number);

describe('acceptance: preStop draining (prestop-off against prestop-on)', () => {
  it('both pass their expectations: prestop-off loses requests, prestop-on loses none', () => {
    expect(off.passed && on.passed).toBe(true);
    const failed = (r: Rec): number => r.db.prepare("SELECT COALESCE(SUM(count), 0) FROM traffic WHERE outcome <> 'ok'").pluck().get() as number;
    const total = (r: Rec): number => r.db.prepare('SELECT SUM(count) FROM traffic').pluck().get() as number;
    expect(failed(off)).toBeGreaterThan(0);
    expect(failed(on)).toBe(0);
    expect(total(off)).toBe(total(on));
    // 200 rps from 0:20 to 2:00, less the last tick's requests still in flight when the recording ends.
    expect(total(off)).toBeGreaterThanOrEqual(19_950);
    expect(total(off)).toBeLessThanOrEqual(20_000);
  });

  it('traffic is deterministic: the same scenario and seed give the same traffic rows and the same final hash', () => {
    const again = record('prestop-off');
    const dump = (r: Rec): unknown[] => r.db.prepare('SELECT * FROM traffic ORDER BY rowid').raw(true).all();
    const head = (r: Rec): string => r.db.prepare('SELECT hash FROM events ORDER BY seq DESC LIMIT 1').pluck().get() as string;
    expect(dump(again)).toEqual(dump(off));
    expect(head(again)).toBe(head(off));
  });

  it('follow the same timeline up to the first termination: as many pods, on the same nodes, at the same times', () => {
    const t = firstDeletion(off);
    expect(firstDeletion(on)).toBe(t);
    const a = lives(off, t);
    const b = lives(on, t);
    expect(a.length).toBe(5); // 4 + the first surge pod
    expect(a).toEqual(b);
  });

  it("every failed request of prestop-off falls between its pod's deletion and the moment the last kube-proxy dropped it", () => {
    const failures = off.db.prepare("SELECT time_ms, pod, outcome, count FROM traffic WHERE outcome <> 'ok'").all() as Array<{ time_ms: number; pod: string; outcome: string; count: number }>;
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      const deleted = off.db.prepare("SELECT MIN(time_ms) FROM events WHERE kind = 'Pod' AND name = ? AND json_extract(object, '$.metadata.deletionTimestamp') IS NOT NULL").pluck().get(f.pod) as number | null;
      // The slice write that took the pod out of the ready endpoints; every kube-proxy applies it KUBE_PROXY_LAG_MS later.
      const slices = off.db.prepare("SELECT time_ms, object FROM events WHERE kind = 'EndpointSlice' ORDER BY seq").all() as Array<{ time_ms: number; object: string }>;
      const out = slices.find((s) => s.time_ms >= (deleted ?? 0) && !JSON.parse(s.object).endpoints.some((e: any) => e.targetRef.name === f.pod && e.conditions.ready))!;
      expect(deleted, f.pod).not.toBeNull();
      expect(f.time_ms + TRAFFIC_BUCKET_MS, `${f.pod} ${f.outcome} at ${f.time_ms}`).toBeGreaterThan(deleted as number);
      expect(f.time_ms, `${f.pod} ${f.outcome} at ${f.time_ms}`).toBeLessThanOrEqual(out.time_ms + KUBE_PROXY_LAG_MS);
    }
  });
});
