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

  it('the loss the kubelet notices: SandboxChanged, the same pod restarted in place and Ready again, no replacement', () => {
    const lost = rows.find((r) => r.reason === 'SandboxChanged' && r.kind === 'Pod') as Row;
    expect(lost).toBeDefined();
    expect(lost.actor).toMatch(/^kubelet\/node-\d$/);
    expect(lost.cause_seq).toBeNull(); // nobody asked: the kubelet's relist starts the story
    expect(lost.time_ms).toBe(71_000); // the fault at 70 s, the relist 1 s later
    // No pod is created after the loss: the ReplicaSet keeps the same pod.
    expect(rows.filter((r) => r.seq > lost.seq && r.kind === 'Pod' && r.verb === 'create')).toEqual([]);
    expect(rows.some((r) => r.seq > lost.seq && r.reason === 'PodFailed')).toBe(false);
    const ready = rows.find((r) => r.seq > lost.seq && r.name === lost.name && r.reason === 'ContainerReady') as Row;
    const settles = rows.find((r) => r.kind === 'ReplicaSet' && r.subresource === 'status' && r.cause_seq === ready.seq) as Row;
    expect(settles).toBeDefined();
    const chain = chainTo(settles.seq).map((r) => `${r.actor} ${r.verb}${r.subresource ? `/${r.subresource}` : ''} ${r.kind} ${r.reason}`);
    expect(chain).toEqual([
      `${lost.actor} update/status Pod SandboxChanged`, // the sandbox is gone; the pod reads not ready
      `${lost.actor} update/status Pod ContainerRestarted`, // a new sandbox, the container started again (RESTARTS 1)
      `${lost.actor} update/status Pod ContainerReady`, // its readiness probe passes again
      'replicaset-controller update/status ReplicaSet ReplicaSetStatus', // back to 3 ready
    ]);
    // In between, the ReplicaSet counted one ready pod less: the dip the Deployment shows.
    const dip = rows.find((r) => r.kind === 'ReplicaSet' && r.subresource === 'status' && r.cause_seq === lost.seq);
    expect(dip).toBeDefined();
    expect(result.expectations.filter((e) => e.expectation.at === 72_000).map((e) => e.passed)).toEqual([true]);
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
