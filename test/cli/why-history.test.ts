import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, deployment, pod, recordedSim, tmpDir } from '../helpers.js';

/** A hand-made chain, the shape the pod story will have: kubectl -> RS controller -> scheduler -> kubelet. */
function chainRecording(): string {
  // Seqs 1-10 are the bootstrap: 4 namespaces, the kubernetes Service, 2 Nodes, the kube-proxy addon's 3 objects.
  const file = path.join(tmpDir(), 'chain.db');
  const { sim, rec, recorder } = recordedSim(file, 2);
  const d = sim.api.create(deployment('web', 1), { actor: 'kubectl', reason: 'Apply', message: 'kubectl apply created deployment.apps/web' });
  const p = sim.client('replicaset-controller').withCause(Number(d.metadata.resourceVersion)).create(pod('web-abcde'), { reason: 'SuccessfulCreate', message: 'Created pod: web-abcde' });
  const bound = sim.client('scheduler').withCause(Number(p.metadata.resourceVersion)).bind('default', 'web-abcde', 'node-2', { reason: 'Scheduled', message: 'Successfully assigned default/web-abcde to node-2' });
  sim.client('kubelet/node-2').withCause(Number(bound.metadata.resourceVersion)).patchStatus('Pod', 'default', 'web-abcde', { status: { phase: 'Running' } }, 'merge', { reason: 'Started', message: 'Started container app' });
  recorder.close({ complete: true, endTimeMs: 1000 });
  rec.close();
  return file;
}

describe('kubelapse why', () => {
  const db = chainRecording();

  it('numbers the chain from the outside action down to the event', () => {
    const r = cli(['why', db, '14']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ 1\. #11 0:00\.0 kubectl create deployment\/default\/web \(Apply\)/);
    expect(lines[1]).toMatch(/^ 2\. {4}#12 0:00\.0 replicaset-controller create pod\/default\/web-abcde \(SuccessfulCreate\)/);
    expect(lines[2]).toMatch(/^ 3\. {7}#13 0:00\.0 scheduler update\/binding pod\/default\/web-abcde \(Scheduled\)/);
    expect(lines[3]).toMatch(/^ 4\. {10}#14 0:00\.0 kubelet\/node-2 update\/status pod\/default\/web-abcde \(Started\): Started container app {3}<- this event$/);
  });

  it('lists what an event caused, and says when nothing caused it', () => {
    const r = cli(['why', db, '11']);
    expect(r.stdout).toContain('(an outside action: nothing in the recording caused it)');
    expect(r.stdout).toMatch(/it caused 1 write:\n\s+#12 .*replicaset-controller create pod\/default\/web-abcde/);
  });

  it('--json gives the chain without the object bodies; a missing seq is exit 1', () => {
    const j = JSON.parse(cli(['why', db, '13', '--json']).stdout);
    expect(j.ancestors.map((e: { seq: number }) => e.seq)).toEqual([11, 12]);
    expect(j.event.object).toBeUndefined();
    expect(j.effects.map((e: { actor: string }) => e.actor)).toEqual(['kubelet/node-2']);
    const missing = cli(['why', db, '999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no event with seq 999');
    expect(cli(['why', db, 'x']).code).toBe(2);
  });
});

describe('kubelapse history', () => {
  const db = chainRecording();

  it('shows each version of an object with what changed', () => {
    const r = cli(['history', db, 'pod', 'web-abcde']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/#12 0:00\.0 replicaset-controller create \(SuccessfulCreate\)\n {4}created, uid [0-9a-f-]{36}/);
    expect(r.stdout).toMatch(/#13 0:00\.0 scheduler update\/binding \(Scheduled\)\n {4}spec\.nodeName: \+ "node-2"/);
    expect(r.stdout).toMatch(/#14 0:00\.0 kubelet\/node-2 update\/status \(Started\)\n {4}status\.phase: "Pending" -> "Running"/);
  });

  it('--json lists changes per version; an unknown object is exit 1', () => {
    const rows = cli(['history', db, 'pods', 'web-abcde', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.seq)).toEqual([12, 13, 14]);
    expect(rows[2].changes).toEqual([{ path: 'status.phase', type: 'changed', from: 'Pending', to: 'Running' }]);
    expect(cli(['history', db, 'pod', 'nope']).code).toBe(1);
  });
});
