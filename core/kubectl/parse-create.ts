import { resolveKind } from '../api/kinds.js';
import { KubectlError, type KubectlCommand } from './command.js';
import { int, namespaceOf, one, type Parsed } from './flags.js';

/*
 * `kubectl create deployment|namespace|job|cronjob NAME ...` and `create -f FILE`, with
 * kubectl's checks in its order: cobra's required flags first, then exactly one NAME
 * before any `--` (what follows `--` is the container's command), then the command's
 * own Validate().
 */

/** NameFromCommandArgs: the one NAME argument of `create <what> NAME [-- COMMAND...]`. */
function nameOf(p: Parsed): string {
  // args[0] is the subcommand (job, cronjob ...); ArgsLenAtDash counts the arguments before `--`.
  const before = (p.dashAt === -1 ? p.args.length : p.dashAt) - 1;
  if (before !== 1) throw new KubectlError(`exactly one NAME is required, got ${before}`);
  return p.args[1] as string;
}

/** The container command: whatever follows `--`. */
function commandOf(p: Parsed): string[] {
  return p.dashAt === -1 ? p.args.slice(2) : p.args.slice(p.dashAt);
}

function required(p: Parsed, ...flags: string[]): void {
  const missing = flags.filter((f) => one(p, f) === undefined);
  if (missing.length > 0) throw new KubectlError(`required flag(s) ${missing.map((f) => `"${f}"`).join(', ')} not set`);
}

/** `--from=cronjob/NAME`: only a CronJob can be instantiated (CreateJobOptions.Run). */
function cronJobOf(from: string): string {
  const slash = from.indexOf('/');
  if (slash < 0) throw new KubectlError('from must be an existing cronjob');
  const info = resolveKind(from.slice(0, slash));
  if (info === undefined) throw new KubectlError(`the server doesn't have a resource type "${from.slice(0, slash)}"`);
  if (info.kind !== 'CronJob') throw new KubectlError(`unknown object type *v1.${info.kind}`);
  const name = from.slice(slash + 1);
  if (name === '') throw new KubectlError(`arguments in resource/name form must have a single resource and name: "${from}"`);
  return name;
}

export function parseCreate(p: Parsed): KubectlCommand {
  const ns = namespaceOf(p);
  switch (p.args[0]) {
    case 'deployment':
    case 'deploy': {
      const name = p.args[1];
      if (name === undefined) throw new KubectlError('create deployment: NAME is required');
      const images = p.flags.get('image') ?? [];
      if (images.length === 0) throw new KubectlError('required flag(s) "image" not set');
      const port = int(p, 'port');
      return { verb: 'create-deployment', ...ns, name, images, replicas: int(p, 'replicas') ?? 1, ...(port !== undefined ? { port } : {}) };
    }
    case 'namespace':
    case 'ns': {
      const name = p.args[1];
      if (name === undefined) throw new KubectlError('create namespace: NAME is required');
      return { verb: 'create-namespace', name };
    }
    case 'job': {
      const name = nameOf(p);
      const command = commandOf(p);
      const image = one(p, 'image');
      const from = one(p, 'from');
      // CreateJobOptions.Validate
      if ((image === undefined) === (from === undefined)) throw new KubectlError('either --image or --from must be specified');
      if (command.length > 0 && from !== undefined) throw new KubectlError('cannot specify --from and command');
      return { verb: 'create-job', ...ns, name, command, ...(image !== undefined ? { image } : {}), ...(from !== undefined ? { fromCronJob: cronJobOf(from) } : {}) };
    }
    case 'cronjob':
    case 'cj': {
      required(p, 'image', 'schedule');
      const name = nameOf(p);
      // kubectl's --restart defaults to OnFailure; other values are left to the API server's validation.
      return { verb: 'create-cronjob', ...ns, name, image: one(p, 'image') as string, schedule: one(p, 'schedule') as string, restart: one(p, 'restart') ?? 'OnFailure', command: commandOf(p) };
    }
    default: {
      const files = p.flags.get('filename') ?? [];
      if (files.length === 0) {
        throw new KubectlError(`create: unknown or unsupported form "${p.args.join(' ')}" (supported: create deployment|job|cronjob|namespace NAME ..., create -f FILE)`);
      }
      return { verb: 'create', ...ns, files };
    }
  }
}
