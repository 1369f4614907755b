import { describe, expect, it } from 'vitest';
import { KubectlError } from '../../core/kubectl/command.js';
import { describeError, executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import type { KObject } from '../../core/api/types.js';
import { deployment, makeSim } from '../helpers.js';

const managers = (o: Readonly<KObject>): string[] =>
  ((o.metadata.managedFields ?? []) as Array<{ manager: string; operation: string; subresource?: string }>).map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`);

describe('kubectl: steps, server-side apply and field managers', () => {
  it('parses apply --server-side [--force-conflicts] [--field-manager]', () => {
    expect(parseKubectl('apply --server-side -f web.yaml')).toEqual({ verb: 'apply', files: ['web.yaml'], serverSide: true, forceConflicts: false });
    expect(parseKubectl('apply --server-side --force-conflicts --field-manager=ci -f web.yaml')).toMatchObject({ serverSide: true, forceConflicts: true, fieldManager: 'ci' });
    expect(() => parseKubectl('apply --force-conflicts -f web.yaml')).toThrow(KubectlError);
  });

  it('apply --server-side creates as manager kubectl, conflicts after a scale with upstream\'s words, and --force-conflicts takes over', () => {
    const sim = makeSim();
    const client = sim.client('kubectl');
    const load = (replicas: number) => () => [deployment('web', replicas)];
    expect(executeKubectl(client, parseKubectl('apply --server-side -f web.yaml'), load(2))).toEqual(['deployment.apps/web serverside-applied']);
    expect(managers(sim.api.get('Deployment', 'default', 'web'))).toEqual(['kubectl/Apply']);
    executeKubectl(client, parseKubectl('scale deployment/web --replicas=5'), load(0));
    expect(managers(sim.api.get('Deployment', 'default', 'web'))).toEqual(['kubectl/Apply', 'kubectl/Update/scale']);
    let err: unknown;
    try {
      executeKubectl(client, parseKubectl('apply --server-side -f web.yaml'), load(3));
    } catch (e) {
      err = e;
    }
    expect(describeError(err)).toBe('Error from server (Conflict): Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    executeKubectl(client, parseKubectl('apply --server-side --force-conflicts -f web.yaml'), load(3));
    expect(sim.api.get('Deployment', 'default', 'web').spec.replicas).toBe(3);
  });

  it('each verb writes as the manager the real kubectl sends', () => {
    const sim = makeSim();
    const client = sim.client('kubectl');
    const none = () => [];
    executeKubectl(client, parseKubectl('create deployment web --image=nginx:1.27'), none);
    executeKubectl(client, parseKubectl('set image deployment/web nginx=nginx:1.28'), none);
    executeKubectl(client, parseKubectl('label deployment web tier=fe'), none);
    executeKubectl(client, parseKubectl('annotate deployment web note=x'), none);
    executeKubectl(client, parseKubectl(`patch deployment web -p '{"spec":{"minReadySeconds":3}}'`), none);
    executeKubectl(client, parseKubectl('rollout pause deployment/web'), none);
    executeKubectl(client, parseKubectl('apply -f other.yaml'), () => [deployment('other')]);
    expect(managers(sim.api.get('Deployment', 'default', 'web')).sort()).toEqual(['kubectl-annotate/Update', 'kubectl-create/Update', 'kubectl-label/Update', 'kubectl-patch/Update', 'kubectl-rollout/Update', 'kubectl-set/Update']);
    expect(managers(sim.api.get('Deployment', 'default', 'other'))).toEqual(['kubectl-client-side-apply/Update']);
  });
});
