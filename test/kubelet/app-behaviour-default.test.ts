import { describe, expect, it } from 'vitest';
import { appBehaviour, DEFAULT_BEHAVIOUR } from '../../core/kubelet/app-behaviour.js';
import type { KObject } from '../../core/api/types.js';

const pod = (annotations?: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
});

/** A pod without kubelapse/ annotations shares the defaults (memory at 100,000 pods); one with them gets its own. */
describe('app behaviour defaults', () => {
  it('pods without kubelapse/ annotations share one frozen default; annotated pods get what they asked for', () => {
    const a = appBehaviour(pod());
    const b = appBehaviour(pod({ 'example.com/team': 'x' }));
    expect(a).toBe(DEFAULT_BEHAVIOUR);
    expect(b).toBe(DEFAULT_BEHAVIOUR);
    expect(Object.isFrozen(a) && Object.isFrozen(a.onSigterm)).toBe(true);
    expect(a).toMatchObject({ startMs: 1000, readyAfterMs: 0, onSigterm: { kind: 'exit' }, exitCode: 1 });
    expect(a.memory.size).toBe(0);
    const c = appBehaviour(pod({ 'kubelapse/start-time': '3s', 'kubelapse/on-sigterm': 'drain 5s' }));
    expect(c).not.toBe(DEFAULT_BEHAVIOUR);
    expect(c.startMs).toBe(3000);
    expect(c.onSigterm).toEqual({ kind: 'drain', ms: 5000 });
    expect(DEFAULT_BEHAVIOUR.startMs).toBe(1000);
    expect(() => appBehaviour(pod({ 'kubelapse/exit-code': '300' }))).toThrow(/exit code/);
  });
});
