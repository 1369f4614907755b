import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPod } from './workload.js';

/**
 * Benchmark 8: 1,000,000 audit lines (a plain audit.k8s.io/v1 log, JSON lines) through
 * the audit reader alone and through the whole import (reader + ImportWriter), lines/s
 * and peak RSS of each, against the recorder's raw append rate of
 * benchmark 1 in the same run. The log is the lifecycle of 5,000 pods over and over,
 * 8 lines each: create (RequestResponse), get, binding (Status response), a kubelet
 * status patch (RequestResponse), list, a kubelet patch at Request level (folded onto
 * the known pod), watch, delete. Every 100th pair of lines is swapped, as a log written
 * by several apiserver goroutines has them, so the reader's sort is exercised.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

/** 10:00:00 plus `us` microseconds as an audit timestamp, by text: the bench keeps off Date. */
function stamp(us: number): string {
  const s = Math.floor(us / 1e6);
  const pad = (v: number, n = 2) => String(v).padStart(n, '0');
  return `2024-05-01T${pad(10 + Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(us % 1e6, 6)}Z`;
}

function lineFor(k: number): string {
  const pod = Math.floor(k / 8) % 5000;
  const round = Math.floor(k / 40_000);
  const name = `${benchPod(pod).metadata.name as string}-${round}`;
  const uri = `/api/v1/namespaces/default/pods/${name}`;
  const ref = { resource: 'pods', namespace: 'default', name, apiVersion: 'v1' };
  const object = { ...benchPod(pod), metadata: { ...benchPod(pod).metadata, name, namespace: 'default', resourceVersion: String(k + 1) } };
  const kubelet = { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] };
  const status = { status: { conditions: [{ type: 'Ready', status: k % 16 === 3 ? 'True' : 'False' }] } };
  // The fields in kube-apiserver's order (the Go struct's), as a real log has them.
  const ev = (level: string, verb: string, requestURI: string, user: object, objectRef: object, code: number, requestObject?: unknown, responseObject?: unknown) =>
    JSON.stringify({
      kind: 'Event', apiVersion: 'audit.k8s.io/v1', level, auditID: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`, stage: 'ResponseComplete',
      requestURI, verb, user, sourceIPs: ['10.0.0.2'], userAgent: user === kubelet ? 'kubelet/v1.32.0 (linux/amd64) kubernetes/abc' : 'kube-controller-manager/v1.32.0',
      objectRef, responseStatus: { metadata: {}, code }, requestObject, responseObject,
      requestReceivedTimestamp: stamp(k * 137), stageTimestamp: stamp(k * 137 + 90), annotations: { 'authorization.k8s.io/decision': 'allow' },
    });
  const statusOk = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  switch (k % 8) {
    case 0: return ev('RequestResponse', 'create', '/api/v1/namespaces/default/pods', { username: 'system:serviceaccount:kube-system:replicaset-controller' }, { resource: 'pods', namespace: 'default', apiVersion: 'v1' }, 201, benchPod(pod), object);
    case 1: return ev('Metadata', 'get', uri, kubelet, ref, 200);
    case 2: return ev('RequestResponse', 'create', `${uri}/binding`, { username: 'system:kube-scheduler' }, { ...ref, subresource: 'binding' }, 201, { kind: 'Binding', apiVersion: 'v1', metadata: { name }, target: { kind: 'Node', name: 'node-1' } }, statusOk);
    case 3: return ev('RequestResponse', 'patch', `${uri}/status`, kubelet, { ...ref, subresource: 'status' }, 200, status, { ...object, ...status });
    case 4: return ev('Metadata', 'list', '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1', kubelet, { resource: 'pods', apiVersion: 'v1' }, 200);
    case 5: return ev('Request', 'patch', `${uri}/status`, kubelet, { ...ref, subresource: 'status' }, 200, status);
    case 6: return ev('Metadata', 'watch', '/api/v1/pods?watch=true', kubelet, { resource: 'pods', apiVersion: 'v1' }, 200);
    default: return ev('RequestResponse', 'delete', uri, kubelet, ref, 200, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 }, { ...statusOk, code: 200 });
  }
}

export function writeAuditLog(file: string, lines: number): number {
  const fd = fs.openSync(file, 'w');
  let batch: string[] = [];
  for (let k = 0; k < lines; k++) {
    // Swap each 100th line with the one before it: the later write logged first.
    const which = k % 100 === 99 ? k - 1 : k % 100 === 98 && k + 1 < lines ? k + 1 : k;
    batch.push(lineFor(which));
    if (batch.length === 10_000) {
      fs.writeSync(fd, batch.join('\n') + '\n');
      batch = [];
    }
  }
  if (batch.length > 0) fs.writeSync(fd, batch.join('\n') + '\n');
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

export interface ImportAuditFigures {
  lines: number;
  writes: number;
  partial: number;
  /** causes the pipeline inferred (0 for the reader alone) */
  inferred: number;
  outOfOrder: number;
  wallMs: number;
  /** the child's CPU time: on a shared machine, wall time also counts other people's work */
  cpuMs: number;
  maxRssMB: number;
  linesPerSec: number;
  writesPerSec: number;
}

/** The same log read twice: by the reader alone, then through the ImportWriter to SQLite. */
export function importAuditBench(dir: string, lines = 1_000_000): { bytes: number; reader: ImportAuditFigures; pipeline: ImportAuditFigures } {
  const file = path.join(dir, 'audit.log');
  const bytes = writeAuditLog(file, lines);
  const run = (mode: 'reader' | 'pipeline'): ImportAuditFigures => {
    const child = JSON.parse(execFileSync(process.execPath, [path.join(here, 'import-audit-child.js'), file, mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Omit<ImportAuditFigures, 'linesPerSec' | 'writesPerSec'>;
    return { ...child, linesPerSec: child.lines / (child.wallMs / 1000), writesPerSec: child.writes / (child.wallMs / 1000) };
  };
  const reader = run('reader');
  const pipeline = run('pipeline');
  fs.rmSync(file, { force: true });
  return { bytes, reader, pipeline };
}
