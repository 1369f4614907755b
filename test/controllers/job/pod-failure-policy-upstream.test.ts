import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { matchPodFailurePolicy } from '../../../core/controllers/job/pod-failure-policy.js';

/* Ported from pkg/controller/job/pod_failure_policy_test.go TestMatchPodFailurePolicy (v1.32 cases). */

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are open JSON */

const exitCodes = (action: string, operator: string, values: number[], extra: Record<string, unknown> = {}) => ({ action, onExitCodes: { operator, values, ...extra } });
const conds = (action: string, type: string, status: string) => ({ action, onPodConditions: [{ type, status }] });
const failed = (status: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'mypod' }, status: { phase: 'Failed', ...status } });
const exited = (...codes: Array<[string | undefined, number | undefined]>) =>
  failed({ containerStatuses: codes.map(([name, code]) => ({ ...(name !== undefined ? { name } : {}), ...(code === undefined ? {} : { state: { terminated: { exitCode: code } } }) })) });
const withCondition = (type: string, status: string) => failed({ conditions: [{ type, status }] });

const cases: Array<[string, any, KObject, string | undefined, boolean, string | undefined]> = [
  ['unknown action for rule matching by exit codes - skip rule with unknown action', { rules: [exitCodes('UnknownAction', 'In', [1, 2]), exitCodes('FailJob', 'In', [2, 3])] }, exited(['main-container', 2]), 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1', true, 'FailJob'],
  ['unknown action for rule matching by pod conditions - skip rule with unknown action', { rules: [conds('UnkonwnAction', 'DisruptionTarget', 'True'), conds('Ignore', 'DisruptionTarget', 'True')] }, withCondition('DisruptionTarget', 'True'), undefined, false, 'Ignore'],
  ['unknown operator - rule with unknown action is skipped for onExitCodes', { rules: [exitCodes('Ignore', 'UnknownOperator', [1, 2]), exitCodes('FailJob', 'In', [2, 3])] }, exited(['main-container', 2]), 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1', true, 'FailJob'],
  ['no policy rules', undefined, exited([undefined, 2]), undefined, true, undefined],
  ['ignore rule matched for exit codes', { rules: [exitCodes('Ignore', 'In', [1, 2, 3])] }, exited([undefined, 2]), undefined, false, 'Ignore'],
  ['ignore rule matched on negative exit codes - needed for Windows support', { rules: [exitCodes('Ignore', 'In', [-1073741676, -1073741510])] }, exited([undefined, -1073741510]), undefined, false, 'Ignore'],
  ['FailJob rule matched for exit codes', { rules: [exitCodes('FailJob', 'In', [1, 2, 3])] }, exited(['main-container', 2]), 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 0', true, 'FailJob'],
  ['successful containers are skipped by the rules', { rules: [exitCodes('FailJob', 'NotIn', [111])] }, failed({ initContainerStatuses: [{ name: 'init-container', state: { terminated: { exitCode: 0 } } }], containerStatuses: [{ name: 'main-container', state: { terminated: { exitCode: 111 } } }, { name: 'suppport-container', state: { terminated: { exitCode: 0 } } }] }), undefined, true, undefined],
  ['FailIndex rule matched for exit codes', { rules: [exitCodes('FailIndex', 'In', [1, 2, 3])] }, exited([undefined, 2]), undefined, true, 'FailIndex'],
  ['pod failure policy with NotIn operator and value 0', { rules: [exitCodes('FailJob', 'NotIn', [0])] }, exited(['main-container', 1], ['suppport-container', 0]), 'Container main-container for pod default/mypod failed with exit code 1 matching FailJob rule at index 0', true, 'FailJob'],
  ['second jobfail rule matched for exit codes', { rules: [exitCodes('Count', 'In', [1, 2, 3]), exitCodes('FailJob', 'In', [4, 5, 6])] }, exited(['main-container', 6]), 'Container main-container for pod default/mypod failed with exit code 6 matching FailJob rule at index 1', true, 'FailJob'],
  ['count rule matched for exit codes', { rules: [exitCodes('Count', 'In', [1, 2, 3])] }, exited(['foo', undefined], ['bar', 2]), undefined, true, 'Count'],
  ['FailIndex rule matched for pod conditions', { rules: [conds('FailIndex', 'DisruptionTarget', 'True')] }, withCondition('DisruptionTarget', 'True'), undefined, true, 'FailIndex'],
  ['ignore rule matched for pod conditions', { rules: [conds('Ignore', 'DisruptionTarget', 'True')] }, withCondition('DisruptionTarget', 'True'), undefined, false, 'Ignore'],
  ['ignore rule matches by the status=False', { rules: [conds('Ignore', 'DisruptionTarget', 'False')] }, withCondition('DisruptionTarget', 'False'), undefined, false, 'Ignore'],
  ['ignore rule matches by the status=Unknown', { rules: [conds('Ignore', 'DisruptionTarget', 'Unknown')] }, withCondition('DisruptionTarget', 'Unknown'), undefined, false, 'Ignore'],
  ['ignore rule does not match when status for pattern is False, but actual True', { rules: [conds('Ignore', 'DisruptionTarget', 'False')] }, withCondition('DisruptionTarget', 'True'), undefined, true, undefined],
  ['ignore rule does not match when status for pattern is True, but actual False', { rules: [conds('Ignore', 'DisruptionTarget', 'True')] }, withCondition('DisruptionTarget', 'False'), undefined, true, undefined],
  ['default - do not match condition with status=False', { rules: [conds('Ignore', 'DisruptionTarget', 'True')] }, withCondition('DisruptionTarget', 'False'), undefined, true, undefined],
  ['job fail rule matched for pod conditions', { rules: [conds('FailJob', 'DisruptionTarget', 'True')] }, withCondition('DisruptionTarget', 'True'), 'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0', true, 'FailJob'],
  ['count rule matched for pod conditions', { rules: [conds('Count', 'DisruptionTarget', 'True')] }, withCondition('DisruptionTarget', 'True'), undefined, true, 'Count'],
  ['no rule matched', { rules: [exitCodes('Count', 'NotIn', [8]), exitCodes('Ignore', 'In', [1, 2, 3]), exitCodes('FailJob', 'NotIn', [5, 6, 7]), conds('Count', 'ResourceLimitExceeded', 'True'), conds('Ignore', 'DisruptionTarget', 'True')] }, exited([undefined, 32]), undefined, true, 'Count'],
];

describe('ported from pod_failure_policy_test.go TestMatchPodFailurePolicy', () => {
  it.each(cases)('%s', (_name, policy, pod, message, countFailed, action) => {
    expect(matchPodFailurePolicy(policy, pod)).toEqual({ jobFailureMessage: message, countFailed, action });
  });
});
