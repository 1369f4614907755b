import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { ROOT, tmpDir } from '../helpers.js';

interface Row {
  seq: number;
  time_ms: number;
  verb: string;
  subresource: string | null;
  kind: string;
  name: string;
  actor: string;
  cause_seq: number | null;
  reason: string | null;
}

describe('acceptance: pod-loss-recovery tells the textbook chain', () => {
  const out = path.join(tmpDir(), 'pod-loss-recovery.db');
  const result = runScenario(loadScenario(path.join(ROOT, 'recordings', 'pod-loss-recovery.yaml')), { output: out });
  const db = new Database(out, { readonly: true });
  const rows = db.prepare('SELECT seq, time_ms, verb, subresource, kind, name, actor, cause_seq, reason FROM events ORDER BY seq').all() as Row[];
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const chainTo = (seq: number): Row[] => {
    const out: Row[] = [];
    for (let r = bySeq.get(seq); r !== undefined; r = r.cause_seq === null ? undefined : bySeq.get(r.cause_seq)) out.unshift(r);
    return out;
  };

  it('passes its expectations', () => {
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('the loss the kubelet notices: from the ReplicaSet settling back to the lost pod, step by step', () => {
    const lost = rows.find((r) => r.reason === 'PodFailed') as Row;
    expect(lost).toBeDefined();
    const replacement = rows.find((r) => r.seq > lost.seq && r.kind === 'Pod' && r.verb === 'create') as Row;
    const ready = rows.find((r) => r.name === replacement.name && r.reason === 'ContainerReady') as Row;
    const settles = rows.find((r) => r.kind === 'ReplicaSet' && r.subresource === 'status' && r.cause_seq === ready.seq) as Row;
    expect(settles).toBeDefined();
    const chain = chainTo(settles.seq).map((r) => `${r.actor} ${r.verb}${r.subresource ? `/${r.subresource}` : ''} ${r.kind} ${r.reason}`);
    const node = chainTo(settles.seq)[3]?.actor ?? '';
    expect(node).toMatch(/^kubelet\/node-\d$/);
    expect(chain).toEqual([
      `${lost.actor} update/status Pod PodFailed`, // the pod is lost; its kubelet reports it and the API server stores it
      'replicaset-controller create Pod SuccessfulCreate', // too few pods: ask for one
      'scheduler update/binding Pod Scheduled', // pick a node
      `${node} update/status Pod PodAdmitted`, // that node's kubelet starts it ...
      `${node} update/status Pod ContainerStarted`,
      `${node} update/status Pod ContainerReady`, // ... and reports it Ready
      'replicaset-controller update/status ReplicaSet ReplicaSetStatus', // sees it and settles
    ]);
    expect(chainTo(settles.seq)[0]?.cause_seq).toBeNull();
  });

  it('the deleted pod: kubectl delete -> ReplicaSet create -> binding -> kubelet -> Ready', () => {
    const del = rows.find((r) => r.actor === 'kubectl' && r.kind === 'Pod') as Row;
    const created = rows.find((r) => r.kind === 'Pod' && r.verb === 'create' && r.cause_seq === del.seq) as Row;
    expect(created.actor).toBe('replicaset-controller');
    const ready = rows.find((r) => r.name === created.name && r.reason === 'ContainerReady') as Row;
    expect(chainTo(ready.seq).map((r) => r.actor)[0]).toBe('kubectl');
    // The old pod is stopped by its kubelet and removed with its grace-0 delete, caused by the same kubectl delete.
    const gone = rows.find((r) => r.verb === 'delete' && r.name === del.name) as Row;
    expect(chainTo(gone.seq)[0]?.seq).toBe(del.seq);
  });
});
