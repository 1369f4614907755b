import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/** Debian's python3, where python3-kubernetes installs the official client (a pyenv `python3` on PATH may not have it). */
export const PYTHON = '/usr/bin/python3';

/** Whether the official Python client can be imported here (CI installs python3-kubernetes). */
export const hasPythonClient = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import kubernetes'], { encoding: 'utf8' }).status === 0;

/**
 * Runs test/live/clients/<script> with `args` in a child process, so the live server in this
 * process keeps serving while the client talks to it.
 */
export async function runPythonClient(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(PYTHON, [path.join(ROOT, 'test/live/clients', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
