import { describe, expect, it } from 'vitest';
import { deployment, makeSim, pod } from '../helpers.js';

const kubectl = { actor: 'kubectl' };

describe('defaulting, as upstream', () => {
  it('a Deployment gets RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600', () => {
    const sim = makeSim();
    const d = sim.api.create(deployment('web'), kubectl);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.status).toEqual({});
  });

  it('a Recreate Deployment gets no rollingUpdate block', () => {
    const sim = makeSim();
    const d = sim.api.create({ ...deployment('web'), spec: { ...deployment('web').spec, strategy: { type: 'Recreate' } } }, kubectl);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('a Pod gets grace 30 s, probe defaults, pull policy by tag, and 300 s not-ready/unreachable tolerations', () => {
    const sim = makeSim();
    const p = sim.api.create(
      pod('p', {
        containers: [
          { name: 'pinned', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 } } },
          { name: 'latest', image: 'nginx', livenessProbe: { exec: { command: ['true'] }, periodSeconds: 5 } },
        ],
      }),
      kubectl,
    );
    expect(p.spec.terminationGracePeriodSeconds).toBe(30);
    expect(p.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(p.spec.containers[1].imagePullPolicy).toBe('Always');
    expect(p.spec.containers[0].readinessProbe).toEqual({ httpGet: { path: '/', port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(p.spec.containers[1].livenessProbe.periodSeconds).toBe(5);
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('keeps a toleration the pod already has for unreachable, with its own seconds', () => {
    const sim = makeSim();
    const p = sim.api.create(pod('p', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] }), kubectl);
    expect(p.spec.tolerations).toHaveLength(2);
    expect(p.spec.tolerations[0].tolerationSeconds).toBe(10);
    expect(p.spec.tolerations[1].key).toBe('node.kubernetes.io/not-ready');
  });

  it('derives the QoS class from requests and limits', () => {
    const sim = makeSim();
    const guaranteed = sim.api.create(pod('g', { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } }] }), kubectl);
    const burstable = sim.api.create(pod('b', { containers: [{ name: 'a', image: 'x:1', resources: { requests: { cpu: '100m' } } }] }), kubectl);
    expect(guaranteed.status.qosClass).toBe('Guaranteed');
    expect(burstable.status.qosClass).toBe('Burstable');
  });

  it('an HPA gets upstream\'s v2 behavior defaults', () => {
    const sim = makeSim();
    const hpa = sim.api.create(
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 10 } },
      kubectl,
    );
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(hpa.spec.behavior.scaleUp.policies).toEqual([
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ]);
  });
});
