import { kindInfo, qualifiedResource, type KindInfo } from '../api/kinds.js';
import type { PatchType } from '../api/patch.js';
import { KubectlError, type Cascade, type KubectlCommand } from './command.js';
import { bool, int, kindOf, namespaceOf, one, splitFlags, targets } from './flags.js';
import { parseCreate } from './parse-create.js';
import { tokenize } from './tokenize.js';

const ROLLOUT_ACTIONS = ['undo', 'restart', 'pause', 'resume', 'status', 'history'] as const;

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
    case 'create':
      return parseCreate(p);
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
      if (target.kind !== 'Deployment' && target.kind !== 'DaemonSet' && target.kind !== 'StatefulSet') throw new KubectlError(noRollout(target.kind, target.name, action));
      const toRevision = int(p, 'to-revision') ?? 0;
      if (toRevision < 0) throw new KubectlError(`invalid argument "${toRevision}" for "--to-revision" flag: must be >= 0`);
      return { verb: 'rollout', ...ns, kind: target.kind as 'Deployment' | 'DaemonSet' | 'StatefulSet', action, name: target.name, toRevision };
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

/** kubectl's words for a rollout of a kind it has no helper for (a ReplicaSet, a Pod). */
function noRollout(kind: string, name: string, action: (typeof ROLLOUT_ACTIONS)[number]): string {
  const info = kindInfo(kind) as KindInfo;
  const groupKind = info.group === '' ? kind : `${kind}.${info.group}`;
  switch (action) {
    case 'undo':
      return `no rollbacker has been implemented for "${groupKind}"`;
    case 'history':
      return `no history viewer has been implemented for "${groupKind}"`;
    case 'status':
      return `no status viewer has been implemented for ${groupKind}`;
    default:
      return `${qualifiedResource(info)} "${name}" ${action === 'restart' ? 'restarting' : action === 'pause' ? 'pausing' : 'resuming'} is not supported`;
  }
}
