import { tokenize } from '../kubectl/tokenize.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON */

/** What a container's command does, when it is plain enough to tell from the manifest. */
export type ScriptOutcome = { kind: 'exits'; ms: number; exitCode: number } | { kind: 'forever' };

/** The shells whose `-c SCRIPT` kubelapse reads (here, and pid1.ts for their SIGTERM). */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Commands that print and return at once. */
const INSTANT = new Set(['echo', 'printf', 'date', 'true', ':', 'hostname', 'env', 'uname', 'whoami', 'pwd', 'id', 'set']);

export const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The argv a container runs: `command` + `args`, or `args` alone (they replace the image's CMD); [] for the image's own entrypoint. */
export function containerArgv(container: any): string[] {
  const command: unknown[] = Array.isArray(container?.command) ? container.command : [];
  const args: unknown[] = Array.isArray(container?.args) ? container.args : [];
  return (command.length > 0 ? [...command, ...args] : args).map(String);
}

/** One line a readable script writes to stdout, `atMs` after its start; `date` prints the virtual time then. */
export type ScriptPrint = { atMs: number; line: string } | { atMs: number; date: true };

/** What a readable command does and what it prints. */
export interface ScriptRun {
  outcome: ScriptOutcome;
  prints: ScriptPrint[];
}

/**
 * The process a textbook manifest starts, read from `command` (or, without one, `args`,
 * which the image's entrypoint usually runs): `sleep 30`, `sh -c "sleep 30"`,
 * `/bin/sh -c 'echo start; sleep 5; echo done'`, `sh -c "sleep 5; exit 1"`. A script
 * of echo/printf/date/true/false/set, sleep and exit, joined by `;`, `&&`, `||` or new lines,
 * is run in virtual time; `sleep infinity` never ends. Anything else (a loop, a pipe, a
 * real program) is not guessed at: undefined.
 */
export function commandOutcome(container: any): ScriptOutcome | undefined {
  return commandRun(container)?.outcome;
}

/**
 * commandOutcome and what the command prints on the way: `sh -c 'echo hello; sleep 5;
 * echo bye'` prints `hello` at 0 s and `bye` at 5 s, then exits 0. echo, printf (\\n, %s,
 * %d) and date print; `hostname` prints `hostname` when the caller passes it (the pod's
 * hostname, podHostname) and nothing otherwise; the other instant commands print nothing.
 */
export function commandRun(container: any, hostname?: string): ScriptRun | undefined {
  const argv = containerArgv(container);
  if (argv.length === 0) return undefined;
  const prog = basename(argv[0] as string);
  if (prog === 'sleep') {
    const outcome = argv.length === 2 ? sleepOutcome(argv[1] as string, 0) : undefined;
    return outcome === undefined ? undefined : { outcome, prints: [] };
  }
  if (SHELLS.has(prog) && argv[1] === '-c' && argv.length >= 3) return runScript(argv[2] as string, hostname);
  return undefined;
}

/** A `while true; do ...; done` script: what one pass prints and how long it takes (its sleeps). */
export interface ScriptLoop {
  prints: ScriptPrint[];
  periodMs: number;
}

/**
 * The textbook log-writing sidecar, `sh -c 'while true; do echo tick; sleep 5; done'`:
 * a body of the statements commandRun reads, with at least one sleep and no exit. It never
 * ends (commandOutcome leaves it unread: the container runs until stopped); it prints
 * `tick` at 0 s, 5 s, 10 s, ...
 */
export function commandLoop(container: any, hostname?: string): ScriptLoop | undefined {
  const argv = containerArgv(container);
  if (argv.length < 3 || !SHELLS.has(basename(argv[0] as string)) || argv[1] !== '-c') return undefined;
  const m = /^\s*while\s+(?:true|:)\s*[;\n]\s*do\s([\s\S]*?)[;\n]\s*done\s*$/.exec(argv[2] as string);
  if (m === null || /\bexit\b/.test(m[1] as string)) return undefined;
  const body = runScript(m[1] as string, hostname);
  if (body === undefined || body.outcome.kind !== 'exits' || body.outcome.ms <= 0) return undefined;
  return { prints: body.prints, periodMs: body.outcome.ms };
}

/** GNU and busybox sleep: seconds with an optional s/m/h/d suffix, fractions allowed, or infinity. */
function sleepMs(arg: string): number | 'forever' | undefined {
  if (arg === 'infinity' || arg === 'inf') return 'forever';
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (m === null) return undefined;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit);
}

