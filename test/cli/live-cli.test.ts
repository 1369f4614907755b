import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { cli, ROOT, tmpDir } from '../helpers.js';

describe('kubelapse live: flags and failures', () => {
  it('--help names the flags', () => {
    const r = cli(['live', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--port', '--speed', '--output', '--kubeconfig', '--viewer-port', '--no-viewer']) expect(r.stdout).toContain(flag);
  });

  it('refuses a bad --speed, --port or an existing --output with exit 2, naming the value, and leaves no files', () => {
    const dir = tmpDir();
    const out = path.join(dir, 's.db');
    const speed = cli(['live', '--speed', '0', '--no-viewer', '-o', out]);
    expect(speed.code).toBe(2);
    expect(speed.stderr).toContain('--speed: invalid speed "0"');
    const port = cli(['live', '--port', '70000', '--no-viewer', '-o', out]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port: invalid port "70000"');
    fs.writeFileSync(out, 'precious');
    const existing = cli(['live', '--no-viewer', '-o', out, '--port', '0']);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('already exists');
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
    const scenario = cli(['live', path.join(dir, 'missing.yaml'), '--no-viewer', '-o', path.join(dir, 't.db')]);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain('no such file');
  });

  it('a taken port is exit 2 with the reason, and no recording is left behind', async () => {
    const dir = tmpDir();
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const out = path.join(dir, 'taken.db');
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'live', '--port', String(port), '--no-viewer', '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('runs a scenario\'s steps at their times, and SIGTERM completes the recording', async () => {
    const dir = tmpDir();
    fs.cpSync(path.join(ROOT, 'recordings/api-basics.yaml'), path.join(dir, 'api-basics.yaml'));
    fs.cpSync(path.join(ROOT, 'recordings/manifests'), path.join(dir, 'manifests'), { recursive: true });
    const out = path.join(dir, 'basics-live.db');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'live', path.join(dir, 'api-basics.yaml'), '--speed', '20', '--port', '0', '--no-viewer', '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    // The scenario applies its Deployment at 5 s virtual: 0.25 s of wall time at 20x.
    const deadline = performance.now() + 20_000;
    let seen = false;
    while (!seen && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      if (!fs.existsSync(out)) continue;
      let rec: Recording;
      try {
        rec = Recording.open(out);
      } catch (e) {
        // The file exists a moment before its schema does: under load the poll can land in between.
        if (/no meta table|no such table/.test(String(e))) continue;
        throw e;
      }
      seen = (rec.db.prepare("SELECT count(*) FROM events WHERE kind = 'Deployment' AND name = 'web' AND verb = 'create'").pluck().get() as number) > 0;
      rec.close();
    }
    expect(seen).toBe(true);
    // The banner is in the pipe before the Deployment is in the file, but this process may
    // read the file (a timer) before the pipe (the next I/O poll) when both came in one wait.
    await expect.poll(() => stdout).toContain('What the API server does with each kubectl command at 20x');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const rec = Recording.open(out);
    try {
      expect(rec.meta()).toMatchObject({ complete: '1', source: 'live', name: 'api-basics' });
      expect(rec.markers().some((m) => m.kind === 'chapter' && m.title === 'Defaulting')).toBe(true);
    } finally {
      rec.close();
    }
  }, 40_000);

  it('a run to the file a live session is writing is refused, and the session completes its recording', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'live2.db');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'live', '--port', '0', '--no-viewer', '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await expect.poll(() => fs.existsSync(out) && Recording.isRecording(out), { timeout: 20_000 }).toBe(true);
      const ino = fs.statSync(out).ino;
      const run = cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', out, '-q']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toBe(`kubelapse: cannot write recording ${out}: another process has it open (a run or \`live\` writing it, or a viewer reading it); it is left as it is\n`);
      expect(fs.statSync(out).ino).toBe(ino);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(0);
      expect(stderr).not.toContain('readonly');
      const verify = cli(['verify', out]);
      expect(verify.code, verify.stdout).toBe(0);
      expect(verify.stdout).toMatch(/complete; sealed with \d+ events/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);
});
