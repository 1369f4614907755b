import { describe, expect, it } from 'vitest';
import type { PodTrack, RecoveryModel } from '../../viewer/shared/model.js';
import { recoveryAt, recoveryCaption, type RecoveryTimes } from '../../viewer/web/src/recovery-caption.js';

/*
 * The caption above the pod lifecycles for the recovery at the playhead, as
 * pod-loss-recovery's two halves read it: the kubectl delete's replacement at 0:30 and
 * the pod the fault at 1:10 restarts in place (no replacement, one pod named).
 */
const pod = (uid: string, name: string): PodTrack => ({ uid, name, namespace: 'default' }) as PodTrack;
const old = pod('a', 'web-6454d6f499-l6njz');
const hnkzb = pod('b', 'web-6454d6f499-hnkzb');
const replaced: RecoveryTimes = {
  r: { lostUid: 'a', podUid: 'b', startMs: 30_000, cause: 'kubectl delete pod', hops: [] } as RecoveryModel,
  lost: old,
  pod: hnkzb,
  startMs: 30_000,
  hops: [['noticed', 30_000], ['created', 30_001], ['scheduled', 30_002], ['started', 30_403], ['ready', 32_403]],
};
const inPlace: RecoveryTimes = {
  r: { lostUid: 'b', podUid: 'b', startMs: 70_000, cause: 'fault: pod web-6454d6f499-hnkzb killed', hops: [], inPlace: true },
  lost: hnkzb,
  pod: hnkzb,
  startMs: 70_000,
  hops: [['noticed', 71_000], ['restarted', 71_400], ['ready', 73_400]],
};

describe('recovery caption', () => {
  it('a replacement names the lost pod and its replacement, and says recovered', () => {
    expect(recoveryCaption(replaced, 35_000)).toBe('recovered in 2.4 s: noticed 0 ms, created 1 ms, scheduled 1 ms, started 401 ms, ready 2.0 s (web-6454d6f499-l6njz → hnkzb)');
  });

  it('a restart in place names the one pod and says restarted in place, Ready again', () => {
    expect(recoveryCaption(inPlace, 75_000)).toBe('restarted in place, Ready again in 3.4 s: noticed 1.0 s, restarted 400 ms, ready 2.0 s (web-6454d6f499-hnkzb)');
    expect(recoveryCaption(inPlace, 75_000)).not.toContain('recovered');
  });

  it('while under way: only the hops done, "restarting in place" for the same pod', () => {
    expect(recoveryCaption(inPlace, 70_500)).toBe('restarting in place: 500 ms so far (web-6454d6f499-hnkzb)');
    expect(recoveryCaption(inPlace, 71_200)).toBe('restarting in place: 1.2 s so far: noticed 1.0 s (web-6454d6f499-hnkzb)');
    expect(recoveryCaption(replaced, 30_200)).toBe('recovering: 200 ms so far: noticed 0 ms, created 1 ms, scheduled 1 ms (web-6454d6f499-l6njz → hnkzb)');
  });

  it('the caption follows the playhead: the delete\'s replacement before 1:10, the restart after', () => {
    expect(recoveryAt([replaced, inPlace], 60_000)).toBe(replaced);
    expect(recoveryAt([replaced, inPlace], 71_000)).toBe(inPlace);
  });
});
