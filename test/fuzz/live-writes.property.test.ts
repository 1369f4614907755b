import fc from 'fast-check';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { startLiveProcess, type LiveProcess } from '../live/live-process.js';

/*
 * Issue 12, item 1: "a failed request never desynchronises the recorder". The real
 * `kubelapse live` process gets random valid and invalid requests while its own
 * controllers, kubelets and leases write at 20x: every 2xx write is in the recording the
 * moment it is answered, in answer order; nothing refused is; no request is a 5xx; the
 * process is alive at the end, and its recording verifies, complete and sealed.
 */

const AGENT = 'kubelapse-fuzz/1.0';
const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

interface Req {
  label: string;
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string;
}

const nested = (depth: number): string => '{"x":'.repeat(depth) + '{}' + '}'.repeat(depth);
const nestedYaml = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const name = fc.constantFrom('a', 'b', 'c');
const data = fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), fc.string({ maxLength: 20 }));
const deployment = (n: string, replicas: number): string =>
  JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: n },
    spec: { replicas, selector: { matchLabels: { app: n } }, template: { metadata: { labels: { app: n } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  });

const request: fc.Arbitrary<Req> = fc.oneof(
  // Valid, or refused for the state they meet (exists, missing, stale).
  fc.tuple(name, data).map(([n, d]) => ({ label: 'create configmap', method: 'POST', path: CM, contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n }, data: d }) })),
  fc.tuple(name, data).map(([n, d]) => ({ label: 'create configmap (yaml)', method: 'POST', path: CM, contentType: 'application/yaml', body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\ndata: ${JSON.stringify(d)}\n` })),
  fc.tuple(name, data, fc.boolean()).map(([n, d, stale]) => ({ label: 'replace configmap', method: 'PUT', path: `${CM}/${n}`, contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, ...(stale ? { resourceVersion: '1' } : {}) }, data: d }) })),
  fc.tuple(name, data).map(([n, d]) => ({ label: 'merge-patch configmap', method: 'PATCH', path: `${CM}/${n}`, contentType: 'application/merge-patch+json', body: JSON.stringify({ data: d }) })),
  fc.tuple(name, fc.string({ maxLength: 8 })).map(([n, v]) => ({ label: 'json-patch configmap', method: 'PATCH', path: `${CM}/${n}`, contentType: 'application/json-patch+json', body: JSON.stringify([{ op: 'add', path: '/metadata/labels', value: { v: v.replace(/[^a-z0-9]/g, '') || 'x' } }]) })),
  name.map((n) => ({ label: 'delete configmap', method: 'DELETE', path: `${CM}/${n}` })),
  fc.tuple(name, fc.integer({ min: 0, max: 3 })).map(([n, r]) => ({ label: 'create deployment', method: 'POST', path: DEPLOY, contentType: 'application/json', body: deployment(n, r) })),
  fc.tuple(name, fc.integer({ min: 0, max: 4 })).map(([n, r]) => ({ label: 'scale deployment', method: 'PATCH', path: `${DEPLOY}/${n}/scale`, contentType: 'application/merge-patch+json', body: JSON.stringify({ spec: { replicas: r } }) })),
  name.map((n) => ({ label: 'delete deployment', method: 'DELETE', path: `${DEPLOY}/${n}` })),
  // Invalid: each must be refused before anything is taken.
  fc.tuple(name, fc.integer({ min: 1001, max: 8000 })).map(([n, d]) => ({ label: 'deep json', method: 'POST', path: CM, contentType: 'application/json', body: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${n}"},"extra":${nested(d)}}` })),
  fc.integer({ min: 1001, max: 8000 }).map((d) => ({ label: 'deep yaml', method: 'POST', path: CM, contentType: 'application/yaml', body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nextra: ${nestedYaml(d)}\n` })),
  fc.tuple(name, fc.integer({ min: 999, max: 3000 })).map(([n, d]) => ({ label: 'deep patch', method: 'PATCH', path: `${CM}/${n}`, contentType: 'application/merge-patch+json', body: `{"extra":${nested(d)}}` })),
  fc.string({ maxLength: 40 }).map((s) => ({ label: 'malformed json', method: 'POST', path: CM, contentType: 'application/json', body: `{${s}` })),
  fc.constant({ label: 'null body', method: 'POST', path: CM, contentType: 'application/json', body: 'null' }),
  fc.constant({ label: 'invalid name', method: 'POST', path: CM, contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name' } }) }),
  fc.constant({ label: 'wrong kind', method: 'POST', path: CM, contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }) }),
  fc.constant({ label: 'pod without containers', method: 'POST', path: '/api/v1/namespaces/default/pods', contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} }) }),
  name.map((n) => ({ label: 'bad json-patch op', method: 'PATCH', path: `${CM}/${n}`, contentType: 'application/json-patch+json', body: '[{"op":"explode","path":"/x"}]' })),
  fc.constant({ label: 'unknown resource', method: 'POST', path: '/api/v1/namespaces/default/widgets', contentType: 'application/json', body: '{}' }),
  fc.constant({ label: 'namespace missing', method: 'POST', path: '/api/v1/namespaces/ghost/configmaps', contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g' } }) }),
);

/** fast-check's report quotes every request of the counterexample: multi-megabyte bodies. Keep the head. */
async function shortly(run: Promise<void>): Promise<void> {
  try {
    await run;
  } catch (err) {
    const message = (err as Error).message.replace(/"body":"(.{200})[^"]*"/g, '"body":"$1…"');
    throw new Error(message.length <= 4000 ? message : `${message.slice(0, 1500)}\n…\n${message.slice(-2500)}`, { cause: (err as Error).cause });
  }
}

describe('kubelapse live under random valid and invalid writes', () => {
  let live: LiveProcess;
  let db: Database.Database;
  const tally = new Map<string, number>();
  const acknowledged = new Set<number>();
  const deletedUids = new Set<string>();

  beforeAll(async () => {
    live = await startLiveProcess([], { speed: 20 });
    // Background writers: a Deployment whose pods, leases and Events keep the components busy.
    const r = await live.request('POST', DEPLOY, { contentType: 'application/json', body: deployment('bg', 3), userAgent: 'setup/1.0' });
    expect(r.status).toBe(201);
    db = new Database(live.output, { readonly: true, fileMustExist: true });
  }, 30_000);

  afterAll(async () => {
    if (db?.open) db.close();
    await live?.stop();
  });

  it('acknowledges only what it records, in order, and never answers 5xx', async () => {
    const rowAt = db.prepare('SELECT seq, kind, name, actor, verb FROM events WHERE resource_version = ?');
    const deleteOf = db.prepare("SELECT seq FROM events WHERE uid = ? AND verb = 'delete'");
    let lastSeq = 0;
    await shortly(fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 5, maxLength: 20 }), async (reqs) => {
        for (const q of reqs) {
          const r = await live.request(q.method, q.path, { ...(q.body !== undefined ? { body: q.body } : {}), ...(q.contentType !== undefined ? { contentType: q.contentType } : {}), userAgent: AGENT });
          const klass = `${Math.floor(r.status / 100)}xx`;
          tally.set(klass, (tally.get(klass) ?? 0) + 1);
          expect(r.status, `${q.label}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
          expect(r.json, `${q.label}: not JSON: ${r.text.slice(0, 200)}`).toBeDefined();
          if (r.status >= 400) {
            expect(r.json).toMatchObject({ kind: 'Status', status: 'Failure', code: r.status });
            continue;
          }
          const body = r.json as { kind: string; metadata?: { name?: string; resourceVersion?: string }; details?: { uid?: string } };
          if (body.kind === 'Status') {
            // A delete that removed the object at once: its delete row is there.
            const uid = body.details?.uid as string;
            const row = deleteOf.get(uid) as { seq: number } | undefined;
            expect(row, `${q.label}: delete of uid ${uid} acknowledged but not recorded`).toBeDefined();
            deletedUids.add(uid);
            lastSeq = Math.max(lastSeq, (row as { seq: number }).seq);
            continue;
          }
          const rv = Number(body.metadata?.resourceVersion);
          const row = rowAt.get(rv) as { seq: number; kind: string; name: string; actor: string } | undefined;
          expect(row, `${q.label}: resourceVersion ${rv} acknowledged but not in the recording`).toBeDefined();
          const { seq, name: rowName } = row as { seq: number; name: string };
          expect(rowName).toBe(body.metadata?.name);
          if ((row as { actor: string }).actor === 'kubelapse-fuzz' && !acknowledged.has(rv)) {
            // A new row (not an unchanged object answered as it was) comes after every earlier answer's.
            expect(seq).toBeGreaterThan(lastSeq);
            lastSeq = seq;
            acknowledged.add(rv);
          }
        }
        expect(live.alive(), live.log()).toBe(true);
      }),
      { seed: 20261202, numRuns: 60, endOnFailure: true },
    ));
    // Every row the fuzzer wrote was one it was told about: nothing refused left a row.
    const rows = db.prepare("SELECT resource_version AS rv, verb, uid FROM events WHERE actor = 'kubelapse-fuzz'").all() as Array<{ rv: number; verb: string; uid: string }>;
    const unexplained = rows.filter((r) => !acknowledged.has(r.rv) && !(r.verb === 'delete' && deletedUids.has(r.uid)));
    expect(unexplained).toEqual([]);
    expect(tally.get('2xx') ?? 0).toBeGreaterThan(20);
    expect(tally.get('4xx') ?? 0).toBeGreaterThan(20);
    // Background writers ran in between: leases, pods, Events.
    expect(db.prepare("SELECT count(*) FROM events WHERE actor LIKE 'kubelet/%'").pluck().get()).toBeGreaterThan(10);
    console.log(`live write fuzz: ${[...tally].map(([k, v]) => `${v} ${k}`).join(', ')}; ${rows.length} fuzzer rows, all acknowledged`);
  }, 240_000);

  it('stays up, ends cleanly on SIGTERM, and leaves a complete, sealed recording that verifies', async () => {
    expect(live.alive(), live.log()).toBe(true);
    db.close();
    expect(await live.stop()).toBe(0);
    const v = cli(['verify', live.output]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/hash chain intact, .*; complete; sealed with \d+ events/);
  }, 60_000);
});
