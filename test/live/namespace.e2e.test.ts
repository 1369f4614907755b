import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { ROOT } from '../helpers.js';
import { KUBECTL, kubectlSync } from './kubectl-runner.js';

/*
 * Issue 12's namespace story typed with the real /usr/bin/kubectl at `kubelapse live`
 * (the CLI in its own process): a Deployment in team-a, `kubectl delete ns team-a`,
 * Terminating meanwhile, pods stopped gracefully, the namespace gone, the process alive,
 * and a recording that verifies and tells the chain.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-ns-'));
const output = path.join(dir, 'namespaces.db');
const kubeconfig = path.join(dir, 'kubeconfig');
const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, KUBECACHEDIR: path.join(dir, 'cache') };
let child: ChildProcess;
let stdout = '';

const { run: kubectl, ok } = kubectlSync(kubeconfig, dir);

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!fs.existsSync(KUBECTL))('kubectl delete namespace against kubelapse live', () => {
  beforeAll(async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'live', '--port', '0', '--speed', '2', '--no-viewer', '-o', output, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stdout += c.toString()));
    await until('the API server to listen', () => (stdout.includes('Ctrl-C') ? true : undefined), 20_000);
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('Terminating while its pods stop gracefully, then gone; protected namespaces refuse; the recording tells why', async () => {
    expect(ok('create', 'namespace', 'team-a').trim()).toBe('namespace/team-a created');
    expect(ok('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '-n', 'team-a').trim()).toBe('deployment.apps/web created');
    expect(ok('rollout', 'status', 'deployment/web', '-n', 'team-a', '--timeout=60s')).toContain('successfully rolled out');

    // kubectl delete waits until the namespace is gone; meanwhile it shows Terminating.
    let deleteOut = '';
    const deleting = spawn(KUBECTL, ['delete', 'namespace', 'team-a'], { env });
    deleting.stdout.on('data', (c: Buffer) => (deleteOut += c.toString()));
    const deleted = new Promise<number | null>((resolve) => deleting.once('exit', (code) => resolve(code)));
    const row = await until('team-a Terminating', () => {
      const r = kubectl('get', 'namespace', 'team-a');
      return /team-a\s+Terminating\s+\d+s/.test(r.out) ? r.out : undefined;
    }, 20_000);
    expect(row.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    const refused = kubectl('create', 'deployment', 'late', '--image=nginx:1.25', '-n', 'team-a');
    expect(refused.code).toBe(1);
    expect(refused.err.trim()).toBe('error: failed to create deployment: deployments.apps "late" is forbidden: unable to create new content in namespace team-a because it is being terminated');
    // The pods' 30 s of grace is 15 s of wall time at 2x: on a loaded machine it can pass between two
    // describes (a kubectl run there takes seconds). Then the namespace is gone, and the recording says why (below).
    const described = await until('the NamespaceContentRemaining condition, or team-a gone', () => {
      const d = kubectl('describe', 'namespace', 'team-a');
      if (d.out.includes('NamespaceContentRemaining')) return d.out;
      return /not found/.test(d.err) ? '' : undefined;
    }, 20_000);
    if (described !== '') expect(described).toMatch(/Status:\s+Terminating/);
    expect(await deleted).toBe(0);
    expect(deleteOut.trim()).toBe('namespace "team-a" deleted');
    const gone = kubectl('get', 'namespace', 'team-a');
    expect(gone.err.trim()).toBe('Error from server (NotFound): namespaces "team-a" not found');
    expect(ok('get', 'pods', '-n', 'team-a', '-o', 'name').trim()).toBe('');

    const immortal = kubectl('delete', 'namespace', 'default');
    expect(immortal.code).toBe(1);
    expect(immortal.err.trim()).toBe('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted');
    // Re-created, it is a new, Active namespace.
    expect(ok('create', 'namespace', 'team-a').trim()).toBe('namespace/team-a created');
    expect(ok('get', 'namespace', 'team-a')).toMatch(/team-a\s+Active/);

    // The process is alive and well, and ends cleanly.
    expect(child.exitCode).toBeNull();
    expect(ok('get', 'nodes')).toMatch(/node-1\s+Ready/);
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).not.toContain('internal error');
    expect(stdout).not.toContain('warning:');

    const verify = spawnSync(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'verify', output], { encoding: 'utf8' });
    expect(verify.status).toBe(0);
    const rec = Recording.open(output);
    try {
      expect(rec.meta().complete).toBe('1');
      const q = (sql: string, ...args: unknown[]) => rec.db.prepare(sql).all(...args) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
      const [mark] = q("SELECT seq FROM events WHERE kind = 'Namespace' AND name = 'team-a' AND actor = 'kubectl' AND message LIKE 'kubectl delete%'");
      const podDeletes = q("SELECT seq, cause_seq, object FROM events WHERE kind = 'Pod' AND namespace = 'team-a' AND actor = 'namespace-controller'");
      expect(podDeletes).toHaveLength(2);
      for (const p of podDeletes) {
        expect(p.cause_seq).toBe(mark.seq);
        expect(JSON.parse(p.object).metadata.deletionGracePeriodSeconds).toBe(30);
      }
      // Each pod stopped by its kubelet, caused by the controller's delete of it.
      const stops = q("SELECT cause_seq FROM events WHERE kind = 'Pod' AND namespace = 'team-a' AND actor LIKE 'kubelet/%' AND reason = 'PodTerminated'");
      expect(stops.map((s) => s.cause_seq).sort()).toEqual(podDeletes.map((p) => p.seq).sort());
      // The controller wrote why it waited: its NamespaceContentRemaining condition while the pods stopped.
      expect(q("SELECT seq FROM events WHERE kind = 'Namespace' AND name = 'team-a' AND object LIKE '%NamespaceContentRemaining%'").length).toBeGreaterThan(0);
      const [end] = q("SELECT verb, subresource, actor FROM events WHERE kind = 'Namespace' AND name = 'team-a' AND verb = 'delete'");
      expect(end).toEqual({ verb: 'delete', subresource: 'finalize', actor: 'namespace-controller' });
    } finally {
      rec.close();
    }
    const why = spawnSync(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'why', output, String(q1(output))], { encoding: 'utf8' });
    expect(why.stdout).toMatch(/kubectl update namespace\/team-a[\s\S]*namespace-controller update pod\/team-a\/web-[\s\S]*kubelet\/node-\d update\/status pod\/team-a\/web-\S+ \(PodTerminated\)/);
  }, 240_000);
});

/** The seq of the first kubelet PodTerminated write in team-a. */
function q1(file: string): number {
  const rec = Recording.open(file);
  try {
    return rec.db.prepare("SELECT min(seq) FROM events WHERE namespace = 'team-a' AND reason = 'PodTerminated'").pluck().get() as number;
  } finally {
    rec.close();
  }
}
