import path from 'node:path';
import { Command } from 'commander';

/** Where `kubelapse run web.yaml` writes: web.db beside the scenario. */
export function defaultOutput(scenarioFile: string): string {
  const dir = path.dirname(scenarioFile);
  return path.join(dir, `${path.basename(scenarioFile).replace(/\.ya?ml$/i, '')}.db`);
}

/**
 * The recording a `kubelapse run` command line writes (`args` as the user typed them, `run`
 * first), read the way main.ts's `run` command reads it (`-o`, `--output <file>`,
 * `--output=<file>`, else beside the scenario); undefined when the line names no scenario.
 * For the process that waits for a relaunched `run` (interrupted-run.ts), which has not
 * parsed the line itself.
 */
export function runOutputOf(args: readonly string[]): string | undefined {
  if (args[0] !== 'run') return undefined;
  const cmd = new Command('run')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[scenario]')
    .option('-o, --output <file>')
    .option('--seed <n>')
    .option('-q, --quiet');
  try {
    cmd.parse(args.slice(1), { from: 'user' });
  } catch {
    return undefined;
  }
  const file = cmd.args[0];
  if (file === undefined) return undefined;
  const output = (cmd.opts() as { output?: string }).output;
  return output ?? defaultOutput(file);
}
