import fs from 'node:fs';

/** `kubelapse 0.2.0`, read from package.json, stamped into recordings as meta.generator. */
function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kubelapse' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next location: the source tree and dist/ sit at different depths
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
export const GENERATOR = `kubelapse ${VERSION}`;
