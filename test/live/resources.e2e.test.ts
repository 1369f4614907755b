import fs from 'node:fs';
import path from 'node:path';
import { describe, beforeAll, expect, it } from 'vitest';
import { KUBECTL } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';

/*
 * Requests, limits, QoS and node allocatable as the real /usr/bin/kubectl reads them from
 * kubelapse live: `kubectl describe node`'s Allocatable, Non-terminated Pods and
 * Allocated resources are kubectl's own arithmetic over what the API serves.
 */

describe.skipIf(!fs.existsSync(KUBECTL))('resources through the real kubectl', () => {
  const session = liveWithKubectl({ speed: 4, nodes: 1 });
  const { kubectl, ok } = session;

  beforeAll(async () => {
    const manifest = path.join(session.l.dir, 'api.yaml');
    fs.writeFileSync(manifest, [
      'apiVersion: v1', 'kind: Pod', 'metadata: {name: api}', 'spec:', '  containers:', '  - name: app', '    image: nginx:1.27',
      '    resources: {requests: {cpu: 250m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}',
    ].join('\n'));
    await ok('create', '-f', manifest);
    await waitFor('api running', async () => ((await ok('get', 'pod', 'api', '-o', 'jsonpath={.status.phase}')) === 'Running' ? true : undefined), 60_000);
  }, 90_000);

  it('describe node: allocatable memory is capacity - 100Mi, and the pod\'s requests and limits with kubectl\'s percentages', async () => {
    const out = await ok('describe', 'node', 'node-1');
    expect(out).toMatch(/Allocatable:\n\s+cpu:\s+4\n\s+ephemeral-storage:\s+96636764k\n\s+hugepages-1Gi:\s+0\n\s+hugepages-2Mi:\s+0\n\s+memory:\s+8092Mi\n\s+pods:\s+110/);
    // 250m of 4 cores is 6%, 128Mi of 8092Mi is 1%.
    expect(out).toMatch(/default\s+api\s+250m \(6%\)\s+500m \(12%\)\s+128Mi \(1%\)\s+256Mi \(3%\)/);
    // With CoreDNS's two pods (100m and 70Mi requested each, 170Mi limits): 450m (11%), 268Mi (3%); limits 500m, 596Mi (7%).
    expect(out).toMatch(/cpu\s+450m \(11%\)\s+500m \(12%\)/);
    expect(out).toMatch(/memory\s+268Mi \(3%\)\s+596Mi \(7%\)/);
  });

  it('the QoS class is in the status, and a request above its limit is refused with upstream\'s message', async () => {
    expect(await ok('get', 'pod', 'api', '-o', 'jsonpath={.status.qosClass}')).toBe('Burstable');
    const r = await kubectl('run', 'bad', '--image=nginx:1.27', '--overrides={"spec":{"containers":[{"name":"bad","image":"nginx:1.27","resources":{"requests":{"memory":"1Gi"},"limits":{"memory":"512Mi"}}}]}}');
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('The Pod "bad" is invalid: spec.containers[0].resources.requests[memory]: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi');
  });
});
