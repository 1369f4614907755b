import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmpDir } from '../helpers.js';

const HEAD = `apiVersion: kubelapse/v1
kind: Scenario
metadata:
  name: broken
spec:
  duration: 2m
`;

interface Case {
  name: string;
  yaml: string;
  /** What stderr must say: file:line:col and the path and problem. */
  expect: RegExp;
  files?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'an invalid duration',
    yaml: `${HEAD}  steps:
    - at: 0s
      chapter: one
    - at: 10s
      chapter: two
    - at: 9x
      chapter: three
`,
    expect: /broken\.yaml:12:11: spec\.steps\[2\]\.at: invalid duration "9x"/,
  },
  {
    name: 'an unknown step type',
    yaml: `${HEAD}  steps:
    - at: 5s
      kubctl: scale deployment/web --replicas=2
`,
    expect: /broken\.yaml:9:7: spec\.steps\[0\]\.kubctl: unknown key "kubctl" \(did you mean "kubectl"\?\)/,
  },
  {
    name: 'an unknown top-level key',
    yaml: `${HEAD}  seeds: 3
`,
    expect: /broken\.yaml:7:3: spec\.seeds: unknown key "seeds" \(did you mean "seed"\?\)/,
  },
  {
    name: 'a missing duration',
    yaml: `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: broken}
spec:
  seed: 1
`,
    expect: /broken\.yaml:5:3: spec\.duration: required/,
  },
  {
    name: 'a wrong apiVersion',
    yaml: HEAD.replace('kubelapse/v1', 'kubelapse/v2'),
    expect: /broken\.yaml:1:13: apiVersion: must be "kubelapse\/v1", got string "kubelapse\/v2"/,
  },
  {
    name: 'a YAML syntax error',
    yaml: `${HEAD}  steps:
    - at: 5s
      chapter: "unterminated
`,
    expect: /broken\.yaml:(9|10):\d+: yaml: Missing closing "quote/,
  },
  {
    name: 'a kubectl verb that is not supported',
    yaml: `${HEAD}  steps:
    - at: 5s
      kubectl: port-forward deployment/web 8080
`,
    expect: /broken\.yaml:9:16: spec\.steps\[0\]\.kubectl: unknown or unsupported command "port-forward"/,
  },
  {
    name: 'kubectl create deployment without --image',
    yaml: `${HEAD}  steps:
    - at: 5s
      kubectl: create deployment web --replicas=3
`,
    expect: /broken\.yaml:9:16: spec\.steps\[0\]\.kubectl: required flag\(s\) "image" not set/,
  },
  {
    name: 'an unknown kind inside an inline manifest, at its line',
    yaml: `${HEAD}  steps:
    - at: 5s
      apply: |
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: settings
`,
    expect: /broken\.yaml:10:\d+: spec\.steps\[0\]\.apply: document 1: no matches for kind "Ingress" in version "networking\.k8s\.io\/v1"/,
  },
  {
    name: 'a manifest file that does not exist',
    yaml: `${HEAD}  steps:
    - at: 5s
      apply: {file: manifests/nope.yaml}
`,
    expect: /broken\.yaml:9:21: spec\.steps\[0\]\.apply\.file: manifest file not found: manifests\/nope\.yaml/,
  },
  {
    name: 'a bad manifest in a referenced file, at its own line',
    yaml: `${HEAD}  steps:
    - at: 5s
      kubectl: apply -f bad.yaml
`,
    files: { 'bad.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n' },
    expect: /bad\.yaml:5:1: document 2: Pod: metadata\.name or metadata\.generateName is required \(from spec\.steps\[0\]\.kubectl\)/,
  },
  {
    name: 'an unknown fault type',
    yaml: `${HEAD}  steps:
    - at: 5s
      fault: {type: node-dwn, node: node-2}
`,
    expect: /broken\.yaml:9:21: spec\.steps\[0\]\.fault\.type: unknown fault type string "node-dwn" \(did you mean "node-down"\?\)/,
  },
  {
    name: 'a negative traffic rate',
    yaml: `${HEAD}  steps:
    - at: 5s
      traffic: {service: web, rps: -5}
`,
    expect: /broken\.yaml:9:36: spec\.steps\[0\]\.traffic\.rps: invalid rate -5/,
  },
  {
    name: 'two actions in one step',
    yaml: `${HEAD}  steps:
    - at: 5s
      chapter: Scale
      kubectl: scale deployment/web --replicas=2
`,
    expect: /broken\.yaml:10:7: spec\.steps\[0\]\.kubectl: one action per step, found kubectl and chapter|one action per step/,
  },
  {
    name: 'a step after the end',
    yaml: `${HEAD}  steps:
    - at: 5m
      chapter: too late
`,
    expect: /broken\.yaml:8:11: spec\.steps\[0\]\.at: 5m is after the end of the scenario/,
  },
  {
    name: 'an expectation on an unknown kind',
    yaml: `${HEAD}  expect:
    - widget/web: {ready: 1}
`,
    expect: /broken\.yaml:8:7: spec\.expect\[0\]\.widget\/web: unknown kind "widget"/,
  },
  {
    name: 'a negative node count',
    yaml: `${HEAD}  cluster:
    nodes: -1
`,
    expect: /broken\.yaml:8:12: spec\.cluster\.nodes: invalid node count -1/,
  },
  {
    name: 'a kubelet eviction signal kubelapse does not model',
    yaml: `${HEAD}  cluster:
    kubelet:
      evictionHard: {nodefs.available: 10%}
`,
    expect: /broken\.yaml:9:22: spec\.cluster\.kubelet\.evictionHard\.nodefs\.available: unknown key "nodefs\.available"/,
  },
  {
    name: 'a soft eviction threshold without its grace period',
    yaml: `${HEAD}  cluster:
    kubelet:
      evictionSoft: {memory.available: 300Mi}
`,
    expect: /spec\.cluster\.kubelet\.evictionSoftGracePeriod: evictionSoft memory\.available needs a grace period here/,
  },
  {
    name: 'a bad eviction threshold quantity',
    yaml: `${HEAD}  cluster:
    kubelet:
      evictionHard: {memory.available: lots}
`,
    expect: /broken\.yaml:9:40: spec\.cluster\.kubelet\.evictionHard\.memory\.available: invalid quantity "lots" \(e\.g\. 100Mi\)/,
  },
  {
    name: 'a YAML alias bomb in the scenario ("billion laughs")',
    yaml: `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: broken}
x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
w: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
v: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
spec:
  duration: 2m
`,
    expect: /\/broken\.yaml:8:8: yaml: excessive aliasing: &d is used 9 times, standing for 66,429 values \(at most 100 alias expansions; a "billion laughs" document\?\)\n$/,
  },
  {
    name: 'a YAML alias bomb in an inline manifest',
    yaml: `${HEAD}  steps:
    - at: 0s
      apply: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: lol}
        x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
        y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        w: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        v: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
`,
    expect: /\/broken\.yaml:17:16: spec\.steps\[0\]\.apply: document 1: yaml: excessive aliasing: &d is used 9 times/,
  },
  {
    name: 'a YAML alias bomb in a manifest file',
    yaml: `${HEAD}  steps:
    - at: 0s
      apply: {file: lol.yaml}
`,
    files: { 'lol.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n' + `x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
w: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
v: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
` },
    expect: /lol\.yaml:8:8: document 1: yaml: excessive aliasing: &d is used 9 times.* \(from spec\.steps\[0\]\.apply\.file\)/,
  },
  {
    name: 'an alias without its anchor',
    yaml: `${HEAD}  seed: *nope
`,
    expect: /\/broken\.yaml:7:9: yaml: unknown alias \*nope: its anchor &nope must come before it\n$/,
  },
  {
    name: 'an alias inside its own anchor (a value that contains itself)',
    yaml: `${HEAD}  steps:
    - at: 0s
      apply: |
        apiVersion: v1
        kind: ConfigMap
        metadata: &m {name: loop, annotations: {a: *m}}
`,
    expect: /\/broken\.yaml:12:52: spec\.steps\[0\]\.apply: document 1: yaml: alias \*m is inside its own anchor &m: a value cannot contain itself\n$/,
  },
  {
    name: 'a second YAML document in the scenario file',
    yaml: `${HEAD}---
${HEAD}`,
    expect: /\/broken\.yaml:7:1: yaml: a second YAML document starts here; a scenario is one document \(manifests go in apply steps or their own files\)\n$/,
  },
  {
    name: 'a duplicate key',
    yaml: `${HEAD}  duration: 3m
`,
    expect: /broken\.yaml:7:3: yaml: Map keys must be unique/,
  },
];

describe('malformed scenarios', () => {
  it.each(CASES)('$name: exit 2 and a message with file:line:col and the path', (c) => {
    const dir = tmpDir();
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, c.yaml);
    for (const [name, text] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(dir, name), text);
    const r = cli(['run', file, '-o', path.join(dir, 'out.db')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(c.expect);
    expect(fs.existsSync(path.join(dir, 'out.db'))).toBe(false);
  });

  it('lists every problem, not just the first', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, `${HEAD}  seed: -1\n  steps:\n    - at: 1x\n      chapter: a\n    - at: 2s\n      fault: {type: pod-kill}\n`);
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/:7:9: spec\.seed: invalid seed -1/);
    expect(lines[1]).toMatch(/:9:11: spec\.steps\[0\]\.at: invalid duration "1x"/);
    expect(lines[2]).toMatch(/:12:14: spec\.steps\[1\]\.fault: pod: required for a pod-kill fault/);
  });

  it('a missing scenario file is exit 2 naming the file', () => {
    const r = cli(['run', '/nonexistent/scenario.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/scenario.yaml: no such file');
  });
});
