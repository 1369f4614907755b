import { resolveKind } from '../api/kinds.js';
import { KubectlError } from './command.js';

/*
 * kubectl's flag and argument handling for the verbs core/kubectl parses: cobra's rules
 * (`--flag=value` or `--flag value`, `-n ns`, `--` ending the flags) and the resource
 * argument forms (`deployment/web` or `deployment web`).
 */

/** Flags that take a value, by long name, with their short forms. */
const VALUE_FLAGS: Record<string, string> = {
  namespace: 'namespace', n: 'namespace',
  filename: 'filename', f: 'filename',
  selector: 'selector', l: 'selector',
  patch: 'patch', p: 'patch',
  type: 'type', replicas: 'replicas', image: 'image', port: 'port',
  'grace-period': 'grace-period', cascade: 'cascade', subresource: 'subresource',
  output: 'output', o: 'output', 'field-manager': 'field-manager', 'current-replicas': 'current-replicas',
  timeout: 'timeout', 'to-revision': 'to-revision',
  from: 'from', schedule: 'schedule', restart: 'restart',
};
const BOOL_FLAGS = new Set(['server-side', 'force-conflicts', 'overwrite', 'all', 'force', 'now', 'wait', 'record', 'ignore-not-found', 'ignore-daemonsets', 'delete-emptydir-data', 'watch', 'w']);

export interface Parsed {
  args: string[];
  flags: Map<string, string[]>;
  /** How many arguments came before a `--` (cobra's ArgsLenAtDash), or -1 without one. */
  dashAt: number;
}

export function splitFlags(tokens: string[]): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string[]>();
  let dashAt = -1;
  const put = (k: string, v: string): void => {
    flags.set(k, [...(flags.get(k) ?? []), v]);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === '--') {
      dashAt = args.length;
      args.push(...tokens.slice(i + 1));
      break;
    }
    const m = /^(--?)([A-Za-z][-A-Za-z]*)(?:=(.*))?$/.exec(t);
    if (m === null || (m[1] === '-' && (m[2] ?? '').length !== 1 && m[3] === undefined)) {
      if (t.startsWith('-') && t.length > 1 && !/^-\d/.test(t)) throw new KubectlError(`unknown shorthand flag: '${t.slice(1)}' in ${t}`);
      args.push(t);
      continue;
    }
    const name = m[2] as string;
    if (BOOL_FLAGS.has(name)) {
      put(name, m[3] ?? 'true');
      continue;
    }
    const canonical = VALUE_FLAGS[name];
    if (canonical === undefined) throw new KubectlError(`unknown flag: ${m[1]}${name}`);
    const value = m[3] ?? tokens[++i];
    if (value === undefined) throw new KubectlError(`flag needs an argument: ${m[1]}${name}`);
    put(canonical, value);
  }
  return { args, flags, dashAt };
}

export function one(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return v === undefined ? undefined : v[v.length - 1];
}

export function int(p: Parsed, name: string): number | undefined {
  const v = one(p, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new KubectlError(`invalid argument "${v}" for "--${name}" flag: not an integer`);
  return Number(v);
}

export function bool(p: Parsed, name: string): boolean {
  const v = one(p, name);
  return v !== undefined && v !== 'false';
}

export function kindOf(word: string): string {
  const info = resolveKind(word);
  if (info === undefined) throw new KubectlError(`the server doesn't have a resource type "${word}"`);
  return info.kind;
}

/** `deployment/web` or `deployment web` -> [{kind, name}]. */
export function targets(args: string[], verb: string): Array<{ kind: string; name: string }> {
  const first = args[0];
  if (first === undefined) throw new KubectlError(`you must specify the type of resource to ${verb}`);
  if (first.includes('/')) {
    return args.map((a) => {
      const [k, n] = a.split('/');
      if (k === undefined || n === undefined || n === '') throw new KubectlError(`arguments in resource/name form must have a single resource and name: "${a}"`);
      return { kind: kindOf(k), name: n };
    });
  }
  const kind = kindOf(first);
  return args.slice(1).map((name) => ({ kind, name }));
}

export function namespaceOf(p: Parsed): { namespace?: string } {
  const ns = one(p, 'namespace');
  return ns === undefined ? {} : { namespace: ns };
}
