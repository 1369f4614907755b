import type { AppBehaviour } from './app-behaviour.js';
import { basename, containerArgv, SHELLS } from './command-script.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON */

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
 * image's own entrypoint (nginx, redis): such a server handles SIGTERM. A script that
 * `exec`s a program hands PID 1 to it (execTarget); in a pod with shareProcessNamespace
 * or hostPID the container's process is not PID 1 at all and dies on SIGTERM.
 */
export function ignoresSigterm(container: any, podSpec?: any): boolean {
  // A shared PID namespace (shareProcessNamespace: true) makes the pause container PID 1
  // and hostPID the host's init: the container's process is an ordinary process then,
  // and SIGTERM's default action kills it at once (pid_namespaces(7) protects only init).
  if (podSpec?.shareProcessNamespace === true || podSpec?.hostPID === true) return false;
  const argv = containerArgv(container);
  return argvIgnores(argv, 0);
}

/** Does the program `argv` runs, as PID 1, ignore SIGTERM? depth bounds exec chains. */
function argvIgnores(argv: string[], depth: number): boolean {
  if (argv.length === 0 || depth > 4) return false;
  let prog = basename(argv[0] as string);
  // busybox's multi-call binary: `busybox sh -c ...`, `/bin/busybox sleep 10`.
  if (prog === 'busybox' && argv.length > 1) {
    argv = argv.slice(1);
    prog = basename(argv[0] as string);
  }
  if (prog === 'exec') return argvIgnores(argv.slice(1), depth + 1);
  if (prog === 'sleep') return true;
  if (!SHELLS.has(prog)) return false;
  const script = argv[1] === '-c' ? (argv[2] ?? '') : argv.slice(1).join(' ');
  // `sh -c 'exec "$@"' name a b`: "$@" is the words after $0 (argv[3]).
  const positional = argv[1] === '-c' ? argv.slice(4) : [];
  const execed = execTarget(script, positional);
  // `exec prog ...` replaces the shell: PID 1 is prog, and a trap set before is gone
  // (exec resets caught signals to their default). So `sh -c "exec nginx -g 'daemon
  // off;'"` is nginx (exits on SIGTERM) and `sh -c "exec sleep 3600"` still ignores it.
  if (execed !== undefined) return argvIgnores(execed, depth + 1);
  return !TRAP.test(script);
}

/**
 * The words of the first top-level `exec prog ...` statement of a script, "$@" expanded
 * to `positional`; undefined if the script never execs a program (`exec >log 2>&1` only
 * redirects and keeps the shell). Statements split on ; & | and new lines outside quotes.
 */
function execTarget(script: string, positional: string[]): string[] | undefined {
  for (const statement of splitStatements(script)) {
    const w = statement;
    if (w[0]?.text !== 'exec') continue;
    const words: string[] = [];
    for (const word of w.slice(1)) {
      if (word.text === '$@' || word.text === '$*') words.push(...positional);
      else if (/^\d*[<>]/.test(word.text) && !word.quoted) continue;
      else words.push(word.text);
    }
    if (words.length > 0) return words;
  }
  return undefined;
}

type Word = { text: string; quoted: boolean };

/** Shell words per statement, quotes removed (enough for `exec` lines, not a full parser). */
function splitStatements(script: string): Word[][] {
  const out: Word[][] = [];
  let words: Word[] = [];
  let cur = '';
  let quoted = false;
  let started = false;
  const endWord = (): void => {
    if (started) words.push({ text: cur, quoted });
    cur = '';
    quoted = false;
    started = false;
  };
  const endStatement = (): void => {
    endWord();
    if (words.length > 0) out.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (ch === "'" || ch === '"') {
      const close = script.indexOf(ch, i + 1);
      const end = close < 0 ? script.length : close;
      cur += script.slice(i + 1, end);
      quoted = true;
      started = true;
      i = end;
    } else if (ch === ';' || ch === '&' || ch === '|' || ch === '\n') endStatement();
    else if (ch === ' ' || ch === '\t') endWord();
    else {
      cur += ch;
      started = true;
    }
  }
  endStatement();
  return out;
}

/**
 * What a container does on SIGTERM: the pod's `kubelapse/on-sigterm` when it says so,
 * else `ignore` for a PID 1 that has no handler (ignoresSigterm), else `exit`.
 */
export function onSigterm(app: AppBehaviour, container: any, podSpec?: any): AppBehaviour['onSigterm'] {
  if (app.onSigtermSet) return app.onSigterm;
  return ignoresSigterm(container, podSpec) ? IGNORE : app.onSigterm;
}

const IGNORE: AppBehaviour['onSigterm'] = Object.freeze({ kind: 'ignore' as const });
