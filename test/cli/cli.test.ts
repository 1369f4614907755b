import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, sqlite, tmpDir } from '../helpers.js';

const SHIPPED = path.join(ROOT, 'recordings', 'api-basics.yaml');

function copyScenario(dir: string): string {
  fs.cpSync(path.join(ROOT, 'recordings', 'manifests'), path.join(dir, 'manifests'), { recursive: true });
  const file = path.join(dir, 'api-basics.yaml');
  fs.copyFileSync(SHIPPED, file);
  return file;
}

describe('kubelapse run', () => {
  it('the same scenario and seed twice give the same final hash and byte-identical events', () => {
    const dir = tmpDir();
    const a = cli(['run', SHIPPED, '-o', path.join(dir, 'a.db')]);
    const b = cli(['run', SHIPPED, '-o', path.join(dir, 'b.db')]);
    expect(a.code, a.stderr).toBe(0);
    const hash = (s: string) => /final hash ([0-9a-f]{64})/.exec(s)?.[1];
    expect(hash(a.stdout)).toBeDefined();
    expect(hash(a.stdout)).toBe(hash(b.stdout));
    const dump = (db: string) => sqlite(db, 'SELECT * FROM events ORDER BY seq; SELECT * FROM markers ORDER BY id; SELECT key, value FROM meta ORDER BY key;');
    expect(dump(path.join(dir, 'a.db'))).toBe(dump(path.join(dir, 'b.db')));
  });

  it('another --seed gives another recording (uids and names come from the seed)', () => {
    const dir = tmpDir();
    const a = cli(['run', SHIPPED, '-o', path.join(dir, 'a.db')]);
    const b = cli(['run', SHIPPED, '-o', path.join(dir, 'b.db'), '--seed', '8']);
    expect(b.code).toBe(0);
    expect(/final hash (\w+)/.exec(a.stdout)?.[1]).not.toBe(/final hash (\w+)/.exec(b.stdout)?.[1]);
    expect(sqlite(path.join(dir, 'b.db'), "SELECT value FROM meta WHERE key='seed'").trim()).toBe('8');
  });

  it('prints a one-line summary and writes <scenario>.db beside the scenario by default', () => {
    const dir = tmpDir();
    const file = copyScenario(dir);
    const r = cli(['run', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^.*api-basics\.db: \d+ events, 2m virtual in \d+\.\d\ds wall, expectations 5\/5 passed, final hash [0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(dir, 'api-basics.db'))).toBe(true);
  });

  it('a finished recording is one self-contained file: copied alone, it verifies', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'r.db');
    cli(['run', SHIPPED, '-o', db]);
    expect(fs.readdirSync(dir)).toEqual(['r.db']);
    const elsewhere = path.join(tmpDir(), 'copy.db');
    fs.copyFileSync(db, elsewhere);
    const v = cli(['verify', elsewhere]);
    expect(v.code).toBe(0);
    const count = sqlite(elsewhere, 'SELECT count(*) FROM events').trim();
    expect(Number(count)).toBeGreaterThan(100); // the controllers' and kubelets' writes, not only kubectl's
    expect(v.stdout).toMatch(new RegExp(`ok: ${count} events, hash chain intact, head [0-9a-f]{64}; complete`));
    expect(fs.readdirSync(dir)).toEqual(['r.db']); // reading leaves no -wal/-shm behind
  });

  it('a failed expectation is exit 1 and says what differed', () => {
    const dir = tmpDir();
    const file = copyScenario(dir);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{replicas: 5, minReadySeconds: 5', '{replicas: 6, minReadySeconds: 5'));
    const r = cli(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expectation failed: .*api-basics\.yaml:\d+:\d+: deployment\/web/);
    expect(r.stderr).toContain('replicas is 5, expected 6');
    expect(r.stdout).toContain('expectations 4/5 passed');
  });

  it('a failed expectation at a time names it as the clock reads it (0:30.0), not in milliseconds', () => {
    const dir = tmpDir();
    const file = copyScenario(dir);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('{replicas: 3, revisionHistoryLimit: 10', '{replicas: 4, revisionHistoryLimit: 10'));
    const r = cli(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expectation failed: .*api-basics\.yaml:\d+:\d+: deployment\/web at 0:30\.0\n/);
    expect(r.stderr).not.toMatch(/\d+ms\n/);
  });

  it('a step the API server refuses is exit 2 naming the step; what was recorded before stays, marked incomplete', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'refused.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: refused}
spec:
  duration: 1m
  steps:
    - at: 1s
      kubectl: create deployment web --image=nginx:1.27
    - at: 2s
      kubectl: scale deployment/webb --replicas=3
`,
    );
    const db = path.join(dir, 'refused.db');
    const r = cli(['run', file, '-o', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:9:7: spec.steps[1].kubectl: Error from server (NotFound): deployments.apps "webb" not found`);
    expect(sqlite(db, "SELECT value FROM meta WHERE key='complete'").trim()).toBe('0');
    expect(sqlite(db, "SELECT name FROM events WHERE actor='kubectl'").trim()).toBe('web');
    const v = cli(['verify', db]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('INCOMPLETE');
    expect(v.stdout).toContain('deployments.apps "webb" not found');
  });

  it('a re-run whose step fails leaves the earlier, whole recording as it was, and its own rows beside it', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'rerun.yaml');
    const scenario = (target: string): string => `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: rerun}
spec:
  duration: 30s
  steps:
    - at: 1s
      kubectl: create deployment web --image=nginx:1.27
    - at: 2s
      kubectl: scale deployment/${target} --replicas=3
`;
    const db = path.join(dir, 'rerun.db');
    fs.writeFileSync(file, scenario('web'));
    expect(cli(['run', file, '-o', db]).code).toBe(0);
    const before = cli(['verify', db]).stdout;
    expect(before).toMatch(/hash chain intact.*; complete/);
    const bytes = fs.readFileSync(db);
    // The same output again, from a scenario whose second step the API server refuses.
    fs.writeFileSync(file, scenario('webb'));
    const r = cli(['run', file, '-o', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the events recorded before the failure are kept in ${db}.partial, marked incomplete; ${db}, the earlier recording, is as it was`);
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
    expect(cli(['verify', db]).stdout).toBe(before);
    const partial = cli(['verify', `${db}.partial`]);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain('INCOMPLETE');
  });

  it('bad flags are exit 2', () => {
    expect(cli(['run', SHIPPED, '--seed', 'abc']).code).toBe(2);
    expect(cli(['run', SHIPPED, '--bogus']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
  });
});

describe('kubelapse validate', () => {
  it('a scenario with traffic and faults is simply ok: both are simulated (no stale "not simulated yet")', () => {
    const files = ['hpa-scale-out.yaml', 'node-failure.yaml'].map((f) => path.join(ROOT, 'recordings', f));
    const r = cli(['validate', ...files]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/hpa-scale-out\.yaml: ok: hpa-scale-out, 4 nodes, 9 steps, 4 expectations, 15m\n/);
    expect(r.stdout).toMatch(/node-failure\.yaml: ok: node-failure, 3 nodes, 7 steps, 5 expectations, 8m\n/);
    expect(r.stdout).not.toContain('not simulated');
  });
});

describe('kubelapse events and get', () => {
  const dir = tmpDir();
  const db = path.join(dir, 'api-basics.db');
  cli(['run', SHIPPED, '-o', db]);

  it('events prints a readable timeline with the actors and reasons', () => {
    const r = cli(['events', db, '--actor', 'kubectl']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SEQ\s+ACTOR\s+VERB\s+OBJECT\s+REASON\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^0:05\.0\s+\d+\s+kubectl\s+create\s+deployment\/default\/web\s+Apply\s+kubectl apply created deployment\.apps\/web$/);
    expect(r.stdout).toMatch(/0:35\.0\s+\d+\s+kubectl\s+update\/scale\s+deployment\/default\/web\s+Scale/);
  });

  it('events filters by kind and time and prints NDJSON with --json', () => {
    const r = cli(['events', db, '--kind', 'deploy', '--actor', 'kubectl', '--from', '30s', '--to', '50s', '--json']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((e) => [e.timeMs, e.kind, e.subresource])).toEqual([
      [35_000, 'Deployment', 'scale'],
      [45_000, 'Deployment', null],
    ]);
    expect(rows[1].object.spec.template.spec.containers[0].image).toBe('nginx:1.27.1');
    expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cli(['events', db, '--from', 'soon']).stderr).toContain('--from: invalid duration "soon"');
  });

  it('get shows the objects as they were at a moment', () => {
    const at40 = cli(['get', db, 'deployments', '--at', '40s', '-o', 'json']);
    expect(JSON.parse(at40.stdout).items[0].spec.replicas).toBe(5);
    const at20 = cli(['get', db, 'deploy', 'web', '--at', '20s', '-o', 'json']);
    expect(JSON.parse(at20.stdout).spec.replicas).toBe(3);
    const before = cli(['get', db, 'deploy', 'web', '--at', '1s']);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('Error from server (NotFound): deployments.apps "web" not found');
    const pods = cli(['get', db, 'pods', '--at', '85s']);
    expect(pods.stdout.trim().split('\n').slice(0, 2).join('\n')).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ndebug\s+1\/1\s+Running\s+0\s+5s$/);
    expect(pods.stdout.match(/^web-\w+-\w{5}\s+1\/1\s+Running/gm)).toHaveLength(5);
    const terminating = cli(['get', db, 'pods', '--at', '90s']);
    expect(terminating.stdout).toMatch(/debug\s+1\/1\s+Terminating\s+0\s+10s/);
    expect(cli(['get', db, 'pods', '--at', '95s']).stdout).not.toContain('debug');
    const nodes = cli(['get', db, 'nodes', '-o', 'name']);
    expect(nodes.stdout.trim().split('\n')).toEqual(['node/node-1', 'node/node-2', 'node/node-3']);
    const all = cli(['get', db, 'svc', '-A']);
    expect(all.stdout).toMatch(/^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP/);
    expect(all.stdout).toMatch(/default\s+web\s+ClusterIP\s+10\.96\.0\.2\s+<none>\s+80\/TCP/);
  });

  it('get refuses unknown kinds and formats with exit 2', () => {
    expect(cli(['get', db, 'widgets']).code).toBe(2);
    expect(cli(['get', db, 'pods', '-o', 'xml']).code).toBe(2);
  });
});

describe('--help', () => {
  it.each(['run', 'verify', 'events', 'get', 'why', 'history', 'validate', 'start', 'serve'])('%s --help describes the command and exits 0', (cmd) => {
    const r = cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: kubelapse ${cmd}`);
  });

  it('kubelapse --help lists the commands', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['run', 'verify', 'events', 'get', 'why', 'history', 'validate', 'start']) expect(r.stdout).toContain(cmd);
  });
});

