import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, deployment, pod, recordedSim, tmpDir } from '../helpers.js';

/** A Deployment web and its pod web-abcde, with one status write: enough for history, get, describe, logs, why. */
function recording(): string {
  const file = path.join(tmpDir(), 'kind-name.db');
  const { sim, rec, recorder } = recordedSim(file, 1);
  sim.api.create(deployment('web', 1), { actor: 'kubectl', reason: 'Apply', message: 'kubectl apply created deployment.apps/web' });
  sim.api.create(pod('web-abcde'), { actor: 'replicaset-controller', reason: 'SuccessfulCreate' });
  sim.client('kubelet/node-1').patchStatus('Pod', 'default', 'web-abcde', { status: { phase: 'Running' } }, 'merge', { reason: 'Started' });
  recorder.close({ complete: true, endTimeMs: 1000 });
  rec.close();
  return file;
}

describe('objects named as kubectl takes them: TYPE NAME and TYPE/NAME', () => {
  const db = recording();

  it('history pod/NAME prints the same versions as history pod NAME', () => {
    const slash = cli(['history', db, 'pod/web-abcde']);
    const spaced = cli(['history', db, 'pod', 'web-abcde']);
    expect(slash.code, slash.stderr).toBe(0);
    expect(slash.stdout).toContain('created, uid');
    expect(slash.stdout).toContain('status.phase');
    expect(slash.stdout).toBe(spaced.stdout);
    expect(cli(['history', db, 'deployments.apps/web']).stdout).toBe(cli(['history', db, 'deploy', 'web']).stdout);
  });

  it('get TYPE/NAME shows the one object, as get TYPE NAME', () => {
    const r = cli(['get', db, 'deploy/web']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(cli(['get', db, 'deploy', 'web']).stdout);
  });

  it('logs takes pod/NAME, as printed by get -o name; another kind is named in one line', () => {
    const name = cli(['get', db, 'pods', '-o', 'name']).stdout.trim();
    expect(name).toBe('pod/web-abcde');
    expect(cli(['logs', db, name]).stderr).toBe(cli(['logs', db, 'web-abcde']).stderr);
    const job = cli(['logs', db, 'deploy/web']);
    expect(job.code).toBe(2);
    expect(job.stderr.trim().split('\n')).toEqual([`kubelapse: logs reads one pod's log: "deploy/web" is not a pod (give a pod's name: kubelapse get <recording> pods)`]);
  });

  it('describe TYPE/NAME reaches the same answer as describe TYPE NAME', () => {
    const slash = cli(['describe', db, 'deploy/web']);
    expect(slash.stderr).toBe(cli(['describe', db, 'deploy', 'web']).stderr);
    expect(slash.stderr).toContain('kubelapse history');
  });

  it('a bad form gets one line naming it, exit 2', () => {
    const cases: Array<[string[], string]> = [
      [['history', db, 'pod'], `kubelapse: history shows one object: give TYPE NAME or TYPE/NAME (e.g. pod web-1 or pod/web-1), not only "pod"`],
      [['history', db, 'pod/'], 'kubelapse: arguments in resource/name form must have a single resource and name: "pod/"'],
      [['history', db, 'pod/a/b'], 'kubelapse: arguments in resource/name form must have a single resource and name: "pod/a/b"'],
      [['get', db, '/web'], 'kubelapse: arguments in resource/name form must have a single resource and name: "/web"'],
    ];
    for (const [args, line] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toEqual([line]);
    }
    const mixed = cli(['history', db, 'pod/web-abcde', 'web-abcde']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^kubelapse: there is no need to specify a resource type as a separate argument when passing arguments in resource\/name form .*got "pod\/web-abcde" and "web-abcde"\n$/);
  });

  it('why given an object instead of a seq points at history, in one line', () => {
    const r = cli(['why', db, 'pod/web-abcde']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`kubelapse: invalid seq "pod/web-abcde": a whole number; why follows one event: for pod/web-abcde's writes and their seqs, kubelapse history ${db} pod/web-abcde`]);
  });
});
