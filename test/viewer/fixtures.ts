import fs from 'node:fs';
import path from 'node:path';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { pod, recordedSim, ROOT, tmpDir } from '../helpers.js';

/** A folder with real recordings of shipped scenarios, made fresh for the test run. */
export function recordingsDir(names: readonly string[]): string {
  const dir = tmpDir('kubelapse-viewer-');
  for (const n of names) runScenario(loadScenario(path.join(ROOT, 'recordings', `${n}.yaml`)), { output: path.join(dir, `${n}.db`) });
  return dir;
}

/**
 * A small recording with what the shipped scenarios do not have yet: a Service's
 * EndpointSlice listing two pods (one of them later terminating) and traffic rows with
 * failures. Written through the real API server and recorder.
 */
export function networkRecording(dir: string, name = 'network'): string {
  const file = path.join(dir, `${name}.db`);
  const { sim, rec, recorder } = recordedSim(file, 1);
  const c = sim.client('tester');
  for (const n of ['a', 'b']) c.create({ ...pod(`web-${n}`), spec: { ...pod(`web-${n}`).spec, nodeName: 'node-1' } });
  const slice = (conds: Record<string, Record<string, boolean>>): Record<string, unknown> => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: Object.entries(conds).map(([n, conditions], i) => ({ addresses: [`10.0.0.${i + 1}`], conditions, targetRef: { kind: 'Pod', namespace: 'default', name: n } })),
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  });
  sim.runUntil(1000);
  c.create(slice({ 'web-a': { ready: true, serving: true, terminating: false }, 'web-b': { ready: true, serving: true, terminating: false } }) as never);
  sim.runUntil(5000);
  const cur = c.get('EndpointSlice', 'default', 'web-abcde');
  c.update({ ...slice({ 'web-a': { ready: true, serving: true, terminating: false }, 'web-b': { ready: false, serving: true, terminating: true } }), metadata: { ...cur.metadata } } as never);
  sim.runUntil(8000);
  const cur2 = c.get('EndpointSlice', 'default', 'web-abcde');
  c.update({ ...slice({ 'web-a': { ready: true, serving: true, terminating: false } }), metadata: { ...cur2.metadata } } as never);
  sim.runUntil(10_000);
  recorder.close({ complete: true, endTimeMs: 10_000 });
  rec.addTraffic([
    { timeMs: 2000, service: 'web', pod: 'web-a', node: 'node-1', outcome: 'ok', count: 5 },
    { timeMs: 2000, service: 'web', pod: 'web-b', node: 'node-1', outcome: 'ok', count: 5 },
    { timeMs: 6000, service: 'web', pod: 'web-b', node: 'node-1', outcome: 'refused', count: 3 },
    { timeMs: 6100, service: 'web', pod: 'web-b', node: 'node-1', outcome: 'reset', count: 1 },
    { timeMs: 6100, service: 'web', pod: 'web-a', node: 'node-1', outcome: 'ok', count: 9 },
  ]);
  rec.close();
  return file;
}

/** Copies a file into the folder under a name that is not a recording. */
export function putFile(dir: string, name: string, text: string): void {
  fs.writeFileSync(path.join(dir, name), text);
}