function sleepOutcome(arg: string, exitCode: number): ScriptOutcome | undefined {
  const ms = sleepMs(arg);
  if (ms === undefined) return undefined;
  return ms === 'forever' ? { kind: 'forever' } : { kind: 'exits', ms, exitCode };
}

/** Splits a script at ;, &&, || and new lines outside quotes: [operator before, statement]. */
function statements(script: string): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  let cur = '';
  let op = ';';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||' || ch === ';' || ch === '\n') {
      out.push([op, cur]);
      op = two === '&&' || two === '||' ? two : ';';
      if (op !== ';') i++;
      cur = '';
      continue;
    }
    // Pipes, redirections, background jobs and substitutions are more than this reads.
    if ('|&<>`$'.includes(ch)) return undefined;
    cur += ch;
  }
  if (quote !== undefined) return undefined;
  out.push([op, cur]);
  return out.filter(([, s]) => s.trim() !== '');
}

function runScript(script: string, hostname?: string): ScriptRun | undefined {
  const list = statements(script);
  if (list === undefined || list.length === 0) return undefined;
  let ms = 0;
  let status = 0;
  const prints: ScriptPrint[] = [];
  for (const [op, text] of list) {
    let words: string[];
    try {
      words = tokenize(text);
    } catch {
      return undefined;
    }
    const [cmd, ...rest] = words as [string, ...string[]];
    if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
    const name = basename(cmd);
    if (name === 'sleep') {
      const d = rest.length === 1 ? sleepMs(rest[0] as string) : undefined;
      if (d === undefined) return undefined;
      if (d === 'forever') return { outcome: { kind: 'forever' }, prints };
      ms += d;
      status = 0;
    } else if (name === 'exit') {
      const code = rest.length === 0 ? status : Number(rest[0]);
      if (!Number.isInteger(code)) return undefined;
      return { outcome: { kind: 'exits', ms, exitCode: ((code % 256) + 256) % 256 }, prints };
    } else if (name === 'false') status = 1;
    else if (INSTANT.has(name)) {
      status = 0;
      if (name === 'echo') for (const line of echoed(rest)) prints.push({ atMs: ms, line });
      else if (name === 'printf') for (const line of printed(rest)) prints.push({ atMs: ms, line });
      else if (name === 'date' && rest.length === 0) prints.push({ atMs: ms, date: true });
      else if (name === 'hostname' && rest.length === 0 && hostname !== undefined) prints.push({ atMs: ms, line: hostname });
    } else return undefined;
  }
  return { outcome: { kind: 'exits', ms, exitCode: status }, prints };
}

/** echo's lines: its words joined by spaces (`-n`, `-e` read as options; `\\n` only with -e, as bash's echo). */
function echoed(words: string[]): string[] {
  let escapes = false;
  let i = 0;
  for (; i < words.length && /^-[neE]+$/.test(words[i] as string); i++) if ((words[i] as string).includes('e')) escapes = true;
  const text = words.slice(i).join(' ');
  return (escapes ? unescape(text) : text).split('\n');
}

/** printf's output as lines: the format with %s/%d filled in order and \\n, \\t read; text without a final newline is a line still. */
function printed(words: string[]): string[] {
  const [format = '', ...args] = words;
  let k = 0;
  const out = unescape(format.replace(/%%|%[sd]/g, (m) => (m === '%%' ? '%' : (args[k++] ?? (m === '%d' ? '0' : '')))));
  const lines = out.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function unescape(text: string): string {
  return text.replace(/\\([nt\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

/**
 * The hostname a pod's containers see: spec.hostname, else the pod's name, cut to 63
 * characters (a DNS label) with trailing '-' and '.' trimmed, as upstream's
 * GeneratePodHostNameAndDomain and truncatePodHostnameIfNeeded (pkg/kubelet/kubelet_pods.go)
 * set it. `web-7d4b9c-x2x9z` prints `web-7d4b9c-x2x9z`.
 * setHostnameAsFQDN (the FQDN instead) is not read.
 */
export function podHostname(pod: any): string {
  const h = typeof pod?.spec?.hostname === 'string' && pod.spec.hostname !== '' ? pod.spec.hostname : String(pod?.metadata?.name ?? '');
  return h.length <= 63 ? h : h.slice(0, 63).replace(/[-.]+$/, '');
}
