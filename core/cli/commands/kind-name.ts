import { UsageError } from '../exit.js';

/**
 * An object named as kubectl takes it: `TYPE NAME` or `TYPE/NAME` (pod/agent-k54v9,
 * deploy/web, deployments.apps/web). kubectl's resource builder (k8s.io/cli-runtime
 * pkg/resource/builder.go) refuses the two forms mixed and a slash form without exactly
 * one type and one name; these are its messages, with the command's name before them.
 * `name` stays undefined for a bare TYPE (get lists the kind).
 */
export function kindName(command: string, typeArg: string, nameArg: string | undefined): [kind: string, name: string | undefined] {
  if (!typeArg.includes('/')) return [typeArg, nameArg];
  if (nameArg !== undefined) {
    throw new UsageError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubelapse ${command} <recording> resource/<resource_name>' instead of 'kubelapse ${command} <recording> resource resource/<resource_name>'): got "${typeArg}" and "${nameArg}"`);
  }
  const parts = typeArg.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw new UsageError(`arguments in resource/name form must have a single resource and name: "${typeArg}"`);
  return [parts[0] as string, parts[1] as string];
}

/** The same, for commands about one object: a bare TYPE is refused, naming the two forms. */
export function objectName(command: string, typeArg: string, nameArg: string | undefined): [kind: string, name: string] {
  const [kind, name] = kindName(command, typeArg, nameArg);
  if (name === undefined) throw new UsageError(`${command} shows one object: give TYPE NAME or TYPE/NAME (e.g. pod web-1 or pod/web-1), not only "${typeArg}"`);
  return [kind, name];
}

/**
 * A pod named as `kubectl logs` takes it: NAME or pod/NAME. kubectl also takes another
 * workload (job/lf, deploy/web) and picks one of its pods; a recording's logs are read
 * by pod, so that form names the pod to give instead of guessing one.
 */
export function podName(command: string, arg: string): string {
  if (!arg.includes('/')) return arg;
  const [kind, name] = kindName(command, arg, undefined);
  if (!['pod', 'pods', 'po'].includes(kind.toLowerCase())) {
    throw new UsageError(`${command} reads one pod's log: "${arg}" is not a pod (give a pod's name: kubelapse get <recording> pods)`);
  }
  return name as string;
}
