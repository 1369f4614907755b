import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';

/** The real kubectl the live tests drive. */
export const KUBECTL = '/usr/bin/kubectl';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** kubectl's environment: the kubeconfig, and a home and discovery cache of the test's own. */
function env(kubeconfig: string, home: string): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: kubeconfig, HOME: home, KUBECACHEDIR: path.join(home, 'cache') };
}

function checked(args: string[], r: Ran): string {
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.err}`);
  return r.out;
}

/** kubectl against a live server in another process: each call waits for it. */
export function kubectlSync(kubeconfig: string, home: string): { run(...args: string[]): Ran; ok(...args: string[]): string } {
  const run = (...args: string[]): Ran => {
    const r = spawnSync(KUBECTL, args, { env: env(kubeconfig, home), encoding: 'utf8', timeout: 120_000 });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  return { run, ok: (...args) => checked(args, run(...args)) };
}

/** Runs a program without blocking: a live server in this same process must go on answering. */
export function runAsync(cmd: string, args: string[], environment: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: environment, encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out: stdout, err: stderr });
    });
  });
}

/** kubectl against a live server in this process. */
export function kubectlAsync(kubeconfig: string, home: string): { run(...args: string[]): Promise<Ran>; ok(...args: string[]): Promise<string> } {
  const run = (...args: string[]): Promise<Ran> => runAsync(KUBECTL, args, env(kubeconfig, home));
  return { run, ok: async (...args) => checked(args, await run(...args)) };
}
