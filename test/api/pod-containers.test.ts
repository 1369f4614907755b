import { describe, expect, it } from 'vitest';
import { podWarnings, warningHeader } from '../../core/api/pod-warnings.js';
import type { KObject } from '../../core/api/types.js';
import { makeSim, pod, refusal } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

const kubectl = { actor: 'kubectl' };

/** A pod with these containers (and init containers). */
function withContainers(containers: any[], initContainers?: any[]): KObject {
  const p = pod('p');
  p.spec = { ...p.spec, containers, ...(initContainers !== undefined ? { initContainers } : {}) };
  return p;
}
const c = (name: string, ports?: any[], extra: Record<string, unknown> = {}): any => ({ name, image: 'nginx:1.27', ...(ports !== undefined ? { ports } : {}), ...extra });

describe('validateInitContainers and restartPolicy on containers, as upstream v1.32', () => {
  it('an init container with restartPolicy Always (a sidecar) may have probes; restartPolicy OnFailure is not supported', () => {
    const sim = makeSim();
    expect(() => sim.api.create(withContainers([c('app')], [c('proxy', undefined, { restartPolicy: 'Always', startupProbe: { tcpSocket: { port: 9000 } } })]), kubectl)).not.toThrow();
    const err = refusal(() => sim.api.create({ ...withContainers([c('app')], [c('init', undefined, { restartPolicy: 'OnFailure' })]), metadata: { name: 'q', namespace: 'default' } }, kubectl));
    expect(err.code).toBe(422);
    expect(err.message).toBe('Pod "q" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
  });

  it('probes and lifecycle on a regular init container are forbidden; restartPolicy on an app container too', () => {
    const sim = makeSim();
    const err = refusal(() => sim.api.create(withContainers([c('app', undefined, { restartPolicy: 'Always' })], [c('init', undefined, { livenessProbe: { exec: { command: ['true'] } }, lifecycle: { preStop: { exec: { command: ['true'] } } } })]), kubectl));
    expect(err.status.details?.causes).toEqual([
      { reason: 'FieldValueForbidden', field: 'spec.containers[0].restartPolicy', message: 'Forbidden: may not be set for non-init containers' },
      { reason: 'FieldValueForbidden', field: 'spec.initContainers[0].lifecycle', message: 'Forbidden: may not be set for init containers without restartPolicy=Always' },
      { reason: 'FieldValueForbidden', field: 'spec.initContainers[0].livenessProbe', message: 'Forbidden: may not be set for init containers without restartPolicy=Always' },
    ]);
  });

  it('names are unique across init and app containers; an init container needs an image', () => {
    const sim = makeSim();
    const err = refusal(() => sim.api.create(withContainers([c('web')], [c('web'), { name: 'setup' }]), kubectl));
    expect(err.status.details?.causes).toEqual([
      { reason: 'FieldValueDuplicate', field: 'spec.initContainers[0].name', message: 'Duplicate value: "web"' },
      { reason: 'FieldValueRequired', field: 'spec.initContainers[1].image', message: 'Required value' },
    ]);
  });
});

describe('port warnings (pkg/api/pod/warnings_test.go)', () => {
  it('two containers on 80/TCP: duplicate port definition, the later naming the earlier', () => {
    expect(podWarnings(withContainers([c('a', [{ containerPort: 80 }]), c('b', [{ containerPort: 80 }])]))).toEqual(['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]']);
  });
  it('the same port twice in one container, UDP: duplicate; TCP and UDP of one number: none', () => {
    expect(podWarnings(withContainers([c('foo', [{ containerPort: 80, protocol: 'UDP' }, { containerPort: 80, protocol: 'UDP' }])]))).toEqual(['spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]']);
    expect(podWarnings(withContainers([c('foo', [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }])]))).toEqual([]);
  });
  it('hostPort set on one only: overlapping; the same hostPort with one hostIP unset: dangerously ambiguous; different hostIPs: none', () => {
    expect(podWarnings(withContainers([c('foo', [{ containerPort: 80, hostPort: 80 }]), c('bar', [{ containerPort: 80 }])]))).toEqual(['spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]']);
    expect(podWarnings(withContainers([c('foo', [{ containerPort: 80, hostPort: 80 }]), c('bar', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }])]))).toEqual(['spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[0]']);
    expect(podWarnings(withContainers([c('foo', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }]), c('bar', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }])]))).toEqual([]);
  });
  it('init containers come first; a workload names spec.template.spec, a CronJob its job template', () => {
    expect(podWarnings(withContainers([c('app', [{ containerPort: 8080 }])], [c('init', [{ containerPort: 8080 }])]))).toEqual(['spec.containers[0].ports[0]: duplicate port definition with spec.initContainers[0].ports[0]']);
    const spec = { containers: [c('a', [{ containerPort: 80 }]), c('b', [{ containerPort: 80 }])] };
    expect(podWarnings({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec } } } as KObject)).toEqual(['spec.template.spec.containers[1].ports[0]: duplicate port definition with spec.template.spec.containers[0].ports[0]']);
    expect(podWarnings({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'd' }, spec: { jobTemplate: { spec: { template: { spec } } } } } as KObject)).toEqual(['spec.jobTemplate.spec.template.spec.containers[1].ports[0]: duplicate port definition with spec.jobTemplate.spec.template.spec.containers[0].ports[0]']);
    expect(podWarnings({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec } as KObject)).toEqual([]);
  });
  it('the header as the apiserver writes it: code 299, agent -, the text quoted', () => {
    expect(warningHeader('a "b" c')).toBe('299 - "a \\"b\\" c"');
  });
});
