import type { AppBehaviour } from './app-behaviour.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON */

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/**
 * `trap '...' TERM` (SIGTERM, or 15) in a script: the shell has a handler and exits on
 * SIGTERM (`trap 'exit 0' TERM; while ...`). An EXIT trap alone installs no SIGTERM handler.
 */
const TRAP = /\btrap\b[\s\S]*?(?:\b(?:SIG)?TERM\b|\s15\b)/;

/**
 * Does this container's process ignore SIGTERM? Its process is PID 1 in its PID
 * namespace, and the kernel delivers no signal to PID 1 whose default action is to
 * terminate unless the process installed a handler for it (pid_namespaces(7): "the only
 * signals that can be sent to the namespace init process are those for which the init
 * has established a signal handler"). `sleep` installs none, nor does a shell unless the
 * script says `trap ... TERM`; so a `command: [sleep, infinity]` or `sh -c "sleep 3600"`
 * pod, deleted, waits out terminationGracePeriodSeconds (30 s) and is SIGKILLed: exit
 * 137, reason Error (the kubelet's killContainer, kuberuntime_container.go). The argv is
 * read as command-script.ts reads it: `command` + `args`, or `args` alone (they replace
 * the image's CMD; busybox's has no ENTRYPOINT). A container without either runs its
 * image's own entrypoint (nginx, redis): such a server handles SIGTERM.
 */
export function ignoresSigterm(container: any): boolean {
  const command: unknown[] = Array.isArray(container?.command) ? container.command : [];
  const args: unknown[] = Array.isArray(container?.args) ? container.args : [];
  const argv = (command.length > 0 ? [...command, ...args] : args).map(String);
  if (argv.length === 0) return false;
  let prog = basename(argv[0] as string);
  // busybox's multi-call binary: `busybox sh -c ...`, `/bin/busybox sleep 10`.
  if (prog === 'busybox' && argv.length > 1) {
    argv.shift();
    prog = basename(argv[0] as string);
  }
  if (prog === 'sleep') return true;
  if (SHELLS.has(prog)) {
    const script = argv[1] === '-c' ? (argv[2] ?? '') : argv.slice(1).join(' ');
    return !TRAP.test(script);
  }
  return false;
}

/**
 * What a container does on SIGTERM: the pod's `kubelapse/on-sigterm` when it says so,
 * else `ignore` for a PID 1 that has no handler (ignoresSigterm), else `exit`.
 */
export function onSigterm(app: AppBehaviour, container: any): AppBehaviour['onSigterm'] {
  if (app.onSigtermSet) return app.onSigterm;
  return ignoresSigterm(container) ? IGNORE : app.onSigterm;
}

const IGNORE: AppBehaviour['onSigterm'] = Object.freeze({ kind: 'ignore' as const });