describe('kubelapse start (npm start)', () => {
  it('records what is missing or stale, skips what is current, and lists the recordings', () => {
    const dir = tmpDir();
    copyScenario(dir);
    const first = cli(['start', '--no-serve', '--dir', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/recorded \(no recording yet\): .*api-basics\.db: \d+ events/);
    expect(first.stdout).toMatch(/RECORDING\s+TITLE\s+EVENTS\s+DURATION\s+COMPLETE\napi-basics\s+What the API server does with each kubectl command\s+\d+\s+2m\s+yes/);
    const second = cli(['start', '--no-serve', '--dir', dir]);
    expect(second.stdout).not.toContain('recorded (');
    // A newer manifest makes the recording stale.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'manifests', 'web.yaml'), later, later);
    const third = cli(['start', '--no-serve', '--dir', dir]);
    expect(third.stdout).toContain('recorded (web.yaml changed)');
  });

  it('records again a recording made with another seed, and its hints are one command a line, not a pipe', () => {
    const dir = tmpDir();
    copyScenario(dir);
    const db = path.join(dir, 'api-basics.db');
    expect(cli(['run', path.join(dir, 'api-basics.yaml'), '-o', db, '--seed', '12', '-q']).code).toBe(0);
    const r = cli(['start', '--no-serve', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("recorded (recorded with seed 12, the scenario's is 7)");
    expect(sqlite(db, "SELECT value FROM meta WHERE key = 'seed'").trim()).toBe('7');
    const again = cli(['start', '--no-serve', '--dir', dir]);
    expect(again.stdout).not.toContain('recorded (');
    const hints = again.stdout.trimEnd().split('\n').slice(-4);
    expect(hints).toEqual(['To look into one in a terminal:', `  npx kubelapse events ${dir}/<name>.db`, `  npx kubelapse get ${dir}/<name>.db pods --at 30s`, `  npx kubelapse why ${dir}/<name>.db <seq>`]);
    expect(again.stdout).not.toContain(' | ');
  });

  it('a broken scenario is reported and does not stop the others', () => {
    const dir = tmpDir();
    copyScenario(dir);
    fs.writeFileSync(path.join(dir, 'aaa-broken.yaml'), 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: broken}\nspec: {duration: 9x}\n');
    const r = cli(['start', '--no-serve', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/aaa-broken\.yaml:4:18: spec\.duration: invalid duration "9x"/);
    expect(fs.existsSync(path.join(dir, 'api-basics.db'))).toBe(true);
  });

  it('a folder without scenarios is bad input', () => {
    expect(cli(['start', '--no-serve', '--dir', tmpDir()]).stderr).toContain('no scenarios (*.yaml) in');
    expect(cli(['start', '--no-serve', '--dir', '/nonexistent']).code).toBe(2);
  });
});

describe('kubelapse run never destroys what is not a recording', () => {
  it('refuses to overwrite another file, and names a missing output folder', () => {
    const dir = tmpDir();
    const file = copyScenario(dir);
    const before = fs.readFileSync(file, 'utf8');
    const r = cli(['run', file, '-o', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`refusing to overwrite ${file}: it is not a kubelapse recording`);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const missing = cli(['run', file, '-o', path.join(dir, 'no', 'such', 'x.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot create recording ${path.join(dir, 'no', 'such', 'x.db')}: no such folder`);
  });

  it('replaces an older recording at the same path', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'r.db');
    expect(cli(['run', SHIPPED, '-o', db]).code).toBe(0);
    expect(cli(['run', SHIPPED, '-o', db, '--seed', '9']).code).toBe(0);
    expect(sqlite(db, "SELECT value FROM meta WHERE key='seed'").trim()).toBe('9');
  });
});

describe('kubectl -f steps', () => {
  it('create -f and apply -f use the manifests checked with the scenario', () => {
    const dir = tmpDir();
    fs.cpSync(path.join(ROOT, 'recordings', 'manifests'), path.join(dir, 'manifests'), { recursive: true });
    const file = path.join(dir, 'files.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: files}
spec:
  duration: 30s
  steps:
    - {at: 1s, kubectl: create -f manifests/web.yaml}
    - {at: 2s, kubectl: apply -f manifests/web.yaml}
  expect:
    - deployment/web: {replicas: 3}
    - service/web: {type: ClusterIP}
`,
    );
    const db = path.join(dir, 'files.db');
    const r = cli(['run', file, '-o', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(sqlite(db, "SELECT verb || ' ' || kind || ' ' || reason FROM events WHERE actor = 'kubectl' ORDER BY seq").trim().split('\n')).toEqual([
      'create Deployment Create',
      'create Service Create',
      'update Deployment Apply',
      'update Service Apply',
    ]);
    expect(sqlite(db, "SELECT body FROM markers WHERE title = 'kubectl apply -f manifests/web.yaml'").trim()).toBe('deployment.apps/web configured\nservice/web configured');
  });
});
