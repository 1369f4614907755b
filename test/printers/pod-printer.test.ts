import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { podCells } from '../../core/printers/pod-printer.js';
import { toTable } from '../../core/printers/tables.js';
import { clusterClock, parseEpoch, type EpochMs } from '../../core/sim/time.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod fixtures are open JSON */

/*
 * upstream pkg/printers/internalversion/printers_test.go, TestPrintPod (the init container
 * cases test7-test11 and the deletion cases) and TestPrintPodWithRestartableInitContainer,
 * ported case by case: READY, STATUS and RESTARTS as printPod computes them. Times are
 * "10 s ago" relative to a clock at 1000 s.
 */

const epoch = parseEpoch('2026-01-01T00:00:00Z') as EpochMs;
const NOW = 1_000_000;
const clock = clusterClock(epoch, () => NOW);
const ago = (ms: number): string => clock.timestamp(NOW - ms);
const H = 3_600_000;
const D = 24 * H;

const running = { running: {} };
const waiting = (reason?: string): any => ({ waiting: reason === undefined ? {} : { reason } });
const terminated = (exitCode: number, reason?: string, signal?: number): any => ({ terminated: { exitCode, ...(reason !== undefined ? { reason } : {}), ...(signal !== undefined ? { signal } : {}) } });
const restartedAgo = (ms: number): any => ({ terminated: { exitCode: 1, finishedAt: ago(ms) } });
const sidecar = (name: string): any => ({ name, restartPolicy: 'Always' });
const cs = (state: any, extra: Record<string, unknown> = {}): any => ({ state, ready: false, restartCount: 0, lastState: {}, ...extra });

function pod(spec: { inits?: any[]; containers?: number | any[] }, status: any, meta: Record<string, unknown> = {}): KObject {
  const containers = typeof spec.containers === 'number' ? Array.from({ length: spec.containers }, (_, i) => ({ name: `c${i}` })) : (spec.containers ?? []);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...meta }, spec: { initContainers: spec.inits, containers }, status } as KObject;
}
const cells = (p: KObject): string[] => {
  const c = podCells(p, clock);
  return [c.ready, c.status, c.restarts];
};
const inits = (n: number): any[] => Array.from({ length: n }, (_, i) => ({ name: `i${i}` }));

describe('printPod: init containers (TestPrintPod test7-test11)', () => {
  it('test7: one init container restarting, the app not running: Init:0/1', () => {
    const p = pod({ inits: inits(1), containers: 1 }, { phase: 'podPhase', initContainerStatuses: [cs(running, { restartCount: 3, lastState: restartedAgo(10_000) })], containerStatuses: [cs(waiting())] });
    expect(cells(p)).toEqual(['0/1', 'Init:0/1', '3 (10s ago)']);
  });
  it('test8: two init containers, the first restarting: Init:0/2', () => {
    const p = pod({ inits: inits(2), containers: 1 }, { phase: 'podPhase', initContainerStatuses: [cs(running, { restartCount: 3, lastState: restartedAgo(10_000) }), cs(waiting())], containerStatuses: [cs(waiting())] });
    expect(cells(p)).toEqual(['0/1', 'Init:0/2', '3 (10s ago)']);
  });
  it('test9: the first done, the second restarting: Init:1/2', () => {
    const p = pod({ inits: inits(2), containers: 1 }, { phase: 'podPhase', initContainerStatuses: [cs(terminated(0)), cs(running, { restartCount: 3, lastState: restartedAgo(10_000) })], containerStatuses: [cs(waiting())] });
    expect(cells(p)).toEqual(['0/1', 'Init:1/2', '3 (10s ago)']);
  });
  it('test10: restarts of a finished init container still count while initializing: 5 (10s ago)', () => {
    const p = pod({ inits: inits(2), containers: 1 }, { phase: 'podPhase', initContainerStatuses: [cs(terminated(0), { restartCount: 2, lastState: restartedAgo(2 * 60_000) }), cs(running, { restartCount: 3, lastState: restartedAgo(10_000) })], containerStatuses: [cs(waiting())] });
    expect(cells(p)).toEqual(['0/1', 'Init:1/2', '5 (10s ago)']);
  });
  it('test11: once initialized only the app containers count: 4 (20s ago)', () => {
    const p = pod({ inits: inits(1), containers: 1 }, { phase: 'Running', initContainerStatuses: [cs(terminated(0), { restartCount: 2, lastState: restartedAgo(2 * 60_000) })], containerStatuses: [cs(running, { restartCount: 4, lastState: restartedAgo(20_000) })] });
    expect(cells(p)).toEqual(['0/1', 'Running', '4 (20s ago)']);
  });
  it('a failed init container: Init:Error, or Init:ExitCode:N / Init:Signal:N without a reason', () => {
    const st = (t: any): any => ({ phase: 'Pending', initContainerStatuses: [cs(t)], containerStatuses: [cs(waiting('PodInitializing'))] });
    expect(cells(pod({ inits: inits(1), containers: 1 }, st(terminated(1, 'Error'))))[1]).toBe('Init:Error');
    expect(cells(pod({ inits: inits(1), containers: 1 }, st(terminated(2))))[1]).toBe('Init:ExitCode:2');
    expect(cells(pod({ inits: inits(1), containers: 1 }, st(terminated(137, undefined, 9))))[1]).toBe('Init:Signal:9');
  });
  it('a waiting init container shows its reason, except PodInitializing which reads Init:i/n', () => {
    const st = (w: any): any => ({ phase: 'Pending', initContainerStatuses: [cs(terminated(0)), cs(w)], containerStatuses: [cs(waiting('PodInitializing'))] });
    expect(cells(pod({ inits: inits(2), containers: 1 }, st(waiting('CrashLoopBackOff'))))[1]).toBe('Init:CrashLoopBackOff');
    expect(cells(pod({ inits: inits(2), containers: 1 }, st(waiting('PodInitializing'))))[1]).toBe('Init:1/2');
  });
  it('all init containers done, the app container being created: PodInitializing', () => {
    const p = pod({ inits: inits(2), containers: 1 }, { phase: 'Pending', initContainerStatuses: [cs(terminated(0, 'Completed')), cs(terminated(0, 'Completed'))], containerStatuses: [cs(waiting('PodInitializing'))], conditions: [{ type: 'Initialized', status: 'True' }] });
    expect(cells(p)).toEqual(['0/1', 'PodInitializing', '0']);
  });
});

