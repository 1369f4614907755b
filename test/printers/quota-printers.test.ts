import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { describeLimitRange, describeQuota } from '../../core/printers/describe-quota.js';
import { tabbed } from '../../core/printers/tabwriter.js';
import { toTable } from '../../core/printers/tables.js';
import { clusterClock, parseEpoch } from '../../core/sim/time.js';
import { cli, ROOT, tmpDir } from '../helpers.js';

/**
 * `kubectl get quota|limits` columns (printResourceQuota, printLimitRange) and the
 * describers (describeQuota, describeLimitRange) with Go tabwriter's alignment.
 */
const quota: KObject = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'compute', namespace: 'dev', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { hard: { pods: '4', 'limits.memory': '2Gi', 'requests.cpu': '1' }, scopes: ['NotTerminating', 'BestEffort'] },
  status: { hard: { pods: '4', 'limits.memory': '2Gi', 'requests.cpu': '1' }, used: { pods: '1', 'requests.cpu': '250m' } },
};
const clock = clusterClock(parseEpoch('2026-01-01T00:00:00Z'), () => 90_000);

describe('quota printers', () => {
  it('get quota: spec.hard sorted, used/hard from status, limits.* under LIMIT, 0 for a used not written yet', () => {
    const t = toTable('ResourceQuota', [quota], clock);
    expect(t.columns).toEqual(['NAME', 'AGE', 'REQUEST', 'LIMIT']);
    expect(t.rows).toEqual([['compute', '90s', 'pods: 1/4, requests.cpu: 250m/1', 'limits.memory: 0/2Gi']]);
  });

  it('get limits: the creation timestamp as it is', () => {
    const lr: KObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { limits: [] } };
    expect(toTable('LimitRange', [lr], clock).rows).toEqual([['lr', '2026-01-01T00:00:00Z']]);
  });

  it('describe quota: scopes sorted with their help lines (which break the alignment), then Resource/Used/Hard', () => {
    expect(describeQuota(quota)).toBe(
      [
        'Name:       compute',
        'Namespace:  dev',
        'Scopes:     BestEffort, NotTerminating',
        ' * Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
        ' * Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
        'Resource       Used  Hard',
        '--------       ----  ----',
        'limits.memory  0     2Gi',
        'pods           1     4',
        'requests.cpu   250m  1',
        '',
      ].join('\n'),
    );
  });

  it('describe limitrange: one line per item and resource, - for what the item does not set', () => {
    const lr: KObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'dev' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, defaultRequest: { cpu: '500m', memory: '256Mi' } }, { type: 'PersistentVolumeClaim', min: { storage: '1Gi' } }] } };
    expect(describeLimitRange(lr)).toBe(
      [
        'Name:                  lr',
        'Namespace:             dev',
        'Type                   Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        '----                   --------  ---  ---  ---------------  -------------  -----------------------',
        'Container              cpu       -    2    500m             -              -',
        'Container              memory    -    -    256Mi            -              -',
        'PersistentVolumeClaim  storage   1Gi  -    -                -              -',
        '',
      ].join('\n'),
    );
  });

  it('tabwriter: columns align within runs of lines that have them', () => {
    expect(tabbed('a\tbb\tc\nccc\td\nno tabs\nx\ty\n')).toBe('a    bb  c\nccc  d\nno tabs\nx  y\n');
  });

  it('kubelapse describe reads a quota at a moment of a recording; other kinds are a usage error', () => {
    const db = path.join(tmpDir(), 'quota.db');
    expect(cli(['run', path.join(ROOT, 'recordings', 'quota.yaml'), '-o', db]).code).toBe(0);
    const r = cli(['describe', db, 'quota', 'compute', '--at', '30s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pods             3       3\n');
    const bad = cli(['describe', db, 'pod', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`kubelapse: describe: no describer for pods (it describes resourcequotas and limitranges); for Pod objects: kubelapse get ${db} pods x -o yaml (its state), kubelapse history ${db} pods x (its changes)\n`);
    const missing = cli(['describe', db, 'quota', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error from server \(NotFound\): resourcequotas "nope" not found \(at /);
  });
});
