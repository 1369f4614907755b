import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/**
 * The files the user named, folders walked (sorted, hidden files left out), each with
 * how to read it. kube-apiserver rotates `--audit-log-path` into `audit-2024-01-01T00-00-00.000.log`
 * backups (lumberjack), optionally gzipped (`--audit-log-compress`): every file of a
 * folder is an input, and read-audit.ts orders inputs by the time inside, not by name
 * (`audit.log`, the newest, sorts before its backups by name).
 */
export interface AuditInput {
  /** the path as the user named it (a folder's member: the member's path) */
  name: string;
  /** the file to read: the input itself, or its gunzipped copy in a temporary folder */
  file: string;
  bytes: number;
  gzip: boolean;
}

/** A bad path or an unreadable input: one line for the user, exit 2. */
export class AuditInputError extends Error {}

export function discoverInputs(paths: readonly string[]): AuditInput[] {
  if (paths.length === 0) throw new AuditInputError('no audit log named: give files or folders');
  const out: AuditInput[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new AuditInputError(`no such file or folder: ${p}`);
    }
    if (stat.isDirectory()) out.push(...walk(p));
    else out.push(inputOf(p, stat.size));
  }
  return out;
}

function walk(dir: string): AuditInput[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((d) => {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) return walk(p);
      return d.isFile() ? [inputOf(p, fs.statSync(p).size)] : [];
    });
}

function inputOf(p: string, bytes: number): AuditInput {
  return { name: p, file: p, bytes, gzip: isGzip(p) };
}

/** gzip's magic bytes 1f 8b, whatever the name says. */
function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A gzipped input, decompressed to a temporary file so that both passes read it like a
 * plain one (the second reads lines by position). Costs its size in disk, not memory.
 * A cut-off gzip (a rotation interrupted) keeps what decompressed and says where it stopped.
 */
export async function gunzipTo(input: AuditInput, dir: string, n: number): Promise<string | null> {
  const out = path.join(dir, `${n}-${path.basename(input.name).replace(/\.gz$/, '')}`);
  try {
    await pipeline(fs.createReadStream(input.name), createGunzip(), fs.createWriteStream(out));
    input.file = out;
    return null;
  } catch (err) {
    input.file = out;
    return `gzip stream broken after ${fs.existsSync(out) ? fs.statSync(out).size : 0} bytes (${(err as Error).message})`;
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-audit-'));
}
