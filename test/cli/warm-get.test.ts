import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GetOptions } from '../../core/cli/commands/get.js';
import { getInProcess } from './get-in-process.js';
import { runCommand } from '../../core/cli/commands/run.js';
import { warmGetCaches } from '../../core/cli/warm-get.js';
import { Recording } from '../../core/record/recording.js';
import { indexCacheFile } from '../../core/replay/index-cache.js';
import { summaryCacheFile } from '../../core/replay/summary-cache.js';
import { tmpDir } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';

const get = getInProcess;

function lastSeq(file: string): number {
  const rec = Recording.open(file, { readonly: true });
  try {
    return rec.head()?.seq ?? 0;
  } finally {
    rec.close();
  }
}

const KINDS = [
  ['pods', 'Pod'],
  ['nodes', 'Node'],
  ['events', 'Event'],
] as const;

describe('kubelapse run: the first get reads caches the run wrote', () => {
  it('over the threshold, the summaries of the end are written once, and get prints the same bytes as with no cache without writing them again', () => {
    const file = path.join(recordingsDir(['node-failure']), 'node-failure.db');
    const said: string[] = [];
    warmGetCaches(file, (l) => said.push(l), 1); // the threshold lowered to 1 event
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`${lastSeq(file).toLocaleString('en-US')} events`);
    expect(fs.existsSync(indexCacheFile(file))).toBe(true);
    // Pods and Nodes are warmed; Events are not (a first `get events` makes their file).
    expect(fs.existsSync(summaryCacheFile(file, 'Event'))).toBe(false);
    const written = new Map(KINDS.filter(([, kind]) => kind !== 'Event').map(([, kind]) => [kind, fs.readFileSync(summaryCacheFile(file, kind))]));
    for (const [word, kind] of KINDS) {
      for (const extra of [{}, { output: 'wide' }, { selector: 'app' }, { output: 'name' }]) {
        const opts: GetOptions = { allNamespaces: true, ...extra };
        const none = get(file, word, { ...opts, cacheFrom: 0 });
        if (Object.keys(extra).length === 0) expect(none, word).not.toContain('No resources');
        expect(get(file, word, { ...opts, cacheFrom: 1 }), `${word} ${JSON.stringify(extra)}`).toBe(none);
        expect(get(file, word, { ...opts, cacheFrom: 1, wholeObjects: true }), `${word} ${JSON.stringify(extra)} whole`).toBe(none);
      }
      // Every line the get at the end needed was there: the file is as the warm step left it.
      const warmed = written.get(kind);
      if (warmed !== undefined) expect(fs.readFileSync(summaryCacheFile(file, kind)).equals(warmed), kind).toBe(true);
    }
    // Earlier in the recording: the versions written since are made from their rows, the output the same.
    const middle = String(Math.round(lastSeq(file) / 2));
    for (const [word] of KINDS) {
      const opts: GetOptions = { allNamespaces: true, seq: middle };
      expect(get(file, word, { ...opts, cacheFrom: 1 }), `${word} at seq ${middle}`).toBe(get(file, word, { ...opts, cacheFrom: 0 }));
    }
  });

  it('the warm step again on a warm cache changes nothing', () => {
    const file = path.join(recordingsDir(['liveness-restart']), 'liveness-restart.db');
    warmGetCaches(file, () => {}, 1);
    const pods = fs.readFileSync(summaryCacheFile(file, 'Pod'));
    const mtime = fs.statSync(summaryCacheFile(file, 'Pod')).mtimeMs;
    warmGetCaches(file, () => {}, 1);
    expect(fs.readFileSync(summaryCacheFile(file, 'Pod')).equals(pods)).toBe(true);
    expect(fs.statSync(summaryCacheFile(file, 'Pod')).mtimeMs).toBe(mtime);
  });

  it('under the threshold, kubelapse run writes no index or summary cache and says nothing about one', () => {
    const out = path.join(tmpDir(), 'liveness-restart.db');
    const writeErr = process.stderr.write.bind(process.stderr);
    const err: string[] = [];
    process.stderr.write = ((s: string) => {
      err.push(s);
      return true;
    }) as typeof process.stderr.write;
    try {
      runCommand(path.join('recordings', 'liveness-restart.yaml'), { output: out, quiet: true }, () => {});
    } finally {
      process.stderr.write = writeErr;
    }
    expect(lastSeq(out)).toBeGreaterThan(0);
    expect(lastSeq(out)).toBeLessThan(50_000);
    expect(err.join('')).not.toContain('caching');
    expect(fs.existsSync(indexCacheFile(out))).toBe(false);
    for (const [, kind] of KINDS) expect(fs.existsSync(summaryCacheFile(out, kind)), kind).toBe(false);
  });

  it('a recording that cannot be read costs nothing but the caches', () => {
    const file = path.join(tmpDir(), 'nope.db');
    fs.writeFileSync(file, 'not a recording');
    expect(() => warmGetCaches(file, () => {}, 1)).not.toThrow();
    expect(fs.existsSync(summaryCacheFile(file, 'Pod'))).toBe(false);
  });
});
