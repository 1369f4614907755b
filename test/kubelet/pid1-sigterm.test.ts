import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { ignoresSigterm } from '../../core/kubelet/pid1.js';
import { cluster } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */

const pod = (name: string, container: Record<string, unknown>, annotations?: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...(annotations !== undefined ? { annotations } : {}) },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36', ...container }] },
});

/** The last status the kubelet wrote for a pod before it was removed, and when its container finished. */
function stopped(c: ReturnType<typeof cluster>, name: string): { terminated: any; phase: string; deletedAtMs: number } {
  const writes = c.writes.filter((w) => w.kind === 'Pod' && w.name === name);
  const status = [...writes].reverse().find((w) => w.subresource === 'status') as (typeof writes)[number];
  const gone = writes.find((w) => w.verb === 'delete' && w.actor.startsWith('kubelet/')) as (typeof writes)[number];
  return { terminated: status.object.status?.containerStatuses?.[0]?.state?.terminated, phase: status.object.status?.phase, deletedAtMs: gone.timeMs };
}

describe('PID 1 without a SIGTERM handler', () => {
  it('reads sleep and shells without a trap as ignoring SIGTERM; a trap, a real program or the image entrypoint handle it', () => {
    expect(ignoresSigterm({ command: ['sleep', 'infinity'] })).toBe(true);
    expect(ignoresSigterm({ args: ['sleep', '3600'] })).toBe(true);
    expect(ignoresSigterm({ command: ['/bin/sh', '-c', 'echo hi; sleep 3600'] })).toBe(true);
    expect(ignoresSigterm({ command: ['bash', '-c', 'while true; do date; sleep 5; done'] })).toBe(true);
    expect(ignoresSigterm({ command: ['busybox', 'sh', '-c', 'sleep 60'] })).toBe(true);
    expect(ignoresSigterm({ command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] })).toBe(false);
    expect(ignoresSigterm({ command: ['sh', '-c', 'trap "echo bye; exit" SIGTERM; sleep 100 & wait'] })).toBe(false);
    expect(ignoresSigterm({ command: ['sh', '-c', 'trap "rm -f /tmp/x" EXIT; sleep 100'] })).toBe(true);
    expect(ignoresSigterm({})).toBe(false); // nginx's own entrypoint
    expect(ignoresSigterm({ command: ['python', 'app.py'] })).toBe(false);
  });

  it('a deleted `sleep infinity` pod waits out the 30 s grace period and is SIGKILLed: exit 137, reason Error', () => {
    const c = cluster(1);
    c.kubectl.create(pod('sleeper', { command: ['sleep', 'infinity'] }));
    c.kubectl.create(pod('shell', { command: ['sh', '-c', 'echo start; sleep 3600'] }));
    c.kubectl.create(pod('trapped', { command: ['sh', '-c', "trap 'exit 0' TERM; sleep 3600"] }));
    c.kubectl.create(pod('told', { command: ['sleep', 'infinity'] }, { 'kubelapse/on-sigterm': 'exit' }));
    c.run(10_000);
    for (const name of ['sleeper', 'shell', 'trapped', 'told']) c.kubectl.delete('Pod', 'default', name);
    c.run(29_000);
    expect(c.pods().map((p) => p.metadata.name).sort()).toEqual(['shell', 'sleeper']);
    c.run(60_000);
    expect(c.pods()).toEqual([]);
    for (const name of ['sleeper', 'shell']) {
      const s = stopped(c, name);
      expect(s.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
      expect(s.phase).toBe('Failed');
      expect(s.deletedAtMs).toBeGreaterThanOrEqual(40_000);
    }
    for (const name of ['trapped', 'told']) {
      const s = stopped(c, name);
      expect(s.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
      expect(s.deletedAtMs).toBeLessThan(11_000);
    }
  });
});
