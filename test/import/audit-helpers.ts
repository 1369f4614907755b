import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ObservedFailure, ObservedWrite, SkippedInput } from '../../core/import/observed-write.js';
import { type AuditReadSummary, readAuditInputs } from '../../core/import/audit/read-audit.js';
import { ROOT } from '../helpers.js';

/** The shared real samples, beside the checkout (never copied into the repository). */
export const REAL_AUDIT = path.join(ROOT, '..', 'shared', 'real', 'audit');

export interface Read {
  writes: ObservedWrite[];
  failures: ObservedFailure[];
  skipped: SkippedInput[];
  summary: AuditReadSummary;
}

export async function read(paths: string[]): Promise<Read> {
  const out: Omit<Read, 'summary'> = { writes: [], failures: [], skipped: [] };
  const summary = await readAuditInputs(paths, {
    write: (w) => out.writes.push(w),
    failure: (f) => out.failures.push(f),
    skipped: (s) => out.skipped.push(s),
  });
  return { ...out, summary };
}

export function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-audit-test-'));
}

/** A plain audit.k8s.io/v1 Event line, completed, with what a test sets. */
export function event(over: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: 'id', stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods', verb: 'create', user: { username: 'system:serviceaccount:kube-system:replicaset-controller' },
    userAgent: 'kube-controller-manager/v1.32.0', objectRef: { resource: 'pods', namespace: 'default', name: 'web-1', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 }, requestReceivedTimestamp: '2024-05-01T10:00:00.000100Z', stageTimestamp: '2024-05-01T10:00:00.000200Z',
    ...over,
  };
}

export function pod(name: string, rv: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion: rv }, spec: { containers: [{ name: 'app', image: 'nginx' }] }, status: { phase: 'Pending' }, ...extra };
}

export const lines = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
