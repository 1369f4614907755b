import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsCommand } from '../../core/cli/commands/events.js';
import { getCommand } from '../../core/cli/commands/get.js';
import { BIN, cli, tmpDir } from '../helpers.js';
import { SIX_HUNDRED_PODS } from './six-hundred-pods.js';

/**
 * `kubelapse get <kind> -A -o json|yaml` into a pipe (`| jq`, `| head`): 612 Pods are ~5 MB
 * of JSON, ~80 times a pipe's 64 kB buffer, and 3 pieces of -o yaml (256 objects a piece).
 */
const dir = tmpDir();
const db = path.join(dir, 'big.db');
fs.writeFileSync(path.join(dir, 'big.yaml'), SIX_HUNDRED_PODS);
const made = cli(['run', path.join(dir, 'big.yaml'), '-o', db, '-q']);

/** The List as the whole-object path makes it (stateAt, then JSON.stringify or yaml's stringify of it all): the bytes `get` printed before it wrote pieces. */
function wholeList(output: 'json' | 'yaml'): string {
  const lines: string[] = [];
  expect(getCommand(db, 'pods', undefined, { allNamespaces: true, output, wholeObjects: true }, (l) => lines.push(l))).toBe(0);
  return `${lines.join('\n')}\n`;
}

/** The CLI with its stdout read only after `waitMs` (a reader busy elsewhere), then in full. */
function slowReader(args: string[], waitMs: number): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      child.stdout.resume();
    }, waitMs);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

describe('get -o json / -o yaml of a whole kind through a pipe', () => {
  it('the recording is made', () => {
    expect(made.code, made.stderr).toBe(0);
  });

  for (const output of ['json', 'yaml'] as const) {
    it(`-o ${output} to a reader that waits 1.5 s first: the same bytes as the whole List, exit 0, nothing on stderr`, async () => {
      const r = await slowReader(['get', db, 'pods', '-A', '-o', output], 1500);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const whole = wholeList(output);
      expect(whole.length).toBeGreaterThan(3_000_000);
      expect(r.stdout.toString('utf8')).toBe(whole);
    });

    it(`-o ${output} | head -c 1000: exit 0 and no message when the reader closes the pipe`, () => {
      // bash's pipefail gives kubelapse's own exit code, not head's.
      const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${BIN}" get "${db}" pods -A -o ${output} | head -c 1000`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(wholeList(output).slice(0, 1000));
    });
  }

  it('events (a table of ~5,700 rows, and --json) to a reader that waits: the same bytes as written at once, exit 0', async () => {
    for (const json of [false, true]) {
      const lines: string[] = [];
      expect(eventsCommand(db, json ? { json: true } : {}, (l) => lines.push(l))).toBe(0);
      const r = await slowReader(['events', db, ...(json ? ['--json'] : [])], 1000);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(json ? 5_000_000 : 700_000);
      expect(r.stdout.toString('utf8')).toBe(`${lines.join('\n')}\n`);
    }
  });

  it('each piece waits until the writer took the one before (the backpressure a pipe gives)', async () => {
    const taken: string[] = [];
    let release: () => void = () => undefined;
    const paced = (text: string): Promise<void> => {
      taken.push(text);
      return new Promise((resolve) => (release = resolve));
    };
    const done = getCommand(db, 'pods', undefined, { allNamespaces: true, output: 'yaml' }, () => expect.unreachable('out is not used when paced'), undefined, paced);
    expect(done).toBeInstanceOf(Promise);
    // One piece out and waiting: the List's header; the objects' pieces come one a release.
    await new Promise((r) => setTimeout(r, 50));
    expect(taken).toEqual(['apiVersion: v1\nkind: List\nitems:\n']);
    for (let i = 1; i <= 3; i++) {
      release();
      await new Promise((r) => setTimeout(r, 20));
      expect(taken).toHaveLength(i + 1);
    }
    release();
    expect(await done).toBe(0);
    expect(taken.join('')).toBe(wholeList('yaml'));
  });
});
