import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainModel, EventSummary } from '../../viewer/shared/model.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { chainTiming, delayAfter, formatDelay, hopPhrase } from '../../viewer/web/src/chain-timing.js';
import { chainTotal } from '../../viewer/web/src/chain-total.js';
import { recordingsDir } from './fixtures.js';

/*
 * Time per hop, from the real /chain answer of pod-loss-recovery's second loss: the pod's
 * sandbox and containers vanish at 1:10, its kubelet reports SandboxChanged at 1:11.0,
 * restarts the container in a new sandbox and the same pod is Ready again 2.4 s later. Each hop is checked against the recording's own
 * rows (read with SQL, not through the viewer) and against what the scenario says it must
 * be: the readiness probe's period is 2 s (manifests/app.yaml), so Ready comes 2.0 s
 * after the container started.
 */

let viewer: RunningViewer;
let dir: string;
const get = async <T>(p: string): Promise<T> => (await (await fetch(`${viewer.url}api/recordings/pod-loss-recovery${p}`)).json()) as T;

beforeAll(async () => {
  dir = recordingsDir(['pod-loss-recovery']);
  viewer = await startViewer({ dir, port: 0 });
}, 60_000);

afterAll(async () => {
  await viewer?.close();
});

/** The restarted pod's ContainerReady write: the end of the recovery chain. */
async function recoveryChain(): Promise<{ chain: ChainModel; failed: EventSummary }> {
  const failed = (await get<{ events: EventSummary[] }>('/events?kind=pod&reason=SandboxChanged')).events[0] as EventSummary;
  const ready = (await get<{ events: EventSummary[] }>(`/events?kind=pod&name=${failed.name}&reason=ContainerReady&fromSeq=${failed.seq}&limit=1`)).events[0] as EventSummary;
  return { chain: await get<ChainModel>(`/chain/${ready.seq}`), failed };
}

describe('time per hop of a causal chain', () => {
  it("pod-loss-recovery: SandboxChanged -> the same pod Ready again, each hop as the recording's rows say", async () => {
    const { chain, failed } = await recoveryChain();
    const t = chainTiming(chain);
    expect(t.start.seq).toBe(failed.seq);
    // The same delays straight from the SQLite file: time_ms of each write minus that of its cause_seq.
    const db = new Database(path.join(dir, 'pod-loss-recovery.db'), { readonly: true });
    const rows = db.prepare('SELECT e.seq, e.actor, e.reason, e.time_ms - c.time_ms AS d FROM events e JOIN events c ON c.seq = e.cause_seq WHERE e.seq = ?');
    const fromSql = t.hops.map((h) => rows.get(h.effect.seq) as { seq: number; actor: string; reason: string; d: number });
    const total = db.prepare('SELECT (SELECT time_ms FROM events WHERE seq = ?) - (SELECT time_ms FROM events WHERE seq = ?) AS t').get(chain.event.seq, failed.seq) as { t: number };
    db.close();
    expect(t.hops.map((h) => [h.effect.seq, h.effect.actor, h.effect.reason, h.delayMs])).toEqual(fromSql.map((r) => [r.seq, r.actor, r.reason, r.d]));
    expect(t.hops.map((h) => h.effect.reason)).toEqual(['ContainerRestarted', 'ContainerReady']);
    // A new sandbox (300 ms) and the container's create and start (100 ms) ...
    expect(t.hops[0]?.delayMs).toBe(400);
    // ... and the readiness probe, every 2 s, is the slow hop: the story's time to recovery.
    expect(t.hops[t.slowest]?.effect.reason).toBe('ContainerReady');
    expect(t.hops[t.slowest]?.delayMs).toBe(2000);
    expect(t.totalMs).toBe(total.t);
    expect(t.totalMs).toBe(t.hops.reduce((s, h) => s + h.delayMs, 0));
    expect(hopPhrase(t.hops[t.slowest]!)).toMatch(/^kubelet\/node-\d \(ContainerReady\) 2\.0 s$/);
    expect(chainTotal(t)).toContain(`Total <b class="total">${formatDelay(total.t)}</b> from seq ${failed.seq} (${failed.actor} SandboxChanged, 1:11.0)`);
    expect(chainTotal(t)).toContain('over 2 hops');
  });

  it("what a write caused comes after it by its effects' own delays", async () => {
    const { failed } = await recoveryChain();
    const chain = await get<ChainModel>(`/chain/${failed.seq}`);
    expect(chainTiming(chain).hops).toEqual([]);
    expect(chainTiming(chain).totalMs).toBe(0);
    expect(chain.effects.length).toBeGreaterThan(0);
    for (const x of chain.effects) expect(delayAfter(chain.event, x)).toBe(x.timeMs - failed.timeMs);
    expect(chain.effects.map((x) => delayAfter(chain.event, x))).toContain(1);
  });

  it('delays read as a person says them: ms below a second, tenths below a minute, then minutes', () => {
    expect([0, 1, 400, 999, 999.6, 1000, 2000, 12_345, 59_949, 59_960, 60_000, 125_000, -200].map((ms) => formatDelay(ms))).toEqual([
      '0 ms', '1 ms', '400 ms', '999 ms', '1.0 s', '1.0 s', '2.0 s', '12.3 s', '59.9 s', '1 min 00 s', '1 min 00 s', '2 min 05 s', '-200 ms',
    ]);
    expect(formatDelay(Number.NaN)).toBe('unknown');
    expect([400, 2000, 60_000, 125_000].map((ms) => formatDelay(ms, true))).toEqual(['400 ms', '2.0 s', '1m 00s', '2m 05s']);
  });
});
