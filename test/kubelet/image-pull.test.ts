import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { goDuration, imageSize } from '../../core/kubelet/images.js';
import { cluster } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- events are open JSON */

const crashing = (name: string, image: string, policy: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', annotations: { 'kubelapse/crash-after': '5s' } },
  spec: { containers: [{ name: 'c', image, imagePullPolicy: policy }] },
});

/** Events about one pod with a reason: message -> how many times (an Event's count). */
function told(c: ReturnType<typeof cluster>, pod: string, reason: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of c.events(reason) as any[]) if (e.involvedObject?.name === pod) out[e.message] = (out[e.message] ?? 0) + (e.count ?? 1);
  return out;
}

describe('image pulls', () => {
  it('imagePullPolicy Always pulls on every start, restarts too; IfNotPresent finds it present', () => {
    const c = cluster(1);
    c.kubectl.create(crashing('always', 'nginx:1.27', 'Always'));
    c.run(3_000);
    c.kubectl.create(crashing('present', 'nginx:1.27', 'IfNotPresent'));
    c.run(60_000);
    const restarts = (name: string): number => c.sim.api.get('Pod', 'default', name).status.containerStatuses[0].restartCount;
    expect(restarts('always')).toBeGreaterThanOrEqual(2);
    const starts = restarts('always') + 1;
    expect(told(c, 'always', 'Pulling')).toEqual({ 'Pulling image "nginx:1.27"': starts });
    // The first pull from the registry (2 s), then the cached image's manifest check (0.4 s) on each restart.
    expect(told(c, 'always', 'Pulled')).toEqual({
      'Successfully pulled image "nginx:1.27" in 2s (2s including waiting). Image size: 72955450 bytes.': 1,
      'Successfully pulled image "nginx:1.27" in 400ms (400ms including waiting). Image size: 72955450 bytes.': starts - 1,
    });
    expect(told(c, 'present', 'Pulling')).toEqual({});
    expect(told(c, 'present', 'Pulled')).toEqual({ 'Container image "nginx:1.27" already present on machine': restarts('present') + 1 });
  });

  it('sizes: the usual images from a table, any other a plausible size that is the same on every run', () => {
    expect(imageSize('nginx')).toBe(imageSize('docker.io/library/nginx:1.27'));
    expect(imageSize('busybox:1.36')).toBe(2_155_402);
    const other = imageSize('example.com/team/app:v3');
    expect(other).toBe(imageSize('example.com/team/app:v3'));
    expect(other).toBeGreaterThanOrEqual(5_000_000);
    expect(other).toBeLessThan(200_000_000);
    expect(imageSize('example.com/team/app:v4')).not.toBe(other);
    expect([goDuration(2000), goDuration(400), goDuration(1500), goDuration(61_500), goDuration(4_250)]).toEqual(['2s', '400ms', '1.5s', '1m1.5s', '4.25s']);
  });
});
