import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { ROOT, tmpDir } from '../helpers.js';

describe('acceptance: drain-with-pdb', () => {
  const out = path.join(tmpDir(), 'drain-with-pdb.db');
  const result = runScenario(loadScenario(path.join(ROOT, 'recordings', 'drain-with-pdb.yaml')), { output: out });
  const db = new Database(out, { readonly: true });

  it('passes its expectations', () => {
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('at no instant after the Deployment is first fully Ready are fewer than minAvailable (5) pods Ready', () => {
    const rows = db.prepare("SELECT time_ms, verb, name, object FROM events WHERE kind = 'Pod' AND namespace = 'default' ORDER BY seq").all() as Array<{ time_ms: number; verb: string; name: string; object: string }>;
    const ready = new Map<string, boolean>();
    let full = false;
    let min = Infinity;
    let lowestAt = -1;
    for (const r of rows) {
      if (r.verb === 'delete') ready.delete(r.name);
      else ready.set(r.name, (JSON.parse(r.object).status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
      const n = [...ready.values()].filter(Boolean).length;
      if (n === 6) full = true;
      if (full && n < min) {
        min = n;
        lowestAt = r.time_ms;
      }
    }
    expect(full).toBe(true);
    expect(min, `lowest at ${lowestAt} ms`).toBeGreaterThanOrEqual(5);
  });

  it('the refused evictions are in the recording, and the drain finished only after a replacement was Ready elsewhere', () => {
    const markers = db.prepare("SELECT time_ms, title FROM markers WHERE kind = 'action' ORDER BY id").all() as Array<{ time_ms: number; title: string }>;
    const refused = markers.filter((m) => m.title.includes("Cannot evict pod as it would violate the pod's disruption budget."));
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const evictions = db.prepare("SELECT time_ms, name FROM events WHERE kind = 'Pod' AND subresource = 'eviction' ORDER BY seq").all() as Array<{ time_ms: number; name: string }>;
    expect(evictions).toHaveLength(2);
    const second = evictions[1]!;
    expect(refused.some((m) => m.title.includes(second.name) && m.time_ms < second.time_ms)).toBe(true);
    // Between the two evictions a replacement became Ready on another node.
    const readyElsewhere = db.prepare("SELECT COUNT(*) FROM events WHERE kind = 'Pod' AND namespace = 'default' AND reason = 'ContainerReady' AND time_ms > ? AND time_ms <= ? AND json_extract(object, '$.spec.nodeName') <> 'node-1'").pluck().get(evictions[0]!.time_ms, second.time_ms) as number;
    expect(readyElsewhere).toBeGreaterThanOrEqual(1);
    expect(markers.some((m) => m.title === 'node/node-1 drained')).toBe(true);
    // The budget was charged by the evictions themselves (the API server writes it in the same request).
    const charges = db.prepare("SELECT COUNT(*) FROM events WHERE kind = 'PodDisruptionBudget' AND reason = 'Eviction'").pluck().get() as number;
    expect(charges).toBe(2);
  });
});