describe('printPod: restartable init containers (TestPrintPodWithRestartableInitContainer)', () => {
  const spec = { inits: [sidecar('restartable-init-1'), sidecar('restartable-init-2')], containers: 1 };
  it('the first sidecar running but not started: 0/3 Init:0/2', () => {
    const p = pod(spec, { phase: 'Pending', initContainerStatuses: [cs(running, { name: 'restartable-init-1', restartCount: 3, started: false, lastState: restartedAgo(10_000) }), cs(waiting(), { name: 'restartable-init-2', started: false })], containerStatuses: [cs(waiting())], conditions: [{ type: 'Initialized', status: 'False' }] });
    expect(cells(p)).toEqual(['0/3', 'Init:0/2', '3 (10s ago)']);
  });
  it('the first started, the second running but not started: 0/3 Init:1/2', () => {
    const p = pod(spec, { phase: 'Pending', initContainerStatuses: [cs(running, { name: 'restartable-init-1', restartCount: 3, started: true, lastState: restartedAgo(10_000) }), cs(running, { name: 'restartable-init-2', started: false })], containerStatuses: [cs(waiting())], conditions: [{ type: 'Initialized', status: 'False' }] });
    expect(cells(p)).toEqual(['0/3', 'Init:1/2', '3 (10s ago)']);
  });
  it('both started and the app running: 1/3 Running, restarts of sidecars and app: 7 (10s ago)', () => {
    const p = pod(spec, { phase: 'Running', initContainerStatuses: [cs(running, { name: 'restartable-init-1', restartCount: 3, started: true, lastState: restartedAgo(10_000) }), cs(running, { name: 'restartable-init-2', started: true })], containerStatuses: [cs(running, { ready: true, restartCount: 4, lastState: restartedAgo(20_000) })], conditions: [{ type: 'Initialized', status: 'True' }] });
    expect(cells(p)).toEqual(['1/3', 'Running', '7 (10s ago)']);
  });
  it('sidecars killed with 137 after the app completed: 0/3 Completed', () => {
    const p = pod(spec, { phase: 'Succeeded', initContainerStatuses: [cs(terminated(137, 'Error'), { name: 'restartable-init-1', restartCount: 3, started: false, lastState: restartedAgo(10_000) }), cs(terminated(137, 'Error'), { name: 'restartable-init-2', started: false })], containerStatuses: [cs(terminated(0, 'Completed'), { restartCount: 4, lastState: restartedAgo(20_000) })], conditions: [{ type: 'Initialized', status: 'True' }] });
    expect(cells(p)).toEqual(['0/3', 'Completed', '7 (10s ago)']);
  });
  it('statuses for containers that are not in the spec: 0/2 Init:0/2', () => {
    const p = pod({ inits: [{ name: 'init1' }, sidecar('sidecar1')], containers: [{ name: 'container1' }] }, { phase: 'Running', initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }], containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }] });
    expect(cells(p)).toEqual(['0/2', 'Init:0/2', '0']);
  });
  it('one ready sidecar and one ready app container: 2/2 Running', () => {
    const p = pod({ inits: [sidecar('shipper')], containers: 1 }, { phase: 'Running', initContainerStatuses: [cs(running, { name: 'shipper', started: true, ready: true })], containerStatuses: [cs(running, { ready: true })], conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }] });
    expect(cells(p)).toEqual(['2/2', 'Running', '0']);
  });
});

