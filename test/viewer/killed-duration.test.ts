import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { BIN, cliAsync, recordedSim, sqlite, tmpDir } from '../helpers.js';

const viewers: RunningViewer[] = [];
afterAll(async () => {
  for (const v of viewers) await v.close();
});

async function listed(dir: string, name: string): Promise<any> {
  const v = await startViewer({ dir, port: 0 });
  viewers.push(v);
  const body = (await (await fetch(new URL('/api/recordings', v.url))).json()) as { recordings: any[] };
  return body.recordings.find((r) => r.name === name);
}

describe('a recording whose writer died reports how long it really ran', () => {
  it('end_time_ms never written (a killed run): the list and the model take the last event\'s time, not 0 s', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'killed.db');
    const { sim, rec, recorder } = recordedSim(file, 2);
    rec.setMeta({ end_time_ms: '0' }); // what a session writes at its start
    const kubectl = sim.client('kubectl');
    for (const t of [10_000, 42_000]) {
      sim.runUntil(t);
      kubectl.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `at-${t}`, namespace: 'default' }, data: {} } as never);
    }
    recorder.flush(); // committed rows, then the process "dies": no close, no end
    const last = Number(sqlite(file, 'SELECT MAX(time_ms) FROM events').trim());
    expect(last).toBe(42_000);
    const summary = await listed(dir, 'killed');
    expect(summary).toMatchObject({ complete: false, durationMs: last });
    const model = (await (await fetch(new URL('/api/recordings/killed/model', viewers.at(-1)!.url))).json()) as { endTimeMs: number };
    expect(model.endTimeMs).toBe(last);
    rec.close();
  });

  it('a live session killed with SIGKILL: meta.end_time_ms was kept current while it ran', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'session.db');
    const child = spawn(process.execPath, [BIN, 'live', '--speed', '20', '--port', '0', '--no-viewer', '-o', out], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // 40 s of cluster time at 20x: 2 s of wall time.
    const deadline = performance.now() + 30_000;
    let end = 0;
    while (end < 40_000 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      if (!fs.existsSync(out)) continue;
      try {
        const rec = Recording.open(out);
        end = Number(rec.meta().end_time_ms);
        rec.close();
      } catch {
        // not created yet
      }
    }
    child.kill('SIGKILL');
    await exited;
    expect(end).toBeGreaterThanOrEqual(40_000);
    const meta = sqlite(out, "SELECT key || '=' || value FROM meta WHERE key IN ('complete', 'end_time_ms') ORDER BY key").trim().split('\n');
    expect(meta[0]).toBe('complete=0');
    expect(Number(meta[1]!.split('=')[1])).toBeGreaterThanOrEqual(40_000);
    const summary = await listed(dir, 'session');
    expect(summary.complete).toBe(false);
    expect(summary.durationMs).toBeGreaterThanOrEqual(40_000);
    const v = await cliAsync(['verify', out]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('INCOMPLETE');
  }, 40_000);
});
