import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { commandOutcome } from '../../core/kubelet/command-script.js';
import { cluster } from './cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */

function bare(name: string, restartPolicy: string, container: Record<string, unknown>, annotations?: Record<string, string>): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(annotations !== undefined ? { annotations } : {}) },
    spec: { restartPolicy, nodeName: 'node-1', containers: [{ name: 'main', image: 'busybox:1.36', ...container }] },
  };
}

const state = (pod: Readonly<KObject> | undefined): any => pod?.status?.containerStatuses?.[0];

/** A pod's Ready and ContainersReady conditions, as the kubelet wrote them. */
const readiness = (pod: Readonly<KObject>): any[] => ['Ready', 'ContainersReady'].map((type) => pod.status?.conditions?.find((x: any) => x.type === type));

/** Both conditions as pkg/kubelet/status/generate.go makes them: `status`, with `reason` if any, no message. */
const generated = (status: 'True' | 'False', reason?: string): object[] =>
  ['Ready', 'ContainersReady'].map((type) => ({ type, status, lastProbeTime: null, lastTransitionTime: expect.any(String), ...(reason !== undefined ? { reason } : {}) }));

describe('pods that run to completion', () => {
  it('reads plain commands: sleep N, sh -c scripts of sleep/echo/exit, and leaves real programs alone', () => {
    expect(commandOutcome({ command: ['sleep', '30'] })).toEqual({ kind: 'exits', ms: 30_000, exitCode: 0 });
    expect(commandOutcome({ command: ['/bin/sleep'], args: ['1.5'] })).toEqual({ kind: 'exits', ms: 1_500, exitCode: 0 });
    expect(commandOutcome({ command: ['sh', '-c', 'sleep 5'] })).toEqual({ kind: 'exits', ms: 5_000, exitCode: 0 });
    expect(commandOutcome({ command: ['/bin/sh', '-c', "echo start; sleep 5; echo 'done; really'"] })).toEqual({ kind: 'exits', ms: 5_000, exitCode: 0 });
    expect(commandOutcome({ command: ['sh', '-c', 'echo Hello, Kubernetes! && sleep 10'] })).toEqual({ kind: 'exits', ms: 10_000, exitCode: 0 });
    expect(commandOutcome({ command: ['sh', '-c', 'sleep 2; exit 1'] })).toEqual({ kind: 'exits', ms: 2_000, exitCode: 1 });
    expect(commandOutcome({ command: ['sh', '-c', 'false || sleep 1m'] })).toEqual({ kind: 'exits', ms: 60_000, exitCode: 0 });
    expect(commandOutcome({ command: ['sh', '-c', 'false && sleep 60'] })).toEqual({ kind: 'exits', ms: 0, exitCode: 1 });
    expect(commandOutcome({ args: ['sleep', 'infinity'] })).toEqual({ kind: 'forever' });
    expect(commandOutcome({ command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] })).toBeUndefined();
    expect(commandOutcome({ command: ['sh', '-c', 'while true; do sleep 1; done'] })).toBeUndefined();
    expect(commandOutcome({ command: ['sh', '-c', 'sleep 5 | cat'] })).toBeUndefined();
    expect(commandOutcome({})).toBeUndefined();
  });

  it('restartPolicy Never: a clean exit is Succeeded (reason Completed), a failure Failed (reason Error, its exit code), neither restarted', () => {
    const c = cluster(1);
    c.kubectl.create(bare('ok', 'Never', { command: ['sh', '-c', 'sleep 3'] }));
    c.kubectl.create(bare('bad', 'Never', { command: ['sh', '-c', 'sleep 2; exit 3'] }));
    c.run(20_000);
    const ok = c.sim.api.get('Pod', 'default', 'ok');
    expect(ok.status.phase).toBe('Succeeded');
    expect(state(ok).state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(state(ok).restartCount).toBe(0);
    const t = state(ok).state.terminated;
    expect(c.sim.api.virtualOf(t.finishedAt) - c.sim.api.virtualOf(t.startedAt)).toBe(3_000);
    expect(ok.status.conditions.find((x: any) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(ok.status.podIP).toMatch(/^10\.244\./);
    const bad = c.sim.api.get('Pod', 'default', 'bad');
    expect(bad.status.phase).toBe('Failed');
    expect(state(bad).state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    // generate.go's terminal-phase conditions: a Failed pod's reason is PodFailed, not PodCompleted.
    expect(readiness(bad)).toEqual(generated('False', 'PodFailed'));
    expect(readiness(ok)).toEqual(generated('False', 'PodCompleted'));
  });

  it('a running, Ready pod: Ready and ContainersReady are True with no reason or message, as kubectl describe shows them upstream', () => {
    const c = cluster(1);
    c.kubectl.create(bare('web', 'Always', { command: ['sleep', 'infinity'] }));
    c.run(20_000);
    const pod = c.sim.api.get('Pod', 'default', 'web');
    expect(pod.status.phase).toBe('Running');
    expect(readiness(pod)).toEqual(generated('True'));
  });

  it('a process keeps running through a node outage: a sleep that ended while the kubelet was away is reported when it comes back, with its own finish time', () => {
    const c = cluster(1);
    c.kubectl.create(bare('batch', 'Never', { command: ['sh', '-c', 'sleep 30'] }));
    c.kubectl.create(bare('later', 'Never', { command: ['sh', '-c', 'sleep 90'] }));
    c.run(10_000);
    const started = c.sim.api.virtualOf(state(c.sim.api.get('Pod', 'default', 'batch')).state.running.startedAt);
    c.plane.nodeDown('node-1');
    c.run(60_000);
    // The kubelet is away: nobody reports the exit at started + 30 s.
    expect(c.sim.api.get('Pod', 'default', 'batch').status.phase).toBe('Running');
    c.plane.nodeUp('node-1');
    c.run(61_000);
    const batch = c.sim.api.get('Pod', 'default', 'batch');
    expect(batch.status.phase).toBe('Succeeded');
    const t = state(batch).state.terminated;
    expect(t).toMatchObject({ exitCode: 0, reason: 'Completed' });
    // startedAt and finishedAt are whole seconds on the wire: 30 s apart, the exit before the kubelet came back.
    expect(c.sim.api.virtualOf(t.finishedAt) - c.sim.api.virtualOf(t.startedAt)).toBe(30_000);
    expect(c.sim.api.virtualOf(t.finishedAt)).toBeLessThan(60_000);
    // The other one still has time to run after the outage, and exits on its own schedule.
    expect(c.sim.api.get('Pod', 'default', 'later').status.phase).toBe('Running');
    c.run(started + 95_000);
    const later = state(c.sim.api.get('Pod', 'default', 'later')).state.terminated;
    expect(c.sim.api.virtualOf(later.finishedAt) - c.sim.api.virtualOf(later.startedAt)).toBe(90_000);
  });

  it('restartPolicy OnFailure restarts a failure with CrashLoopBackOff and ends Succeeded on a clean exit', () => {
    const c = cluster(1);
    c.kubectl.create(bare('flaky', 'OnFailure', {}, { 'kubelapse/runs-for': '2s exit 1' }));
    c.kubectl.create(bare('fine', 'OnFailure', {}, { 'kubelapse/runs-for': '2s' }));
    c.run(40_000);
    const flaky = c.sim.api.get('Pod', 'default', 'flaky');
    expect(flaky.status.phase).toBe('Running');
    expect(state(flaky).restartCount).toBeGreaterThanOrEqual(2);
    expect(c.writes.some((w) => w.name === 'flaky' && w.reason === 'CrashLoopBackOff')).toBe(true);
    expect(c.sim.api.get('Pod', 'default', 'fine').status.phase).toBe('Succeeded');
  });

  it('restartPolicy Always restarts even a clean exit, as the kubelet does', () => {
    const c = cluster(1);
    c.kubectl.create(bare('loop', 'Always', { command: ['sleep', '5'] }));
    c.run(30_000);
    const loop = c.sim.api.get('Pod', 'default', 'loop');
    expect(loop.status.phase).toBe('Running');
    expect(state(loop).restartCount).toBeGreaterThanOrEqual(1);
    expect(state(loop).lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('a malformed kubelapse/runs-for is reported as InvalidBehaviour and the process runs on', () => {
    const c = cluster(1);
    c.kubectl.create(bare('odd', 'Never', {}, { 'kubelapse/runs-for': 'soon' }));
    c.run(20_000);
    expect(c.events('InvalidBehaviour')[0]?.message).toContain('annotation kubelapse/runs-for: "soon" is not <duration> [exit <code>]');
    expect(c.sim.api.get('Pod', 'default', 'odd').status.phase).toBe('Running');
  });
});
