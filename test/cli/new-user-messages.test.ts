import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeOptions } from '../../core/cli/commands/serve.js';
import { cli, ROOT, tmpDir } from '../helpers.js';

/** A new user's walkthrough (findings B): each message names what is wrong and what to do. */
const dir = tmpDir();
const db = path.join(dir, 'api-basics.db');
cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', db]);

describe("a new user's messages", () => {
  it('events --actor with a typo: the near actors, as logs gives near pod names', () => {
    const r = cli(['events', db, '--actor', 'kubctl']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe('no events match: no actor "kubctl" in the recording; did you mean: kubectl');
    const kubelet = cli(['events', db, '--actor', 'kubelet', '--json']);
    expect(kubelet.stderr).toMatch(/no actor "kubelet" in the recording; did you mean: kubelet\/node-1, kubelet\/node-2, kubelet\/node-3/);
    // An actor that exists but has no events in the window: only "no events match".
    expect(cli(['events', db, '--actor', 'kubectl', '--to', '1s']).stderr.trim()).toBe('no events match');
  });

  it('get of a pod name that is not there: kubectl\'s NotFound line, then the near names as logs gives them', () => {
    const r = cli(['get', db, 'pods', 'web', '--at', '85s']);
    expect(r.code).toBe(1);
    const [first, hint, ...rest] = r.stderr.trim().split('\n');
    expect(first).toMatch(/^Error from server \(NotFound\): pods "web" not found \(at 1:25\.0, seq \d+\)$/);
    expect(hint).toMatch(/^did you mean: web-\w+-\w{5}, web-\w+-\w{5}, web-\w+-\w{5}, web-\w+-\w{5}, web-\w+-\w{5}$/);
    expect(rest).toEqual([]);
    expect(cli(['get', db, 'pods', 'dbug', '--at', '85s']).stderr.trim().split('\n')[1]).toBe('did you mean: debug');
    // Nothing near: only kubectl's line; no pods at all in the namespace: says so.
    expect(cli(['get', db, 'pods', 'zzzzzzzz', '--at', '85s']).stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['get', db, 'pods', 'web', '-n', 'nowhere', '--at', '85s']).stderr.trim().split('\n')[1]).toBe('the recording has no pods in namespace nowhere then');
  });

  it('events --from past the end: where the recording ends, as export says it', () => {
    const r = cli(['events', db, '--from', '10m']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`kubelapse: --from 10m is after the end of ${db} (its last event is at 2m)`);
    expect(cli(['events', db, '--from-seq', '99999']).stderr).toMatch(/--from-seq: seq 99999 is past the last event \(\d+\)/);
  });

  it('describe of a kind without a describer says which kinds it describes and what to use, in one line', () => {
    const r = cli(['describe', db, 'pod', 'debug']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `kubelapse: describe: no describer for pods (it describes resourcequotas and limitranges); for Pod objects: kubelapse get ${db} pods debug -o yaml (its state), kubelapse history ${db} pods debug (its changes)`,
    ]);
    expect(cli(['get', db, 'pods', 'debug', '--at', '85s', '-o', 'yaml']).stdout).toMatch(/^kind: Pod/m);
  });

  it('serve <a .db file>: serves its folder, opened on that recording; another file is not a folder', () => {
    expect(parseServeOptions(db, {})).toMatchObject({ dir, recording: 'api-basics' });
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'x');
    expect(() => parseServeOptions(text, {})).toThrow(`${text} is a file, not a folder of recordings: serve <folder> (or one <recording>.db)`);
    expect(() => parseServeOptions(path.join(dir, 'none'), {})).toThrow('no such folder of recordings');
  });

  it('import of a SimKube trace names the format, not "not JSON (Unexpected token ...)"', () => {
    const trace = path.join(dir, 'cron.sktrace');
    // msgpack {version: 2, ...}: fixmap, "version" as a 7-byte fixstr, 2
    fs.writeFileSync(trace, Buffer.concat([Buffer.from([0x81, 0xa7]), Buffer.from('version'), Buffer.from([0x02])]));
    const renamed = path.join(dir, 'cron.bin');
    fs.copyFileSync(trace, renamed);
    for (const f of [trace, renamed]) {
      const r = cli(['import', f, '-o', path.join(dir, 'sk.db')]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`kubelapse: import: ${f} is a SimKube trace (msgpack), which import does not read: it reads audit logs (JSON lines, a JSON array, .gz, folders of them) and k8shark captures (.kshrk)`);
    }
    expect(fs.existsSync(path.join(dir, 'sk.db'))).toBe(false);
  });

  it("import's refusals all begin as kubelapse's others do (\"kubelapse: import: ...\"), a log of reads only too", () => {
    const reads = path.join(dir, 'reads.jsonl');
    fs.writeFileSync(reads, `${JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a1', stage: 'ResponseComplete', requestURI: '/api/v1/namespaces/default/pods', verb: 'list', user: { username: 'admin' }, objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' }, responseStatus: { code: 200 }, requestReceivedTimestamp: '2024-01-01T00:00:00.000000Z', stageTimestamp: '2024-01-01T00:00:00.001000Z' })}\n`);
    const r = cli(['import', reads, '-o', path.join(dir, 'reads.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`kubelapse: import: nothing importable in ${reads}: no writes in 1 line: 1 read (get/list/watch)`);
  });

  it('a scenario with nodes: 0 whose step needs a running pod: the run says the cluster has no nodes', () => {
    const d = tmpDir();
    fs.cpSync(path.join(ROOT, 'recordings', 'manifests'), path.join(d, 'manifests'), { recursive: true });
    const file = path.join(d, 'p.yaml');
    fs.writeFileSync(file, fs.readFileSync(path.join(ROOT, 'recordings', 'pod-loss-recovery.yaml'), 'utf8').replace('nodes: 3', 'nodes: 0'));
    const r = cli(['run', file, '-o', path.join(d, 'p.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/spec\.steps\[\d+\]\.kubectl: error: no running pod matches -l app=web: the cluster has no nodes \(spec\.cluster\.nodes: 0\), so no pod is ever scheduled/);
  });

  it('a scenario with nodes: 0 whose fault step needs a running pod: the fault says the cluster has no nodes, in the kubectl step\'s words', () => {
    const d = tmpDir();
    fs.cpSync(path.join(ROOT, 'recordings', 'manifests'), path.join(d, 'manifests'), { recursive: true });
    const file = path.join(d, 'p.yaml');
    const scenario = fs.readFileSync(path.join(ROOT, 'recordings', 'pod-loss-recovery.yaml'), 'utf8').replace('nodes: 3', 'nodes: 0');
    // Without the kubectl step, so the run reaches the fault (web-* at 70s).
    fs.writeFileSync(file, scenario.replace('kubectl: delete pod $(pod -l app=web)', 'note: no delete'));
    const r = cli(['run', file, '-o', path.join(d, 'p.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/spec\.steps\[\d+\]\.fault: no running pod matches "web-\*" in namespace default: the cluster has no nodes \(spec\.cluster\.nodes: 0\), so no pod is ever scheduled/);
  });
});
