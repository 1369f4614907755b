import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { startLiveProcess } from '../live/live-process.js';

/*
 * The report that opened issue 12: one ConfigMap nested ~5,000 levels got a 500, and
 * the next lease renewal killed `kubelapse live` ("recorder: expected seq 12, got 13"),
 * losing a write its client had been answered 201 for.
 */
describe('a body nested 5,000 levels deep sent to kubelapse live', () => {
  it('is refused with 400 before anything is taken; renewals and later writes go on being recorded', async () => {
    const live = await startLiveProcess([], { speed: 10 });
    try {
      const seqBefore = (): number => {
        const db = new Database(live.output, { readonly: true });
        try {
          return db.prepare('SELECT max(seq) FROM events').pluck().get() as number;
        } finally {
          db.close();
        }
      };
      const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"extra":${'{"x":'.repeat(5000)}{}${'}'.repeat(5000)}}`;
      const cm = '/api/v1/namespaces/default/configmaps';
      const refused = await live.request('POST', cm, { body: deep, contentType: 'application/json' });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400, message: "couldn't get version/kind; json parse error: exceeded max depth of 1000" });
      const yaml = await live.request('POST', cm, { body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nextra: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, contentType: 'application/yaml' });
      expect([yaml.status, yaml.json?.message]).toEqual([400, "couldn't get version/kind; yaml: exceeded max depth of 1000"]);
      // Node leases renew every 10 s of cluster time: 1 s here at 10x. Wait for two rounds.
      const after = seqBefore();
      await new Promise((r) => setTimeout(r, 2500));
      expect(seqBefore()).toBeGreaterThan(after);
      expect(live.alive(), live.log()).toBe(true);
      const ok = await live.request('POST', cm, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine' }, data: { a: 'b' } }), contentType: 'application/json' });
      expect(ok.status).toBe(201);
      expect(await live.stop()).toBe(0);
      const v = cli(['verify', live.output]);
      expect(v.code, v.stdout).toBe(0);
      expect(v.stdout).toContain('complete; sealed');
      const db = new Database(live.output, { readonly: true });
      expect(db.prepare("SELECT resource_version FROM events WHERE kind = 'ConfigMap' AND name = 'fine'").pluck().get()).toBe(Number(ok.json.metadata.resourceVersion));
      expect(db.prepare("SELECT count(*) FROM events WHERE name = 'deep'").pluck().get()).toBe(0);
      db.close();
    } finally {
      await live.stop();
    }
  }, 60_000);
});
