import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KUBECTL } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';

/*
 * Containers in a pod with the real /usr/bin/kubectl (1.32) against kubelapse live: the
 * duplicate-port warning kubectl prints from the API server's Warning header, the
 * validation of init containers' restartPolicy, and `kubectl get pods` on a pod with an
 * init container and a native sidecar (Init:0/2 ... 2/2 Running) and on two containers
 * fighting over port 80 (1/2, then CrashLoopBackOff).
 */

const TWO_WEBS = `apiVersion: v1
kind: Pod
metadata: {name: two-webs}
spec:
  containers:
    - {name: nginx1, image: "nginx:1.27", ports: [{containerPort: 80}]}
    - {name: nginx2, image: "nginx:1.27", ports: [{containerPort: 80}]}
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: dup}
spec:
  replicas: 1
  selector: {matchLabels: {app: dup}}
  template:
    metadata: {labels: {app: dup}}
    spec:
      containers:
        - {name: a, image: "nginx:1.27", ports: [{containerPort: 8080}, {containerPort: 8080, protocol: UDP}]}
        - {name: b, image: "nginx:1.27", ports: [{containerPort: 8080}]}
`;

const INVALID = `apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  initContainers:
    - {name: init, image: busybox, restartPolicy: OnFailure, startupProbe: {exec: {command: ["true"]}}}
  containers:
    - {name: app, image: nginx, restartPolicy: Always}
`;

const WITH_SIDECAR = `apiVersion: v1
kind: Pod
metadata: {name: shipper}
spec:
  initContainers:
    - {name: setup, image: "busybox:1.36", command: [sh, -c, "sleep 16"]}
    - {name: fluent-bit, image: "fluent/fluent-bit:3.1", restartPolicy: Always}
  containers:
    - {name: app, image: "nginx:1.27"}
`;

describe.skipIf(!fs.existsSync(KUBECTL))('containers in a pod with the real kubectl against kubelapse live', () => {
  const session = liveWithKubectl({ speed: 4 });
  const { kubectl } = session;
  const file = (name: string, text: string): string => {
    const f = path.join(session.l.dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  /** READY and STATUS of `kubectl get pod NAME`. */
  const readyStatus = async (name: string): Promise<string> => {
    const r = await kubectl('get', 'pod', name, '--no-headers');
    return r.out.trim().split(/\s+/).slice(1, 3).join(' ');
  };


  it('two containers on port 80: created, with the warning kubectl prints; one of them crash-loops', async () => {
    const r = await kubectl('apply', '-f', file('two-webs.yaml', TWO_WEBS));
    expect(r.code).toBe(0);
    expect(r.out).toBe('pod/two-webs created\n');
    expect(r.err).toBe('Warning: spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]\n');
    await waitFor('two-webs to crash-loop', async () => ((await readyStatus('two-webs')) === '1/2 CrashLoopBackOff' ? true : undefined), 60_000);
    const states = JSON.parse((await kubectl('get', 'pod', 'two-webs', '-o', 'json')).out).status.containerStatuses;
    expect(states[0]).toMatchObject({ name: 'nginx1', ready: true, restartCount: 0 });
    expect(states[1].lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  }, 90_000);

  it('a Deployment template: the warnings name spec.template.spec; a UDP port of the same number is no conflict', async () => {
    const r = await kubectl('create', '-f', file('dup.yaml', DEPLOYMENT));
    expect(r.code).toBe(0);
    expect(r.err).toBe('Warning: spec.template.spec.containers[1].ports[0]: duplicate port definition with spec.template.spec.containers[0].ports[0]\n');
  });

  it('restartPolicy on containers is validated as upstream', async () => {
    const r = await kubectl('apply', '-f', file('bad.yaml', INVALID));
    expect(r.code).toBe(1);
    expect(r.err).toContain('The Pod "bad" is invalid: \n');
    expect(r.err).toContain('* spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers\n');
    expect(r.err).toContain('* spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"\n');
    expect(r.err).toContain('* spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always\n');
  });

  // The setup container sleeps 16 s of cluster time, 4 s of wall time at speed 4: long enough for a
  // \`kubectl get\` to catch it on a loaded machine (each kubectl start took over a second under load; with
  // "sleep 4", 1 s of wall time, one run saw only 2/2 Running).
  it('an init container, then a sidecar, then the app: Init:0/2 and 2/2 Running as kubectl prints them', async () => {
    expect((await kubectl('apply', '-f', file('shipper.yaml', WITH_SIDECAR))).code).toBe(0);
    const seen = new Set<string>();
    await waitFor('shipper to run', async () => {
      const s = await readyStatus('shipper');
      seen.add(s);
      return s === '2/2 Running' ? true : undefined;
    }, 60_000);
    expect(seen).toContain('0/2 Init:0/2');
    const st = JSON.parse((await kubectl('get', 'pod', 'shipper', '-o', 'json')).out).status;
    expect(st.initContainerStatuses.map((c: { name: string; started: boolean; ready: boolean }) => [c.name, c.started, c.ready])).toEqual([
      ['setup', false, true],
      ['fluent-bit', true, true],
    ]);
    expect(st.conditions.find((c: { type: string }) => c.type === 'Initialized').status).toBe('True');
  }, 90_000);
});
