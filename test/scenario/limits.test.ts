import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, sqlite, tmpDir } from '../helpers.js';

const scenario = (spec: string): string => `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: bounds}
spec:
${spec}`;

function validate(yaml: string): { code: number; stdout: string; stderr: string } {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 's.yaml'), yaml);
  return cli(['validate', path.join(dir, 's.yaml')], undefined, 20_000);
}

const WEB = `    - at: 0s
      kubectl: create deployment web --image=nginx --port=80
`;

describe('numbers that drive the simulation have documented upper bounds', () => {
  it.each([
    ['ten years of spec.duration', '  duration: 87600h\n', /s\.yaml:5:13: spec\.duration: duration "87600h" is over the limit of 24h of cluster time/],
    ['a spec.duration past any float', '  duration: 99999999999999999999h\n', /s\.yaml:5:13: spec\.duration: duration "99999999999999999999h" is over the limit of 24h/],
    ['a traffic duration', `  duration: 1h\n  steps:\n${WEB}    - at: 1s\n      traffic: {service: web, rps: 10, duration: 25h}\n`, /s\.yaml:10:50: spec\.steps\[1\]\.traffic\.duration: duration "25h" is over the limit of 24h/],
    ['a fault duration', '  duration: 1h\n  steps:\n    - at: 1s\n      fault: {type: probe-fail, pod: web-x, probe: readiness, duration: 9999h}\n', /spec\.steps\[0\]\.fault\.duration: duration "9999h" is over the limit of 24h/],
    ['a cluster timing', '  duration: 1h\n  cluster: {imagePullTime: 100000h}\n', /spec\.cluster\.imagePullTime: duration "100000h" is over the limit of 24h/],
    ['a billion requests per second', `  duration: 1m\n  steps:\n${WEB}    - at: 1s\n      traffic: {service: web, rps: 1e9}\n`, /s\.yaml:10:36: spec\.steps\[1\]\.traffic\.rps: rate 1000000000 is over the limit of 10,000 requests per second/],
    ['a billion replicas from kubectl', '  duration: 1m\n  steps:\n    - at: 0s\n      kubectl: scale deployment/web --replicas=1000000000\n', /spec\.steps\[0\]\.kubectl: --replicas=1000000000 is over the limit of 50,000 replicas/],
    [
      'a billion replicas in a manifest',
      '  duration: 1m\n  steps:\n    - at: 0s\n      apply: |\n        apiVersion: apps/v1\n        kind: Deployment\n        metadata: {name: web}\n        spec:\n          replicas: 1000000000\n          selector: {matchLabels: {app: web}}\n          template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: nginx}]}}\n',
      /spec\.steps\[0\]\.apply: Deployment web: spec\.replicas 1000000000 is over the limit of 50,000 replicas/,
    ],
    ['5,001 listed nodes', `  duration: 1m\n  cluster:\n    nodes: [${Array.from({ length: 5001 }, () => '{}').join(', ')}]\n`, /spec\.cluster\.nodes: 5001 nodes listed: at most 5000/],
  ])('%s: exit 2 at once, naming the value and the limit', (_what, spec, message) => {
    const r = validate(scenario(spec));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('the limits themselves are accepted', () => {
    const r = validate(scenario(`  duration: 24h\n  steps:\n${WEB}    - at: 1s\n      traffic: {service: web, rps: 10000, duration: 24h}\n    - at: 2s\n      kubectl: scale deployment/web --replicas=50000\n`));
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('a long run says up front how long and how big it will be', () => {
  it('6h of an idle node: the estimate is printed before the run and is close to what is recorded', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'long.yaml');
    fs.writeFileSync(file, scenario('  duration: 6h\n  cluster: {nodes: 1}\n'));
    const db = path.join(dir, 'long.db');
    const r = cli(['run', file, '-o', db]);
    expect(r.code, r.stderr).toBe(0);
    const m = /^kubelapse: simulating 6h of cluster time on 1 node; expect about ([\d,]+) events\n$/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const estimated = Number(m![1]!.replace(/,/g, ''));
    const recorded = Number(sqlite(db, 'SELECT COUNT(*) FROM events').trim());
    expect(recorded / estimated).toBeGreaterThan(0.8);
    expect(recorded / estimated).toBeLessThan(1.25);
    expect(cli(['validate', file]).stdout).toContain('(simulating 6h of cluster time on 1 node; expect about');
  });

  it('traffic counts in the estimate; a short small run prints nothing extra', () => {
    const busy = validate(scenario(`  duration: 1h\n  steps:\n${WEB}    - at: 0s\n      traffic: {service: web, rps: 10000}\n`));
    expect(busy.stdout).toContain('and 36,000,000 simulated requests');
    const small = validate(scenario(`  duration: 10m\n  steps:\n${WEB}`));
    expect(small.stdout).toMatch(/ok: bounds, 3 nodes, 1 steps, 0 expectations, 10m\n$/);
  });
});
