import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster } from '../controllers/cluster-helpers.js';

const pod = (name: string, container: Record<string, unknown>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', ...container }] },
});

/** What `kubectl logs` reads: the kubelet's kept lines of the pod's container, each with its time after the first line's. */
function logs(c: ReturnType<typeof cluster>, name: string): Array<[number, string]> {
  const p = c.sim.api.get('Pod', 'default', name);
  const k = c.plane.kubelets.get(p.spec.nodeName) as NonNullable<ReturnType<typeof c.plane.kubelets.get>>;
  const lines = k.logs.read('default', name, 'main');
  return lines.map((l) => [l.timeMs - (lines[0]?.timeMs ?? 0), l.line]);
}

describe('logs show what the container prints', () => {
  it('echo/printf/date lines at their virtual time, in order with the sleeps; no kubelapse lines for a script', () => {
    const c = cluster(1);
    c.kubectl.create(pod('lf', { command: ['sh', '-c', 'echo hello; sleep 5; echo bye'] }));
    c.kubectl.create(pod('fmt', { command: ['/bin/sh', '-c', "printf 'n=%d %s\\n' 3 items; sleep 1.5; date; echo -e 'a\\nb' && exit 2"] }));
    c.kubectl.create(pod('quiet', { command: ['sleep', '3'] }));
    c.kubectl.create(pod('nginx', { image: 'nginx:1.27', command: undefined }));
    c.kubectl.create(pod('loop', { command: ['sh', '-c', 'while true; do echo tick; date; sleep 5; done'] }));
    c.run(30_000);
    expect(logs(c, 'lf')).toEqual([
      [0, 'hello'],
      [5_000, 'bye'],
    ]);
    const fmt = logs(c, 'fmt');
    expect(fmt.map(([t, l]) => [t, l.replace(/\d\d:\d\d:\d\d/, 'HH:MM:SS')])).toEqual([
      [0, 'n=3 items'],
      [1_500, 'Thu Jan  1 HH:MM:SS UTC 2026'],
      [1_500, 'a'],
      [1_500, 'b'],
    ]);
    expect(c.sim.api.get('Pod', 'default', 'fmt').status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(logs(c, 'quiet')).toEqual([]);
    // An image kubelapse knows keeps its own lines: nginx listens on :80 though it declares no port.
    expect(logs(c, 'nginx').map(([, l]) => l)).toEqual(['starting nginx:1.27', 'listening on :80']);
    // The log-writing loop of a sidecar: one pass every 5 s for as long as it runs, nothing of kubelapse's own.
    const loop = logs(c, 'loop');
    expect(loop.length).toBeGreaterThanOrEqual(10);
    loop.forEach(([t, l], i) => {
      expect(t).toBe(Math.floor(i / 2) * 5_000);
      expect(l).toMatch(i % 2 === 0 ? /^tick$/ : /^Thu Jan {2}1 00:00:\d\d UTC 2026$/);
    });
    expect(c.sim.api.get('Pod', 'default', 'loop').status.phase).toBe('Running');
  });
});
