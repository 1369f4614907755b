import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, tmpDir } from '../helpers.js';

/** The same five kubectl commands, typed into a live session and run as a scenario's steps. */
const COMMANDS = ['create deployment web --image=nginx --replicas=2', 'scale deployment web --replicas=3', 'set image deployment/web nginx=nginx:1.28', 'label deployment web tier=x', 'delete deployment web'];

/** `kubelapse events --actor kubectl`'s rows as VERB, OBJECT and REASON. */
function kubectlRows(db: string): string[][] {
  const r = cli(['events', db, '--actor', 'kubectl']);
  expect(r.code, r.stderr).toBe(0);
  const [head = '', ...rows] = r.stdout.trimEnd().split('\n');
  const at = (name: string): number => head.indexOf(name);
  // Columns by the header's offsets: an empty REASON is an empty cell, not a shifted one.
  const cell = (row: string, name: string, next: string): string => row.slice(at(name), at(next)).trim();
  return rows.map((row) => [cell(row, 'VERB', 'OBJECT'), cell(row, 'OBJECT', 'REASON'), cell(row, 'REASON', 'MESSAGE')]);
}

describe('events of a live recording: kubectl\'s writes have the REASON a scenario\'s kubectl steps record', () => {
  it('create, scale, set image, label, delete: Create, Scale, SetImage, Label, Delete in both', async () => {
    const dir = tmpDir();
    const live = path.join(dir, 'live.db');
    const kubeconfig = path.join(dir, 'kubeconfig');
    const child = spawn(process.execPath, [BIN, 'live', '--port', '0', '--no-viewer', '--kubeconfig', kubeconfig, '-o', live], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    try {
      await expect.poll(() => stdout, { timeout: 30_000 }).toContain('Ctrl-C');
      for (const c of COMMANDS) execFileSync('kubectl', c.split(' '), { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: 'ignore' });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const scenario = path.join(dir, 'same.yaml');
    fs.writeFileSync(scenario, `apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: same}\nspec:\n  duration: 10s\n  steps:\n${COMMANDS.map((c, i) => `    - at: ${i}s\n      kubectl: ${c}\n`).join('')}`);
    const simulated = path.join(dir, 'sim.db');
    const run = cli(['run', scenario, '-o', simulated, '-q']);
    expect(run.code, run.stderr).toBe(0);
    const expected = [
      ['create', 'deployment/default/web', 'Create'],
      ['update/scale', 'deployment/default/web', 'Scale'],
      ['update', 'deployment/default/web', 'SetImage'],
      ['update', 'deployment/default/web', 'Label'],
      ['delete', 'deployment/default/web', 'Delete'],
    ];
    expect(kubectlRows(live)).toEqual(expected);
    expect(kubectlRows(simulated)).toEqual(expected);
    // --reason finds kubectl's writes in the live recording as in a simulated one.
    expect(cli(['events', live, '--reason', 'SetImage']).stdout).toMatch(/kubectl set image: patch deployments\.apps\/web/);
  }, 90_000);
});
