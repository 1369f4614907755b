import path from 'node:path';
import { Command } from 'commander';

/** Where `kubelapse run web.yaml` writes: web.db beside the scenario. */
export function defaultOutput(scenarioFile: string): string {
  const dir = path.dirname(scenarioFile);
  return path.join(dir, `${path.basename(scenarioFile).replace(/\.ya?ml$/i, '')}.db`);
}

/** `kubelapse run`'s argument and options, declared once: main.ts's command and `runOutputOf` read a line alike. */
export function runArguments(cmd: Command): Command {
  return cmd
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --output <file>', 'recording to write (default: <scenario>.db beside the scenario)')
    .option('--seed <n>', "override the scenario's spec.seed")
    .option('-q, --quiet', 'no progress bar');
}

/**
 * The recording a `kubelapse run` command line writes (`args` as the user typed them, `run`
 * first), read as main.ts's `run` command reads it (runArguments: `-o`, `--output <file>`,
 * `--output=<file>`, else beside the scenario); undefined when the line names no scenario.
 * For the process that waits for a relaunched `run` (interrupted-run.ts), which has not
 * parsed the line itself.
 */
export function runOutputOf(args: readonly string[]): string | undefined {
  if (args[0] !== 'run') return undefined;
  const cmd = runArguments(new Command('run'))
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .allowUnknownOption()
    .allowExcessArguments();
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
