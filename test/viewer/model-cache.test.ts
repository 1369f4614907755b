import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { cacheFileOf, storyModelBody } from '../../viewer/server/model/model-cache.js';
import { cli, sqlite, tmpDir } from '../helpers.js';
import { networkRecording } from './fixtures.js';

const modelOf = (gzip: Buffer): any => JSON.parse(gunzipSync(gzip).toString('utf8'));

describe('story model cache', () => {
  it('is read back while the recording is unchanged and rebuilt when something it is made of changes', () => {
    const file = networkRecording(tmpDir());
    const cache = cacheFileOf(file);
    const rec = Recording.open(file);
    const first = storyModelBody(rec, 'network', file);
    expect(fs.existsSync(cache)).toBe(true);
    // Prove the second answer comes from the file: mark the cached copy (a key line, then gzip).
    const stored = fs.readFileSync(cache);
    const key = stored.subarray(0, stored.indexOf(0x0a)).toString();
    expect(key).toBe(first.key);
    const marked = JSON.stringify({ ...modelOf(first.gzip), title: 'CACHED' });
    fs.writeFileSync(cache, Buffer.concat([Buffer.from(`${key}\n`), gzipSync(marked)]));
    expect(modelOf(storyModelBody(rec, 'network', file).gzip).title).toBe('CACHED');
    rec.close();
    sqlite(file, "INSERT INTO markers (time_ms, seq, kind, title) VALUES (500, 3, 'chapter', 'added later')");
    const again = Recording.open(file);
    const rebuilt = storyModelBody(again, 'network', file);
    again.close();
    expect(rebuilt.key).not.toBe(key);
    expect(modelOf(rebuilt.gzip).title).not.toBe('CACHED');
    expect(modelOf(rebuilt.gzip).markers.map((m: any) => m.title)).toContain('added later');
  });

  it('a cache file of an older model version is rebuilt, not served', () => {
    const file = networkRecording(tmpDir());
    const rec = Recording.open(file);
    const { key } = storyModelBody(rec, 'network', file);
    const older = key.replace(/^kubelapse-model v\d+/, 'kubelapse-model v8');
    fs.writeFileSync(cacheFileOf(file), Buffer.concat([Buffer.from(`${older}\n`), gzipSync('{"title":"OLD"}')]));
    expect(modelOf(storyModelBody(rec, 'network', file).gzip).title).not.toBe('OLD');
    rec.close();
  });

  it('kubelapse run leaves the recording as its one file, and the model and noise runs in the cache folder', () => {
    const dir = tmpDir();
    const scenario = path.join(dir, 'tiny.yaml');
    fs.writeFileSync(scenario, 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: tiny}\nspec:\n  duration: 5s\n  cluster: {nodes: 1}\n  steps: []\n');
    expect(cli(['run', scenario, '-q']).code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['tiny.db', 'tiny.yaml']);
    expect(fs.existsSync(cacheFileOf(path.join(dir, 'tiny.db')))).toBe(true);
    expect(fs.existsSync(cacheFileOf(path.join(dir, 'tiny.db'), '.noise.json'))).toBe(true);
  });
});
