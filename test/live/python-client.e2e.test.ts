import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type RunningLive } from './live-fixture.js';
import { hasPythonClient, runPythonClient } from './python.js';

/*
 * The official Python client (Debian's python3-kubernetes, v22; `.ci/run` installs it)
 * against the live API, unmodified: its models refuse objects that lack a required
 * field, and its watch sends `watch=True`.
 */

const hasClient = hasPythonClient;

describe.skipIf(!hasClient)('the official Python client against kubelapse live', () => {
  let l: RunningLive;
  beforeAll(async () => {
    l = await startLive({ speed: 4 });
  });
  afterAll(async () => {
    await l.stop();
  });

  it('lists nodes and pods, creates a Deployment, watches its pods come up, reads, patches and deletes it', async () => {
    const ca = path.join(l.dir, 'ca.crt');
    fs.writeFileSync(ca, l.ca);
    // Run asynchronously: the live server in this process must keep serving meanwhile.
    const { code, stdout, stderr } = await runPythonClient('python-client.py', [l.url, l.token, ca]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);

    // list_node: every NodeSystemInfo field present, identities distinct per node.
    expect(out.nodes.map((n: any) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    for (const n of out.nodes) {
      expect(n.machineID).toMatch(/^[0-9a-f]{32}$/);
      expect(n.bootID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(n.systemUUID).toMatch(/^[0-9a-f-]{36}$/);
      expect(n.kernelVersion).not.toBe('');
    }
    expect(new Set(out.nodes.map((n: any) => n.machineID)).size).toBe(3);
    expect(out.podsBefore).toBe(0);
    // kube-system's: CoreDNS's two and a kube-proxy per node (the script keeps each name's first word).
    expect(out.systemPods).toEqual(['coredns', 'coredns', 'kube', 'kube', 'kube']);
    expect(out.created).toBe('py-web');

    // The watch saw both pods ADDED, then MODIFIED up to Ready.
    const types = new Set(out.events.map((e: any) => e.type));
    expect(types).toEqual(new Set(['ADDED', 'MODIFIED']));
    const names = new Set(out.events.map((e: any) => e.name));
    expect(names.size).toBe(2);
    for (const name of names) {
      const own = out.events.filter((e: any) => e.name === name);
      expect(own[0].type).toBe('ADDED');
      expect(own.at(-1)).toMatchObject({ type: 'MODIFIED', phase: 'Running', ready: true });
    }

    expect(out.read).toMatchObject({ replicas: 2, strategy: 'RollingUpdate' });
    expect(out.patched).toBe(3);
    expect(out.deleted).toBe('Success');
    // The rest of the workload API, through the client's typed models (which refuse an object
    // missing a field they require): read back at once, listed, and a Job watched to Complete.
    expect(out.workloads).toEqual({
      daemonsets: ['py-agent'], statefulsets: ['py-db'], jobs: ['py-job'], cronjobs: 0, controllerrevisions: true,
      storageclasses: ['standard'], priorityclasses: ['system-cluster-critical', 'system-node-critical'], pvcs: 0, pvs: 0,
    });
    expect(out.jobSucceeded).toBe(1);
  }, 90_000);
});
