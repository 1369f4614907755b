import fs from 'node:fs';
import path from 'node:path';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { chainHash } from '../../core/record/hash.js';
import type { EventRow } from '../../core/record/schema.js';
import type { KObject } from '../../core/api/types.js';
import { pod, recordedSim, ROOT, tmpDir } from '../helpers.js';

/**
 * A folder with real recordings of shipped scenarios, made fresh for the test run. Each
 * scenario is simulated once per run (vitest.config.ts names the run's folder in
 * KUBELAPSE_TEST_RECORDINGS) and copied into every folder that asks for it: a scenario
 * and seed make the same recording byte for byte, and a dozen browser and viewer files
 * ask for the same stories (2 to 25 of them each, ~0.5 s apiece). Each folder gets its own
 * copy, since the viewer writes notes into a recording.
 */
export function recordingsDir(names: readonly string[]): string {
  const dir = tmpDir('kubelapse-viewer-');
  for (const n of names) fs.copyFileSync(shippedRecording(n), path.join(dir, `${n}.db`));
  return dir;
}

/** The run's one recording of recordings/<name>.yaml (made here if no test file made it yet). */
function shippedRecording(name: string): string {
  const shared = process.env.KUBELAPSE_TEST_RECORDINGS;
  const cache = shared ?? tmpDir('kubelapse-recordings-');
  fs.mkdirSync(cache, { recursive: true });
  const file = path.join(cache, `${name}.db`);
  if (fs.existsSync(file)) return file;
  // Written aside and renamed: the other worker may be making the same one, and either copy is the same bytes.
  const part = path.join(cache, `${name}.${process.pid}.part.db`);
  runScenario(loadScenario(path.join(ROOT, 'recordings', `${name}.yaml`)), { output: part });
  fs.renameSync(part, file);
  return file;
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

/** `{"a":{"a": ... leaf}}`, `depth` objects deep, as JSON text (JSON.stringify overflows past ~4,000 levels). */
export function nestedJson(depth: number, leaf: string): string {
  return '{"a":'.repeat(depth) + JSON.stringify(leaf) + '}'.repeat(depth);
}

/**
 * A recording whose rows carry objects nested thousands of levels deep, as an older
 * kubelapse (before the API server's depth limit) could have written: a ConfigMap 3,000
 * deep created and updated (the leaf changes), and a running Pod 10,000 deep (past
 * JSON.stringify's stack and SQLite's 1,000-level JSON limit). Rows go in through the
 * Recording API with a valid hash chain, after a real bootstrap.
 */
export function deepRecording(dir: string, name = 'deep'): { file: string; configMapSeqs: [number, number]; podSeqs: [number, number] } {
  const file = path.join(dir, `${name}.db`);
  const { sim, rec, recorder } = recordedSim(file, 1);
  sim.runUntil(1000);
  recorder.flush();
  let seq = recorder.count;
  let prev = recorder.head;
  const rows: EventRow[] = [];
  /** Writes `obj` with its "DEEP" string replaced by the nested JSON. */
  const add = (verb: string, timeMs: number, obj: KObject, deep: string): number => {
    seq++;
    const object = JSON.stringify({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(seq) } }).replace('"DEEP"', deep);
    const row: EventRow = {
      seq, timeMs, verb, subresource: null, apiVersion: obj.apiVersion, kind: obj.kind, namespace: 'default', name: obj.metadata.name as string,
      uid: obj.metadata.uid as string, resourceVersion: seq, actor: 'kubelapse-0.3', causeSeq: verb === 'update' ? seq - 2 : null, reason: null, message: null, object, hash: '',
    };
    row.hash = chainHash(prev, row);
    prev = row.hash;
    rows.push(row);
    return seq;
  };
  const cm = (mode: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep', namespace: 'default', uid: 'cm-uid' }, data: { mode }, deep: 'DEEP' }) as KObject;
  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'deep-pod', namespace: 'default', uid: 'pod-uid' },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx:1.27' }], deep: 'DEEP' },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  } as KObject;
  const cm1 = add('create', 1500, cm('first'), nestedJson(3000, 'first'));
  const pod1 = add('create', 1500, pod, nestedJson(10_000, 'first'));
  const cm2 = add('update', 2000, cm('second'), nestedJson(3000, 'second'));
  const pod2 = add('update', 2000, pod, nestedJson(10_000, 'second'));
  rec.appendEvents(rows);
  recorder.close({ complete: true, endTimeMs: 3000 });
  // The rows went in past the recorder: seal what the file holds, as their writer would have.
  rec.setMeta({ event_count: String(seq), head_hash: prev });
  rec.close();
  return { file, configMapSeqs: [cm1, cm2], podSeqs: [pod1, pod2] };
}
