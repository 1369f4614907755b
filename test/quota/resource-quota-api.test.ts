import { describe, expect, it } from 'vitest';
import type { KObject, WriteEvent } from '../../core/api/types.js';
import { makeSim, pod, refusal } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * The ResourceQuota plugin inside the simulated API server: the charge is written by
 * the API server itself, in the same request and before the object; a refused or dry-run
 * request leaves the quota as it was; the message names the generated pod name.
 */
const kubectl = { actor: 'kubectl' };
const synced = (hard: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'compute', namespace: 'default' },
  spec: { hard },
});

function withQuota(hard: Record<string, string>, used: Record<string, string>) {
  const sim = makeSim();
  sim.api.create(synced(hard), kubectl);
  // What the resourcequota-controller writes first: status.hard and status.used.
  const q = sim.api.get('ResourceQuota', 'default', 'compute');
  sim.api.updateStatus({ ...(q as KObject), status: { hard, used } }, { actor: 'resourcequota-controller' });
  const writes: WriteEvent[] = [];
  sim.api.writes$.subscribe((w) => writes.push(w));
  return { sim, writes };
}

const requesting = (name: string, cpu: string): KObject => ({ ...pod(name), spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu }, limits: { cpu } } }] } });

describe('ResourceQuota admission in the API server', () => {
  it('charges status.used as kube-apiserver, one write before the pod, with the request\'s cause', () => {
    const { sim, writes } = withQuota({ pods: '3', 'requests.cpu': '1' }, { pods: '0', 'requests.cpu': '0' });
    sim.api.create(requesting('a', '250m'), { actor: 'replicaset-controller', causeSeq: 7 });
    expect(writes.map((w) => [w.kind, w.verb, w.subresource, w.actor, w.causeSeq])).toEqual([
      ['ResourceQuota', 'update', 'status', 'kube-apiserver', 7],
      ['Pod', 'create', null, 'replicaset-controller', 7],
    ]);
    expect(writes[0]?.message).toBe('pod a charged to quota compute: pods 0 -> 1 of 3, requests.cpu 0 -> 250m of 1');
    expect(sim.api.get('ResourceQuota', 'default', 'compute').status.used).toEqual({ pods: '1', 'requests.cpu': '250m' });
  });

  it('refuses with 403 Forbidden and upstream\'s text, naming the generated name; nothing is written', () => {
    const { sim, writes } = withQuota({ pods: '1' }, { pods: '1' });
    const before = sim.api.lastSeq;
    const e = refusal(() => sim.api.create({ ...pod(''), metadata: { generateName: 'web-7d9c8f9b7-', labels: { app: 'web' } } }, kubectl));
    expect(e.status).toMatchObject({ code: 403, reason: 'Forbidden', details: { kind: 'pods' } });
    expect(e.message).toMatch(/^pods "web-7d9c8f9b7-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1$/);
    expect(writes).toEqual([]);
    expect(sim.api.lastSeq).toBe(before);
  });

  it('a request refused after the charge (the name is taken) rolls the charge back with it', () => {
    const { sim } = withQuota({ pods: '5' }, { pods: '0' });
    sim.api.create(pod('a'), kubectl);
    expect(refusal(() => sim.api.create(pod('a'), kubectl)).status.reason).toBe('AlreadyExists');
    expect(sim.api.get('ResourceQuota', 'default', 'compute').status.used).toEqual({ pods: '1' });
  });

  it('a dry run is checked (and refused when over) but charges nothing', () => {
    const { sim, writes } = withQuota({ pods: '1' }, { pods: '0' });
    sim.api.create(pod('a'), { ...kubectl, dryRun: true });
    expect(writes).toEqual([]);
    sim.api.create(pod('b'), kubectl);
    expect(refusal(() => sim.api.create(pod('c'), { ...kubectl, dryRun: true })).message).toBe('pods "c" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it('pod updates and status writes are not charged again', () => {
    const { sim, writes } = withQuota({ pods: '1' }, { pods: '0' });
    const p = sim.api.create(pod('a'), kubectl);
    writes.length = 0;
    sim.api.update({ ...(p as KObject), metadata: { ...p.metadata, labels: { app: 'web', x: 'y' } } }, kubectl);
    sim.api.updateStatus({ ...(sim.api.get('Pod', 'default', 'a') as KObject), status: { phase: 'Running' } }, { actor: 'kubelet/node-1' });
    expect(writes.map((w) => w.kind)).toEqual(['Pod', 'Pod']);
  });

  it('the quota kinds: ResourceQuota quantities are stored canonical; bad ones and unknown scopes are 422', () => {
    const sim = makeSim();
    const q = sim.api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '2000m', pods: 10, 'requests.memory': '1024Mi' } } }, kubectl);
    expect(q.spec.hard).toEqual({ 'requests.cpu': '2', pods: '10', 'requests.memory': '1Gi' });
    expect(q.status).toEqual({});
    const bad = refusal(() => sim.api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'bad' }, spec: { hard: { pods: '-1', 'count/services': 'x' }, scopes: ['Sometimes'] } }, kubectl));
    expect(bad.status.code).toBe(422);
    expect(bad.message).toBe(
      'ResourceQuota "bad" is invalid: [spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0, spec.hard[count/services]: Invalid value: "x": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\', spec.scopes[0]: Unsupported value: "Sometimes": supported values: "Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"]',
    );
  });
});
