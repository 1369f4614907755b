import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import type { LogLine } from '../../core/kubelet/container-log.js';
import { REQUEST_LOG_PERIOD_MS } from '../../core/network/request-log.js';
import { cluster, web } from '../controllers/cluster-helpers.js';

const service: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

describe('the request log: every 10 s a serving pod sums up what it answered', () => {
  it('writes each request into exactly one summary while traffic flows, and nothing once it stops', () => {
    const c = cluster(2);
    c.kubectl.create(service);
    c.kubectl.create(web(3));
    const lines: LogLine[] = [];
    const logs = new Set([...c.plane.kubelets.values()].map((k) => k.logs));
    for (const l of logs) l.lines$.subscribe((line) => /^served \d+ requests/.test(line.line) && lines.push(line));
    // No traffic yet: two periods pass with every pod running and nothing to sum up.
    c.run(30_000);
    expect(lines).toEqual([]);
    c.plane.traffic.set('default/web', 30);
    c.run(70_000);
    c.plane.traffic.set('default/web', 0);
    // The requests of the last partial period are summed at the next tick, then silence.
    c.run(85_000);
    const written = lines.length;
    expect(written).toBeGreaterThan(6);
    c.run(200_000);
    expect(lines.length).toBe(written);
    for (const l of lines) expect(l.timeMs % REQUEST_LOG_PERIOD_MS).toBe(0);
    const summed = lines.reduce((n, l) => n + Number(/^served (\d+)/.exec(l.line)?.[1]), 0);
    const uids = new Set(c.pods('app=web').map((p) => p.metadata.uid ?? ''));
    let served = 0;
    for (const [uid, n] of c.plane.traffic.served) if (uids.has(uid)) served += n;
    expect(served).toBeGreaterThan(500);
    expect(summed).toBe(served);
  });
});
