import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GetOptions } from '../../core/cli/commands/get.js';
import { getInProcess } from './get-in-process.js';
import { Recording } from '../../core/record/recording.js';
import { summaryCacheFile } from '../../core/replay/summary-cache.js';
import { pod, recordedSim, tmpDir } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';

const get = getInProcess;

/** The recording's seqs at five points from start to end. */
function seqs(file: string): number[] {
  const rec = Recording.open(file, { readonly: true });
  try {
    const last = rec.db.prepare('SELECT max(seq) FROM events').pluck(true).get() as number;
    return [1, 2, 3, 4, 5].map((i) => Math.max(1, Math.round((last * i) / 5)));
  } finally {
    rec.close();
  }
}

// Stories whose pods restart, crash, wait on init containers and sidecars, run out of
// memory, are evicted from a lost node, terminate with and without preStop hooks, and
// whose nodes are cordoned, tainted, under pressure or on the control plane.
const STORIES = ['liveness-restart', 'sidecar-patterns', 'oom-killed', 'job-backoff', 'node-failure', 'prestop-on', 'drain-with-pdb', 'kube-system', 'node-pressure', 'pod-loss-recovery'];

describe('kubelapse get: tables printed from summaries', () => {
  it('print the same bytes as from whole objects, for every summarised kind, -o wide and -l, with the summary cache written and then read', () => {
    const dir = recordingsDir(STORIES);
    let compared = 0;
    for (const story of STORIES) {
      const file = path.join(dir, `${story}.db`);
      for (const seq of seqs(file)) {
        for (const kind of ['pods', 'nodes', 'events']) {
          for (const extra of [{}, { output: 'wide' }, { selector: 'app' }]) {
            const opts: GetOptions = { seq: String(seq), allNamespaces: true, ...extra };
            const whole = get(file, kind, { ...opts, wholeObjects: true });
            expect(get(file, kind, { ...opts, cacheFrom: 0 }), `${story} ${kind} seq ${seq} ${JSON.stringify(extra)}`).toBe(whole);
            expect(get(file, kind, { ...opts, cacheFrom: 1 }), `${story} ${kind} seq ${seq}: cache written`).toBe(whole);
            expect(get(file, kind, { ...opts, cacheFrom: 1 }), `${story} ${kind} seq ${seq}: cache read`).toBe(whole);
            compared += whole.split('\n').length;
          }
        }
      }
      expect(fs.existsSync(summaryCacheFile(file, 'Pod'))).toBe(true);
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('a summary cache from an older build, or from another recording at the same path, is rebuilt, never misread', () => {
    const file = path.join(tmpDir(), 'r.db');
    const record = (prefix: string, node: string): void => {
      fs.rmSync(file, { force: true });
      const { sim, rec, recorder } = recordedSim(file, 2);
      for (let i = 0; i < 3; i++) sim.client('kubectl').create({ ...pod(`${prefix}-${i}`), spec: { ...pod(`${prefix}-${i}`).spec, nodeName: node } });
      sim.runUntil(20_000);
      recorder.close({ complete: true, endTimeMs: 20_000 });
      rec.close();
    };
    const wide: GetOptions = { allNamespaces: true, output: 'wide', cacheFrom: 1 };
    record('a', 'node-1');
    const a = get(file, 'pods', wide);
    expect(a).toMatch(/a-0 .* node-1 /);
    // Same number of writes, other names and node: the cached summaries by seq are not A's.
    record('b', 'node-2');
    const b = get(file, 'pods', wide);
    expect(b).toBe(get(file, 'pods', { ...wide, wholeObjects: true }));
    expect(b).toMatch(/b-0 .* node-2 /);
    expect(b).not.toMatch(/a-0/);
    // An older build's file (other printers, same recording, its names changed): ignored and written again.
    const cache = summaryCacheFile(file, 'Pod');
    const written = fs.readFileSync(cache).toString('latin1');
    const head = written.slice(0, written.indexOf('\n'));
    expect(head).toMatch(/^kubelapse-summary v2 [\w-]+ Pod /);
    const older = written.replace(/^kubelapse-summary v2 \w/, 'kubelapse-summary v2 Z').replaceAll('b-', 'x-');
    fs.writeFileSync(cache, Buffer.from(older, 'latin1'));
    expect(get(file, 'pods', wide)).toBe(b);
    expect(fs.readFileSync(cache).toString('latin1')).toBe(written);
    // A layout v1 file under the same name (one `seq<TAB>json` line a version): rebuilt.
    fs.writeFileSync(cache, `${head.replace(' v2 ', ' v1 ')}\n3\t{"kind":"Pod","metadata":{"name":"x-0"}}\n`);
    expect(get(file, 'pods', wide)).toBe(b);
    expect(fs.readFileSync(cache).toString('latin1')).toBe(written);
    // A damaged file (cut mid-line): rebuilt.
    fs.writeFileSync(cache, Buffer.from(written.slice(0, written.length - 40), 'latin1'));
    expect(get(file, 'pods', wide)).toBe(b);
    expect(fs.readFileSync(cache).toString('latin1')).toBe(written);
    // One damaged line, the file's length unchanged: that version is read again from its row.
    const at = written.indexOf('default\tb-1\t');
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(cache, Buffer.from(`${written.slice(0, at + 7)}X${written.slice(at + 8)}`, 'latin1'));
    expect(get(file, 'pods', wide)).toBe(b);
    expect(fs.readFileSync(cache).toString('latin1')).toBe(written);
  });

  it('a table with a line that cannot be printed from bytes (not ASCII, or a TAB kept as JSON) prints the same from strings, cached or not', () => {
    const file = path.join(tmpDir(), 'ev.db');
    const { sim, rec, recorder } = recordedSim(file, 1);
    const c = sim.client('kubectl');
    const event = (name: string, message: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'default' },
      type: 'Normal',
      reason: 'Said',
      involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default' },
      message,
      lastTimestamp: '2026-01-01T00:00:05Z',
    });
    c.create(event('plain', 'all ASCII'));
    c.create(event('accent', 'déjà vu, ünïcode'));
    c.create(event('tab', 'a\tTAB'));
    sim.runUntil(20_000);
    recorder.close({ complete: true, endTimeMs: 20_000 });
    rec.close();
    for (const extra of [{}, { output: 'wide' }, { allNamespaces: true }]) {
      const whole = get(file, 'events', { ...extra, wholeObjects: true });
      expect(whole).toMatch(/déjà vu/);
      for (const cacheFrom of [0, 1, 1]) expect(get(file, 'events', { ...extra, cacheFrom }), `${JSON.stringify(extra)} cacheFrom ${cacheFrom}`).toBe(whole);
    }
  });

  it('a recording still being written (unsealed, as after a kill) prints its tables, and the ones after it grew', () => {
    const file = path.join(tmpDir(), 'live.db');
    const { sim, rec, recorder } = recordedSim(file, 1);
    const c = sim.client('kubectl');
    c.create({ ...pod('web-0'), spec: { ...pod('web-0').spec, nodeName: 'node-1' } });
    sim.runUntil(10_000);
    recorder.flush(); // what a killed run leaves: the rows of its last flush, no seal
    const opts: GetOptions = { allNamespaces: true, output: 'wide', cacheFrom: 1 };
    const before = get(file, 'pods', opts);
    expect(before).toBe(get(file, 'pods', { ...opts, wholeObjects: true }));
    expect(before).toMatch(/web-0 /);
    c.create({ ...pod('web-1'), spec: { ...pod('web-1').spec, nodeName: 'node-1' } });
    c.delete('Pod', 'default', 'web-0');
    sim.runUntil(60_000);
    recorder.flush();
    const after = get(file, 'pods', opts);
    expect(after).toBe(get(file, 'pods', { ...opts, wholeObjects: true }));
    expect(after).toMatch(/web-1 /);
    expect(after).not.toBe(before);
    rec.close();
  });
});
