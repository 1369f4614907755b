import { describe, expect, it } from 'vitest';
import { ContainerLogs, emit, type LogLine } from '../../core/kubelet/container-log.js';
import { chooseContainer, chooseRun, formatLines, LogRequestError } from '../../core/kubelet/log-request.js';

/** The runtime's log store and the kubelet's rules for which lines a request gets. */
describe('container log store', () => {
  const pod = (uid: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid } });
  const make = () => {
    let now = 0;
    let seq = 10;
    const logs = new ContainerLogs(() => now, () => seq);
    const out: LogLine[] = [];
    logs.lines$.subscribe((l) => out.push(l));
    const w = { uid: 'u1', pod: pod('u1'), kubelet: { logs } };
    return { logs, out, w, at: (t: number, s: number) => ((now = t), (seq = s)) };
  };

  it('emit stamps a line with the virtual time, the newest seq and the run, and publishes it', () => {
    const { out, w, at } = make();
    at(2500, 42);
    emit(w, { name: 'app', restarts: 3 }, 'out of memory', 'stderr');
    expect(out).toEqual([{ seqAfter: 42, timeMs: 2500, namespace: 'default', pod: 'web-0', podUid: 'u1', container: 'app', restart: 3, stream: 'stderr', line: 'out of memory' }]);
  });

  it('keeps the current and the previous run only, as the runtime keeps two container instances', () => {
    const { logs, out, w } = make();
    for (const run of [0, 1, 2]) emit(w, { name: 'app', restarts: run }, `run ${run}`);
    expect(logs.read('default', 'web-0', 'app').map((l) => l.line)).toEqual(['run 1', 'run 2']);
    expect(out).toHaveLength(3); // the recording gets every line
  });

  it('keeps each container of a pod apart, and reads a run back as the lines that were emitted', () => {
    const { logs, out, w, at } = make();
    at(1000, 11);
    emit(w, { name: 'app', restarts: 0 }, 'app starts');
    emit(w, { name: 'sidecar', restarts: 0 }, 'sidecar starts');
    at(2000, 12);
    emit(w, { name: 'app', restarts: 1 }, 'app again', 'stderr');
    emit(w, { name: 'sidecar', restarts: 0 }, 'sidecar still');
    expect(logs.read('default', 'web-0', 'app')).toEqual(out.filter((l) => l.container === 'app'));
    expect(logs.read('default', 'web-0', 'sidecar').map((l) => l.line)).toEqual(['sidecar starts', 'sidecar still']);
    expect(logs.read('default', 'web-0', 'app', { restart: 1 })).toEqual([out[2]]);
    expect(logs.read('default', 'web-0', 'other')).toEqual([]);
  });

  it('a pod of the same name with a new uid starts afresh; forgetting the old uid leaves the new pod alone', () => {
    const { logs, w } = make();
    emit(w, { name: 'app', restarts: 0 }, 'old');
    emit({ ...w, uid: 'u2', pod: pod('u2') }, { name: 'app', restarts: 0 }, 'new');
    logs.forget('default', 'web-0', 'u1');
    expect(logs.read('default', 'web-0', 'app').map((l) => l.line)).toEqual(['new']);
    expect(logs.read('default', 'web-0', 'app', { uid: 'u1' })).toEqual([]);
  });
});

describe("the API server's and kubelet's choice of lines", () => {
  const withStatus = (status: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }] }, status: { containerStatuses: [{ name: 'app', ...status }] } });

  it('names the containers to choose from, init containers apart', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'wait' }] } };
    expect(() => chooseContainer(pod, undefined)).toThrow(new LogRequestError('a container name must be specified for pod p, choose one of: [a b] or one of the init containers: [wait]'));
    expect(chooseContainer(pod, 'wait')).toBe('wait');
    expect(() => chooseContainer(pod, 'c')).toThrow('container c is not valid for pod p');
  });

  it('running: the newest run, --previous the one before; CrashLoopBackOff: the failed run for both', () => {
    const running = withStatus({ state: { running: {} }, lastState: { terminated: { exitCode: 1 } } });
    expect(chooseRun(running, 'app', false, [0, 1])).toBe(1);
    expect(chooseRun(running, 'app', true, [0, 1])).toBe(0);
    const backoff = withStatus({ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } });
    expect(chooseRun(backoff, 'app', false, [0, 1])).toBe(1);
    expect(chooseRun(backoff, 'app', true, [0, 1])).toBe(1);
    expect(() => chooseRun(withStatus({ state: { running: {} }, lastState: {} }), 'app', true, [0])).toThrow('previous terminated container "app" in pod "p" not found');
    expect(() => chooseRun(withStatus({ state: { waiting: { reason: 'ImagePullBackOff' } } }), 'app', false, [])).toThrow('container "app" in pod "p" is waiting to start: trying and failing to pull image');
  });

  it('since, tail and limitBytes cut as upstream: since first, then the last n, then bytes', () => {
    const lines = [0, 1000, 2000, 3000].map((t, i) => ({ restart: 0, timeMs: t, line: `line ${i}` }));
    expect(formatLines(lines, { sinceMs: 1000, tailLines: 2 })).toBe('line 2\nline 3\n');
    expect(formatLines(lines, { tailLines: 0 })).toBe('');
    expect(formatLines(lines, { limitBytes: 10 })).toBe('line 0\nlin');
    expect(formatLines(lines.slice(0, 1), { timestamp: (ms) => `T${ms}` })).toBe('T0 line 0\n');
  });
});
