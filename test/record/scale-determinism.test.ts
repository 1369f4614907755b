import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import { sqlite, tmpDir } from '../helpers.js';
import { benchCluster, scaleDeployment } from '../bench/web-cluster.js';

/**
 * The scale bench's cluster in small (3 Deployments of 12 pods on 4 nodes, every
 * component running, then a pod deleted): same seed, same bytes, and the recording
 * verifies. The write path's savings (JSON made once, shared frozen values, one
 * timestamp string per second) must never show in a recording.
 */
function record(file: string): { head: string; count: number } {
  const { sim, rec, recorder, kubectl } = benchCluster(file, 4, { cpu: '8', memory: '32Gi' });
  for (const name of ['web-a', 'web-b', 'web-c']) {
    kubectl.create(scaleDeployment(name, 12, 'nginx:1.27'));
  }
  sim.runUntil(30_000);
  const victim = sim.api.list('Pod', { namespace: 'default' }).items[0]?.metadata.name ?? '';
  kubectl.delete('Pod', 'default', victim);
  sim.runUntil(60_000);
  const ready = ['web-a', 'web-b', 'web-c'].map((n) => sim.api.get('Deployment', 'default', n).status?.availableReplicas);
  expect(ready).toEqual([12, 12, 12]);
  recorder.close({ complete: true, endTimeMs: 60_000 });
  rec.close();
  return { head: recorder.head, count: recorder.count };
}

describe('a multi-Deployment cluster recorded twice', () => {
  it('gives the same head hash and the same rows, and verifies', () => {
    const dir = tmpDir();
    const a = record(path.join(dir, 'a.db'));
    const b = record(path.join(dir, 'b.db'));
    expect(a.count).toBeGreaterThan(500);
    expect(b).toEqual(a);
    const rows = (f: string): string => sqlite(path.join(dir, f), 'SELECT seq, hash, length(object) FROM events ORDER BY seq');
    expect(rows('b.db')).toBe(rows('a.db'));
    const check = Recording.open(path.join(dir, 'a.db'));
    try {
      expect(verifyRecording(check).ok).toBe(true);
    } finally {
      check.close();
    }
  }, 120_000);
});
