import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { cacheFileOf, storyModelJson } from '../../viewer/server/model/model-cache.js';
import { cli, sqlite, tmpDir } from '../helpers.js';
import { networkRecording } from './fixtures.js';

describe('story model cache', () => {
  it('is read back while the recording is unchanged and rebuilt when something it is made of changes', () => {
    const file = networkRecording(tmpDir());
    const cache = cacheFileOf(file);
    const rec = Recording.open(file);
    const first = storyModelJson(rec, 'network', file);
    expect(fs.existsSync(cache)).toBe(true);
    // Prove the second answer comes from the file: mark the cached copy.
    const [key, json] = [fs.readFileSync(cache, 'utf8').split('\n', 1)[0], first];
    fs.writeFileSync(cache, `${key}\n${json.replace('"title":"', '"title":"CACHED ')}`);
    expect(JSON.parse(storyModelJson(rec, 'network', file)).title).toMatch(/^CACHED /);
    rec.close();
    sqlite(file, "INSERT INTO markers (time_ms, seq, kind, title) VALUES (500, 3, 'chapter', 'added later')");
    const again = Recording.open(file);
    const rebuilt = JSON.parse(storyModelJson(again, 'network', file));
    again.close();
    expect(rebuilt.title).not.toMatch(/^CACHED /);
    expect(rebuilt.markers.map((m: any) => m.title)).toContain('added later');
  });

  it('kubelapse run leaves the recording as its one file and the model in the cache folder', () => {
    const dir = tmpDir();
    const scenario = path.join(dir, 'tiny.yaml');
    fs.writeFileSync(scenario, 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: tiny}\nspec:\n  duration: 5s\n  cluster: {nodes: 1}\n  steps: []\n');
    expect(cli(['run', scenario, '-q']).code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['tiny.db', 'tiny.yaml']);
    expect(fs.existsSync(cacheFileOf(path.join(dir, 'tiny.db')))).toBe(true);
  });
});
