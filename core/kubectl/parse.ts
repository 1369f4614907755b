import { resolveKind } from '../api/kinds.js';
import type { PatchType } from '../api/patch.js';
import { KubectlError, type Cascade, type KubectlCommand } from './command.js';
import { tokenize } from './tokenize.js';

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
};
const BOOL_FLAGS = new Set(['server-side', 'force-conflicts', 'overwrite', 'all', 'force', 'now', 'wait', 'record', 'ignore-not-found', 'ignore-daemonsets', 'delete-emptydir-data', 'watch', 'w']);
const ROLLOUT_ACTIONS = ['undo', 'restart', 'pause', 'resume', 'status', 'history'] as const;

interface Parsed {
  args: string[];
  flags: Map<string, string[]>;
}

function splitFlags(tokens: string[]): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string[]>();
  const put = (k: string, v: string): void => {
    flags.set(k, [...(flags.get(k) ?? []), v]);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === '--') {
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
  return { args, flags };
}

function one(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return v === undefined ? undefined : v[v.length - 1];
}

function int(p: Parsed, name: string): number | undefined {
  const v = one(p, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new KubectlError(`invalid argument "${v}" for "--${name}" flag: not an integer`);
  return Number(v);
}

function bool(p: Parsed, name: string): boolean {
  const v = one(p, name);
  return v !== undefined && v !== 'false';
}

function kindOf(word: string): string {
  const info = resolveKind(word);
  if (info === undefined) throw new KubectlError(`the server doesn't have a resource type "${word}"`);
  return info.kind;
}

/** `deployment/web` or `deployment web` -> [{kind, name}]. */
function targets(args: string[], verb: string): Array<{ kind: string; name: string }> {
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

function namespaceOf(p: Parsed): { namespace?: string } {
  const ns = one(p, 'namespace');
  return ns === undefined ? {} : { namespace: ns };
}

/**
 * Parses the imperative kubectl verbs a scenario may use. Messages follow kubectl's
 * own (`error: required flag(s) "image" not set`) so they read familiar.
 */
export function parseKubectl(line: string): KubectlCommand {
  let tokens: string[];
  try {
    tokens = tokenize(line);
  } catch (e) {
    throw new KubectlError((e as Error).message);
  }
  if (tokens[0] === 'kubectl') tokens.shift();
  const verb = tokens.shift();
  if (verb === undefined) throw new KubectlError('empty kubectl command');
  const p = splitFlags(tokens);
  const ns = namespaceOf(p);
  switch (verb) {
    case 'create': {
      if (p.args[0] === 'deployment' || p.args[0] === 'deploy') {
        const name = p.args[1];
        if (name === undefined) throw new KubectlError('create deployment: NAME is required');
        const images = p.flags.get('image') ?? [];
        if (images.length === 0) throw new KubectlError('required flag(s) "image" not set');
        const port = int(p, 'port');
        return { verb: 'create-deployment', ...ns, name, images, replicas: int(p, 'replicas') ?? 1, ...(port !== undefined ? { port } : {}) };
      }
      if (p.args[0] === 'namespace' || p.args[0] === 'ns') {
        const name = p.args[1];
        if (name === undefined) throw new KubectlError('create namespace: NAME is required');
        return { verb: 'create-namespace', name };
      }
      const files = p.flags.get('filename') ?? [];
      if (files.length === 0) throw new KubectlError(`create: unknown or unsupported form "${p.args.join(' ')}" (supported: create deployment NAME --image=IMG, create namespace NAME, create -f FILE)`);
      return { verb: 'create', ...ns, files };
    }
    case 'apply': {
      const files = p.flags.get('filename') ?? [];
      if (files.length === 0) throw new KubectlError('must specify one of -f and -k');
      const serverSide = bool(p, 'server-side');
      const forceConflicts = bool(p, 'force-conflicts');
      if (forceConflicts && !serverSide) throw new KubectlError('--force-conflicts only works with --server-side');
      const fm = one(p, 'field-manager');
      return { verb: 'apply', ...ns, files, serverSide, forceConflicts, ...(fm !== undefined ? { fieldManager: fm } : {}) };
    }
    case 'scale': {
      const replicas = int(p, 'replicas');
      if (replicas === undefined) throw new KubectlError('required flag(s) "replicas" not set');
      if (replicas < 0) throw new KubectlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
      const t = targets(p.args, 'scale');
      if (t.length === 0) throw new KubectlError('resource(s) were provided, but no name was specified');
      return { verb: 'scale', ...ns, targets: t, replicas };
    }
    case 'set': {
      if (p.args[0] !== 'image') throw new KubectlError(`set: unknown subcommand "${p.args[0] ?? ''}" (supported: set image)`);
      const rest = p.args.slice(1);
      const pairs = rest.filter((a) => a.includes('='));
      const res = rest.filter((a) => !a.includes('='));
      const t = targets(res, 'set image');
      if (t.length !== 1) throw new KubectlError('set image: exactly one resource is required (e.g. deployment/web)');
      if (pairs.length === 0) throw new KubectlError('at least one image update is required');
      const images = pairs.map((pair) => {
        const i = pair.indexOf('=');
        return [pair.slice(0, i), pair.slice(i + 1)] as [string, string];
      });
      const target = t[0] as { kind: string; name: string };
      return { verb: 'set-image', ...ns, kind: target.kind, name: target.name, images };
    }
    case 'delete': {
      const selector = one(p, 'selector');
      const all = bool(p, 'all');
      const grace = int(p, 'grace-period');
      const cascadeText = (one(p, 'cascade') ?? 'background').toLowerCase();
      const cascades: Record<string, Cascade> = { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' };
      const cascade = cascades[cascadeText];
      if (cascade === undefined) throw new KubectlError(`invalid cascade value (${cascadeText}). Must be "background", "foreground", or "orphan"`);
      let kind: string;
      let names: string[];
      if (p.args[0]?.includes('/')) {
        const t = targets(p.args, 'delete');
        kind = (t[0] as { kind: string }).kind;
        if (t.some((x) => x.kind !== kind)) throw new KubectlError('delete: one resource type per step, please');
        names = t.map((x) => x.name);
      } else {
        if (p.args[0] === undefined) throw new KubectlError('You must provide one or more resources by argument or filename.');
        kind = kindOf(p.args[0]);
        names = p.args.slice(1);
      }
      if (names.length === 0 && selector === undefined && !all) throw new KubectlError('resource(s) were provided, but no name was specified');
      if (names.length > 0 && selector !== undefined) throw new KubectlError('name cannot be provided when a selector is specified');
      const force = bool(p, 'force');
      let gracePeriod = grace;
      if (bool(p, 'now')) gracePeriod = 1;
      // kubectl turns --grace-period=0 into 1 unless --force: a pod is never removed
      // without its kubelet's say-so by accident.
      if (gracePeriod === 0 && !force) gracePeriod = 1;
      return {
        verb: 'delete', ...ns, kind, names, all, force, cascade,
        ...(selector !== undefined ? { selector } : {}),
        ...(gracePeriod !== undefined && gracePeriod >= 0 ? { gracePeriod } : {}),
      };
    }
    case 'label':
    case 'annotate': {
      const pairs = p.args.filter((a) => a.includes('=') || /-$/.test(a));
      const res = p.args.filter((a) => !(a.includes('=') || /-$/.test(a)));
      const t = targets(res, verb);
      if (t.length === 0) throw new KubectlError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
      if (pairs.length === 0) throw new KubectlError(`at least one ${verb === 'label' ? 'label' : 'annotation'} update is required`);
      const set: Array<[string, string]> = [];
      const remove: string[] = [];
      for (const pair of pairs) {
        if (pair.endsWith('-') && !pair.includes('=')) remove.push(pair.slice(0, -1));
        else {
          const i = pair.indexOf('=');
          set.push([pair.slice(0, i), pair.slice(i + 1)]);
        }
      }
      const kind = (t[0] as { kind: string }).kind;
      return { verb, ...ns, kind, names: t.map((x) => x.name), set, remove, overwrite: bool(p, 'overwrite') };
    }
    case 'patch': {
      const t = targets(p.args, 'patch');
      if (t.length !== 1) throw new KubectlError('patch: exactly one resource is required');
      const text = one(p, 'patch');
      if (text === undefined) throw new KubectlError('must specify -p to patch');
      let patch: unknown;
      try {
        patch = JSON.parse(text);
      } catch {
        throw new KubectlError(`unable to parse "${text}": not valid JSON`);
      }
      const typeText = one(p, 'type') ?? 'strategic';
      if (typeText !== 'strategic' && typeText !== 'merge' && typeText !== 'json') {
        throw new KubectlError(`--type must be one of [json merge strategic], not "${typeText}"`);
      }
      const sub = one(p, 'subresource');
      if (sub !== undefined && sub !== 'status' && sub !== 'scale') throw new KubectlError(`invalid subresource value: "${sub}". Must be one of [status scale]`);
      const target = t[0] as { kind: string; name: string };
      return { verb: 'patch', ...ns, kind: target.kind, name: target.name, patch, type: typeText as PatchType, ...(sub !== undefined ? { subresource: sub } : {}) };
    }
    case 'rollout': {
      const action = p.args[0] as (typeof ROLLOUT_ACTIONS)[number] | undefined;
      if (action === undefined || !ROLLOUT_ACTIONS.includes(action)) {
        throw new KubectlError(`rollout: unknown subcommand "${action ?? ''}" (supported: ${ROLLOUT_ACTIONS.join(', ')})`);
      }
      const t = targets(p.args.slice(1), `rollout ${action}`);
      if (t.length !== 1) throw new KubectlError(`rollout ${action}: exactly one resource is required (e.g. deployment/web)`);
      const target = t[0] as { kind: string; name: string };
      if (target.kind !== 'Deployment') throw new KubectlError(`no rollout for ${target.kind.toLowerCase()}s: the simulator models rollouts of deployments`);
      const toRevision = int(p, 'to-revision') ?? 0;
      if (toRevision < 0) throw new KubectlError(`invalid argument "${toRevision}" for "--to-revision" flag: must be >= 0`);
      return { verb: 'rollout', ...ns, action, name: target.name, toRevision };
    }
    case 'cordon':
    case 'uncordon':
    case 'drain': {
      const node = p.args[0];
      if (node === undefined) throw new KubectlError(`${verb}: NODE is required`);
      if (p.args.length > 1) throw new KubectlError(`${verb}: one node per step, got ${p.args.join(' ')}`);
      if (verb !== 'drain') return { verb, node };
      const grace = int(p, 'grace-period');
      return { verb, node, force: bool(p, 'force'), ignoreDaemonsets: bool(p, 'ignore-daemonsets'), ...(grace !== undefined && grace >= 0 ? { gracePeriod: grace } : {}) };
    }
    default:
      throw new KubectlError(`unknown or unsupported command "${verb}" (supported: create, apply, scale, set image, delete, label, annotate, patch, rollout, cordon, uncordon, drain)`);
  }
}