describe('printPod: app containers and deletion (TestPrintPod)', () => {
  it('the first container wins: its waiting reason over the second terminated one', () => {
    const p = pod({ containers: 2 }, { phase: 'podPhase', containerStatuses: [cs(waiting('ContainerWaitingReason'), { restartCount: 3 }), cs(terminated(0, 'ContainerTerminatedReason'), { restartCount: 3 })] });
    expect(cells(p)).toEqual(['0/2', 'ContainerWaitingReason', '6']);
  });
  it('one Completed and one running: NotReady without the Ready condition, Running with it', () => {
    const st = (conditions: any[]): any => ({ phase: 'Running', containerStatuses: [cs(terminated(0, 'Completed'), { ready: true, restartCount: 3 }), cs(running, { ready: true, restartCount: 3 })], conditions });
    expect(cells(pod({ containers: 2 }, st([])))).toEqual(['1/2', 'NotReady', '6']);
    expect(cells(pod({ containers: 2 }, st([{ type: 'Ready', status: 'True' }])))).toEqual(['1/2', 'Running', '6']);
  });
  it('restarts name the newest restart: 9 (5d ago)', () => {
    const p = pod({ containers: 2 }, { phase: 'Running', containerStatuses: [cs(running, { ready: true, restartCount: 6, lastState: restartedAgo(5 * D) }), cs(running, { ready: true, restartCount: 3, lastState: restartedAgo(20 * D) })] });
    expect(cells(p)).toEqual(['2/2', 'Running', '9 (5d ago)']);
  });
  it('SchedulingGated, and deletion: Terminating unless terminal; Unknown for a NodeLost pod', () => {
    expect(cells(pod({ containers: 2 }, { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }))[1]).toBe('SchedulingGated');
    const del = { deletionTimestamp: ago(0) };
    expect(cells(pod({ containers: 1 }, { phase: 'Succeeded', containerStatuses: [cs(terminated(0, 'Completed'))] }, del))[1]).toBe('Completed');
    expect(cells(pod({ containers: 1 }, { phase: 'Running', containerStatuses: [cs(running)] }, del))[1]).toBe('Terminating');
    expect(cells(pod({ containers: 1 }, { phase: 'Pending' }, del))[1]).toBe('Terminating');
    expect(cells(pod({ containers: 1 }, { phase: 'Running', reason: 'NodeLost', containerStatuses: [cs(running)] }, del))[1]).toBe('Unknown');
  });
  it('the Pod table prints these cells', () => {
    const p = pod({ inits: [sidecar('shipper')], containers: 1 }, { phase: 'Running', initContainerStatuses: [cs(running, { name: 'shipper', started: true, ready: true })], containerStatuses: [cs(running, { ready: true, restartCount: 1, lastState: restartedAgo(H) })] }, { creationTimestamp: ago(2 * H) });
    expect(toTable('Pod', [p], clock).rows).toEqual([['p', '2/2', 'Running', '1 (60m ago)', '120m']]);
  });
});

describe('printPod: an imported restartCount that is not a number', () => {
  it('a restartCount written as text ("0", "2") counts as its number, not as text appended to RESTARTS ("000")', () => {
    const p = pod({ containers: 2 }, { phase: 'Pending', containerStatuses: [cs(waiting(), { restartCount: '0' }), cs(running, { restartCount: '2', ready: true })] });
    expect(cells(p)[2]).toBe('2');
    const junk = pod({ containers: 1 }, { phase: 'Running', containerStatuses: [cs(running, { restartCount: 'many', ready: true })] });
    expect(cells(junk)[2]).toBe('0');
  });
});
