import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { getInProcess } from '../cli/get-in-process.js';
import { recordingsDir } from '../viewer/fixtures.js';

const STORIES = ['node-failure', 'drain-with-pdb', 'kube-system', 'job-backoff'];

describe('kubelapse get -o name from the state view (names from the index, no row read), -o json from its texts (no parse), -l keeping only what matches', () => {
  it('prints what it printed from whole objects, byte for byte, for pods, nodes, deployments, events and services, -A and one namespace, at eleven seqs of four shipped recordings', () => {
    const dir = recordingsDir(STORIES);
    let lines = 0;
    for (const story of STORIES) {
      const file = path.join(dir, `${story}.db`);
      const rec = Recording.open(file, { readonly: true });
      const last = rec.lastSeq();
      rec.close();
      for (let i = 0; i <= 10; i++) {
        const seq = String(Math.round((last * i) / 10));
        for (const kind of ['pods', 'nodes', 'deployments', 'events', 'services']) {
          for (const [output, ns] of [['name', { allNamespaces: true }], ['name', { namespace: 'kube-system' }], ['name', {}], ['json', { allNamespaces: true }], ['json', {}], ['json', { allNamespaces: true, selector: 'app' }], ['yaml', { allNamespaces: true, selector: 'app!=web' }], ['', { allNamespaces: true, selector: 'app' }]] as const) {
            const opts = { seq, output, cacheFrom: 0, ...ns };
            const whole = getInProcess(file, kind, { ...opts, wholeObjects: true });
            expect(getInProcess(file, kind, opts), `${story} ${kind} seq ${seq} ${JSON.stringify(ns)}`).toBe(whole);
            lines += whole.split('\n').length;
          }
        }
      }
    }
    expect(lines).toBeGreaterThan(50_000);
  }, 120_000);
});
