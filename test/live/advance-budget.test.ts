import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { servingCertificate } from '../../core/live/certificate.js';
import { emptyScenario } from '../../core/live/empty-scenario.js';
import { LiveServer } from '../../core/live/live-server.js';

/*
 * A live session runs its simulation in pieces of at most 20 ms of wall time (so that the
 * sockets are served during a burst); a piece stops between tasks, also two of one
 * instant, and the next carries on. Cut into the smallest pieces there are (a budget of
 * 0: one task per call), a
 * 30-replica Deployment's first 20 s must come out as the same recording, hash for
 * hash, as one call that runs it whole.
 */
async function run(budgetMs: number): Promise<{ head: string; calls: number; rows: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-budget-'));
  const tls = await servingCertificate('2026-11-22T00:00:00Z');
  const live = new LiveServer({ scenario: emptyScenario({ dir, name: 'budget', title: 'budget', nodes: 3 }), output: path.join(dir, 'budget.db'), epoch: '2026-11-22T10:00:00Z', token: 't', host: '127.0.0.1', port: 0, tls, tlsWorker: false, advanceBudgetMs: budgetMs });
  await live.listen({ sync: () => {}, poke: () => {} });
  const api = live.session.sim.api;
  api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 30, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } } }, { actor: 'kubectl' });
  let calls = 0;
  // Until 20 s is reached and nothing at or before it is left (a piece can stop inside an instant).
  while ((live.session.now() < 20_000 || (live.nextDue() ?? Infinity) <= 20_000) && calls < 100_000) {
    live.advance(20_000);
    calls++;
  }
  const result = { head: live.session.recorder.head, calls, rows: live.session.recorder.count };
  await live.close(20_000);
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

describe('live: the simulation run in budgeted pieces', () => {
  it('one task per call gives the same recording as one whole call', async () => {
    const whole = await run(Number.POSITIVE_INFINITY);
    const pieces = await run(0);
    expect(whole.calls).toBe(1);
    expect(pieces.calls).toBeGreaterThan(20); // it really was cut into pieces
    expect(pieces.rows).toBe(whole.rows);
    expect(pieces.head).toBe(whole.head);
  });
});
