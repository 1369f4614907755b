import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { Simulation } from '../core/sim/cluster.js';
import type { KObject } from '../core/api/types.js';
import { ApiError } from '../core/api/status.js';
import { Recorder } from '../core/record/recorder.js';
import { Recording } from '../core/record/recording.js';
import { ensureServiceAccounts } from '../core/controllers/serviceaccount/serviceaccounts-controller.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BIN = path.join(ROOT, 'bin', 'kubelapse.js');

/** A fresh simulation with the bootstrap namespaces (and `nodes` nodes) in place. */
export function makeSim(nodes = 0, seed = 1): Simulation {
  const sim = new Simulation({ seed, epoch: '2026-01-01T00:00:00Z' });
  sim.bootstrap(Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}`, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] })));
  return sim;
}

/**
 * How many writes Simulation.bootstrap makes for `nodes` nodes before a test's own:
 * namespaces, the kubernetes Service, priority classes, Nodes, ServiceAccounts,
 * kube-root-ca.crt ConfigMaps, CoreDNS. Tests that name seqs count from here.
 */
export function bootstrapWrites(nodes = 0): number {
  return makeSim(nodes).api.lastSeq;
}

/**
 * A namespace as kubectl creates it, with the `default` ServiceAccount the serviceaccount
 * controller would add a moment later: a simulation without a control plane has no
 * controller, and a pod needs the account (ServiceAccount admission).
 */
export function createNamespace(sim: Simulation, name: string): Readonly<KObject> {
  const ns = sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { actor: 'kubectl' });
  ensureServiceAccounts(sim.client('serviceaccount-controller'), ns, () => false);
  return ns;
}

export function tmpDir(prefix = 'kubelapse-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function deployment(name: string, replicas = 3, labels: Record<string, string> = { app: name }): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  };
}

export function pod(name: string, extra: Partial<KObject['spec']> = {}, labels: Record<string, string> = { app: 'web' }): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...extra },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `kubelapse` command (node bin/kubelapse.js) and captures everything; killed after `timeoutMs` (code -1). */
export function cli(args: string[], cwd = ROOT, timeoutMs?: number): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * cli() without blocking this process: for tests that serve HTTP from this same process.
 * A CLI run of several seconds under spawnSync freezes the event loop past the server's
 * 5 s keep-alive timeout, and the next fetch on the pooled socket then races the server
 * closing it (ECONNRESET); here the server goes on answering while the CLI runs.
 */
export function cliAsync(args: string[], cwd = ROOT, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

export function sqlite(db: string, sql: string): string {
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' });
}

/** The ApiError `fn` throws; fails the test if it throws nothing or something else. */
export function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the API server to refuse');
}

/**
 * A Deployment, then one pod a virtual second for `seconds` seconds, each created with the
 * Deployment as its cause, relabelled by its kubelet (caused by its creation), and every
 * third deleted: a small recording with every verb, causes, and objects that come and go
 * (the index tests' workload).
 */
export function podChurn(sim: Simulation, seconds: number): void {
  const d = sim.api.create(deployment('web', 4), { actor: 'kubectl' });
  for (let i = 0; i < seconds; i++) {
    sim.runUntil(1000 * (i + 1));
    const p = sim.api.create(pod(`p${i}`, {}, { v: '0' }), { actor: 'replicaset-controller', causeSeq: Number(d.metadata.resourceVersion) });
    sim.api.patch('Pod', 'default', `p${i}`, { metadata: { labels: { v: '1' } } }, 'merge', { actor: 'kubelet/node-1', causeSeq: Number(p.metadata.resourceVersion) });
    if (i % 3 === 0) sim.api.delete('Pod', 'default', `p${i}`, { actor: 'kubectl' });
  }
}

/** A simulation recording into `file` from its very first write (bootstrap included). */
export function recordedSim(file: string, nodes = 0): { sim: Simulation; rec: Recording; recorder: Recorder } {
  const rec = Recording.create(file, { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
  const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
  const recorder = new Recorder(rec).attach(sim.api.writes$);
  sim.bootstrap(Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}`, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] })));
  return { sim, rec, recorder };
}
