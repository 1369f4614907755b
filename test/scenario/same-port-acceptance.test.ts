import { describe, expect, it } from 'vitest';
import { getPodAt, statusesOf } from './pod-table.js';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: same-port', () => {
  const story = recordStory('same-port');
  const { result, rows, obj } = story;
  const last = (name: string): any => obj(rows.filter((r) => r.kind === 'Pod' && r.name === name).at(-1) as Row);

  it('passes its expectations', () => {
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('two-webs: nginx keeps port 80 and never restarts; httpd crash-loops with exit code 1', () => {
    const st = last('two-webs').status;
    const [nginx, httpd] = st.containerStatuses;
    expect(nginx).toMatchObject({ name: 'nginx', restartCount: 0, ready: true, state: { running: {} } });
    expect(httpd.name).toBe('httpd');
    expect(httpd.restartCount).toBeGreaterThanOrEqual(4);
    expect(httpd.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(httpd.state.waiting?.reason ?? 'running').toMatch(/CrashLoopBackOff|running/);
  });

  it('kubectl get pods: 1/2 CrashLoopBackOff for two-webs, 2/2 Running for the pod on two ports', () => {
    expect(getPodAt(story, 'two-webs', 60_000)).toEqual(['1/2', 'CrashLoopBackOff', '3 (22s ago)']);
    expect(getPodAt(story, 'two-ports', 60_000)).toEqual(['2/2', 'Running', '0']);
    expect(statusesOf(story, 'two-webs').slice(0, 5)).toEqual(['Pending', 'ContainerCreating', 'Running', 'Error', 'Running']);
    expect(statusesOf(story, 'two-webs')).toContain('CrashLoopBackOff');
  });

  it('every httpd exit is the bind failure one start-time after it started; backoff 10 s, 20 s, 40 s between them', () => {
    const exits = rows.filter((r) => r.kind === 'Pod' && r.name === 'two-webs' && r.reason === 'ContainerExited');
    expect(exits.length).toBeGreaterThanOrEqual(5);
    for (const e of exits) expect(e.message).toBe('two-webs: container httpd exited with code 1 (port 80/TCP is already in use by another container of the pod)');
    const restarts = rows.filter((r) => r.kind === 'Pod' && r.name === 'two-webs' && r.reason === 'ContainerRestarted').map((r) => r.time_ms);
    const gaps = exits.slice(1, 5).map((e, i) => (restarts[i + 1] as number) - e.time_ms);
    expect(gaps).toEqual([10_100, 20_100, 40_100, 80_100]);
    expect(rows.some((r) => r.kind === 'Event' && obj(r).reason === 'BackOff' && obj(r).message.startsWith('Back-off restarting failed container httpd in pod two-webs_default'))).toBe(true);
  });

  it('two-ports runs both containers without a restart', () => {
    expect(last('two-ports').status.containerStatuses.map((c: any) => [c.name, c.restartCount, c.ready])).toEqual([
      ['nginx', 0, true],
      ['httpd', 0, true],
    ]);
  });
});
