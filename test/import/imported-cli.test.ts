import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportWriter } from '../../core/import/import-writer.js';
import { cli, sqlite, tmpDir } from '../helpers.js';
import { observedFromRecording } from './sim-observed.js';

/** why, events and history on an imported recording: inferred links say so, every write says where it was read. */
describe('an imported recording in why, events and history', () => {
  const dir = tmpDir();
  const imported = path.join(dir, 'imported.db');
  let binding = 0;

  beforeAll(() => {
    const simulated = path.join(dir, 'sim.db');
    expect(cli(['run', 'recordings/pod-loss-recovery.yaml', '-o', simulated]).code).toBe(0);
    const w = ImportWriter.create(imported, { sources: ['audit.log'], kind: 'audit', keepSecrets: false });
    for (const o of observedFromRecording(simulated)) w.add(o);
    w.close({ complete: true });
    binding = Number(sqlite(imported, "SELECT MIN(seq) FROM events WHERE subresource = 'binding' AND namespace = 'default'").trim());
  });

  it('why walks inferred links back to the kubectl write and labels each one', () => {
    const r = cli(['why', imported, String(binding)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ 1\. #\d+ 0:0\d\.\d kubectl create deployment\/default\/web/);
    expect(r.stdout).toMatch(/inferred: Deployment spec changed 1 ms earlier \(rule deployment-spec\)/);
    expect(r.stdout).toMatch(/inferred: ReplicaSet scaled 1 ms earlier \(rule rs-scale\)/);
    expect(r.stdout).toMatch(new RegExp(`#${binding} .* scheduler update/binding pod/default/web-.*<- this event\\n +from audit\\.log:${binding} \\(audit-${binding}\\), RequestResponse\\n +inferred: pod created 1 ms earlier \\(rule bind-pod-create\\)`));
    expect(r.stdout).toMatch(/it caused \d+ writes? \(all inferred\):\n.*kubelet\/node-\d update\/status pod\/default\/web-.*\[inferred: pod bound to the node 1 ms earlier \(rule kubelet-binding\)\]/);
    const j = JSON.parse(cli(['why', imported, String(binding), '--json']).stdout) as { event: { inferredCause: { rule: string }; provenance: { line: number } } };
    expect(j.event.inferredCause.rule).toBe('bind-pod-create');
    expect(j.event.provenance.line).toBe(binding);
  });

  it('events shows the inferred cause and the source line; history each version\'s', () => {
    const r = cli(['events', imported, '--from-seq', String(binding), '--limit', '1']);
    expect(r.stdout.split('\n')[0]).toMatch(/^TIME +SEQ +ACTOR +VERB +OBJECT +CAUSE +SOURCE +MESSAGE$/);
    expect(r.stdout).toMatch(new RegExp(`${binding} +scheduler +update/binding +pod/default/web-\\S+ +#\\d+ inferred \\(bind-pod-create\\) +audit\\.log:${binding} `));
    const pod = sqlite(imported, `SELECT name FROM events WHERE seq = ${binding}`).trim();
    const h = cli(['history', imported, 'pod', pod]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(new RegExp(`#${binding} .* scheduler update/binding\\n    from audit\\.log:${binding} \\(audit-${binding}\\), RequestResponse\\n    inferred: pod created 1 ms earlier \\(rule bind-pod-create\\): #\\d+`));
  });

  it('a simulated recording prints as before: no CAUSE or SOURCE column', () => {
    const r = cli(['events', path.join(dir, 'sim.db'), '--limit', '1']);
    expect(r.stdout.split('\n')[0]).toMatch(/^TIME +SEQ +ACTOR +VERB +OBJECT +REASON +MESSAGE$/);
  });
});
