import { getCommand, type GetOptions } from '../../core/cli/commands/get.js';

/**
 * `kubelapse get`'s stdout and stderr, run in this process: stdout's lines, then each
 * stderr write as `stderr: ...`, then `exit N`, joined by newlines. Tests compare these
 * whole, so a cache that changes a byte, a message or the exit code shows.
 */
export function getInProcess(file: string, kind: string, opts: GetOptions): string {
  const lines: string[] = [];
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => {
    lines.push(`stderr: ${s}`);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = getCommand(file, kind, undefined, opts, (l) => lines.push(l));
    lines.push(`exit ${code}`);
  } finally {
    process.stderr.write = writeErr;
  }
  return lines.join('\n');
}
