import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmpDir } from '../helpers.js';

const scenario = (file: string): string => `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: files}
spec:
  duration: 10s
  steps:
    - at: 0s
      apply: {file: ${file}}
`;

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}\n';

/** `kubelapse validate` of a scenario whose apply step reads `target` (set up by `prepare` in the folder). */
function validate(target: string, prepare: (dir: string) => void = () => undefined): { code: number; stderr: string; stdout: string; ms: number } {
  const dir = tmpDir();
  prepare(dir);
  fs.writeFileSync(path.join(dir, 's.yaml'), scenario(target));
  const started = performance.now();
  const r = cli(['validate', path.join(dir, 's.yaml')], undefined, 20_000);
  return { ...r, ms: performance.now() - started };
}

describe('apply: {file} reads regular files only, within a size limit', () => {
  it.each([
    ['a directory', 'conf', (d: string) => fs.mkdirSync(path.join(d, 'conf')), 'manifest file conf: a directory, not a regular file'],
    ['a FIFO (never opened: it would block)', 'pipe', (d: string) => execFileSync('mkfifo', [path.join(d, 'pipe')]), 'manifest file pipe: a FIFO (named pipe), not a regular file'],
    ['/dev/zero', '/dev/zero', () => undefined, 'manifest file /dev/zero: a character device, not a regular file'],
    ['/dev/urandom', '/dev/urandom', () => undefined, 'manifest file /dev/urandom: a character device, not a regular file'],
    ['a symlink to /dev/zero', 'z.yaml', (d: string) => fs.symlinkSync('/dev/zero', path.join(d, 'z.yaml')), 'manifest file z.yaml: a character device, not a regular file'],
    ['a symlink loop', 'a.yaml', (d: string) => (fs.symlinkSync('b.yaml', path.join(d, 'a.yaml')), fs.symlinkSync('a.yaml', path.join(d, 'b.yaml'))), 'manifest file a.yaml: a symlink loop'],
  ])('%s: exit 2, one line naming the path, at once', (_what, target, prepare, message) => {
    const r = validate(target, prepare);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/s\.yaml:8:21: spec\.steps\[0\]\.apply\.file: /)]);
    expect(r.stderr).toContain(message);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a file over 3 MiB is refused naming its size and the limit; one of exactly 3 MiB is read', () => {
    const limit = 3 * 1024 * 1024;
    const big = validate('big.yaml', (d) => fs.writeFileSync(path.join(d, 'big.yaml'), CONFIGMAP + '#'.repeat(limit + 1 - CONFIGMAP.length)));
    expect(big.code).toBe(2);
    expect(big.stderr).toContain(`manifest file big.yaml: too big: ${limit + 1} bytes, the limit is 3 MiB`);
    const fits = validate('fits.yaml', (d) => fs.writeFileSync(path.join(d, 'fits.yaml'), CONFIGMAP + '#'.repeat(limit - CONFIGMAP.length)));
    expect(fits.code, fits.stderr).toBe(0);
  });

  it('a /proc file (size 0 to stat) is read, through the same bounded read', () => {
    // /proc/self/status is a regular file: read, then refused for what it holds, not hung on.
    const r = validate('/proc/self/status');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/proc\/self\/status:1:1: document 1: apiVersion is required \(from spec\.steps\[0\]\.apply\.file\)/);
  });

  it('a symlink to a regular file is followed', () => {
    const r = validate('link.yaml', (d) => (fs.writeFileSync(path.join(d, 'cm.yaml'), CONFIGMAP), fs.symlinkSync('cm.yaml', path.join(d, 'link.yaml'))));
    expect(r.code, r.stderr).toBe(0);
  });

  it('kubectl apply -f gets the same checks', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 's.yaml'), scenario('x').replace('apply: {file: x}', 'kubectl: apply -f /dev/zero'));
    const r = cli(['validate', path.join(dir, 's.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('spec.steps[0].kubectl: manifest file /dev/zero: a character device, not a regular file');
  });

  it('the scenario file itself: a directory or a FIFO is refused without blocking, one over 8 MiB unread', () => {
    const dir = tmpDir();
    execFileSync('mkfifo', [path.join(dir, 'p.yaml')]);
    const fifo = cli(['validate', path.join(dir, 'p.yaml')], undefined, 20_000);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr.trim()).toBe(`${path.join(dir, 'p.yaml')}: a FIFO (named pipe), not a regular file`);
    const d = cli(['run', dir]);
    expect(d.code).toBe(2);
    expect(d.stderr.trim()).toBe(`${dir}: a directory, not a regular file`);
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, scenario('x.yaml') + '#'.repeat(8 * 1024 * 1024));
    const b = cli(['validate', big]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toBe(`${big}: too big: ${fs.statSync(big).size} bytes, the limit is 8 MiB (the most a scenario file may hold)`);
  });
});

describe('text encodings', () => {
  it('UTF-16 with a byte-order mark (LE and BE) is read like UTF-8, as kubectl does', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIGMAP, 'utf16le')]);
    const be = Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(CONFIGMAP, 'utf16le').swap16()]));
    for (const bytes of [le, be]) {
      const r = validate('cm.yaml', (d) => fs.writeFileSync(path.join(d, 'cm.yaml'), bytes));
      expect(r.code, r.stderr).toBe(0);
    }
    const dir = tmpDir();
    const file = path.join(dir, 'wide.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(scenario('cm.yaml'), 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'cm.yaml'), CONFIGMAP);
    const s = cli(['validate', file]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('ok: files');
  });

  it('UTF-16 without a byte-order mark, and bytes that are not UTF-8, are named', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'wide.yaml');
    fs.writeFileSync(file, Buffer.from(scenario('cm.yaml'), 'utf16le'));
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${file}: NUL byte at line 1: UTF-16 without a byte-order mark, or not text? save it as UTF-8`);
    const latin1 = validate('cm.yaml', (d) => fs.writeFileSync(path.join(d, 'cm.yaml'), Buffer.from(CONFIGMAP.replace('fast', 'caf\u00e9'), 'latin1')));
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toContain('manifest file cm.yaml: not UTF-8: byte 0xe9 at line 4; save it as UTF-8');
  });
});
