import { kindInfo, type KindInfo } from '../kinds.js';
import { clone } from '../patch.js';
import type { KObject } from '../types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- conversions work on open JSON */

/**
 * A kind served in a second API version, converted on the way in and out while the
 * store keeps the one storage version, as the kube-apiserver does. The one such
 * version here is autoscaling/v1 HorizontalPodAutoscaler, which `kubectl autoscale`
 * creates (pkg/apis/autoscaling/v1/conversion.go): its targetCPUUtilizationPercentage
 * is the v2 CPU Utilization metric.
 */
export interface ServedVersion {
  group: string;
  version: string;
  resource: string;
  kind: string;
  /** The stored kind. */
  storage: KindInfo;
  /** Subresources served in this version. */
  subresources: readonly string[];
  toServed(obj: Readonly<KObject>): KObject;
  /** `current`: the stored object an update replaces, for the fields this version cannot say. */
  toStorage(obj: KObject, current?: Readonly<KObject>): KObject;
}

const isCpuUtilization = (m: any): boolean => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

const hpaV1: ServedVersion = {
  group: 'autoscaling',
  version: 'v1',
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  storage: kindInfo('HorizontalPodAutoscaler') as KindInfo,
  subresources: ['status'],
  toServed(obj) {
    const { spec = {}, status, ...rest } = clone(obj) as KObject;
    const cpu = (spec.metrics ?? []).find(isCpuUtilization);
    const current = (status?.currentMetrics ?? []).find((m: any) => m?.type === 'Resource' && m.resource?.name === 'cpu');
    const out: KObject = {
      ...rest,
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      spec: {
        scaleTargetRef: spec.scaleTargetRef,
        ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
        maxReplicas: spec.maxReplicas,
        ...(cpu !== undefined ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
      },
      status: {
        ...(status?.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
        ...(status?.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
        currentReplicas: status?.currentReplicas ?? 0,
        desiredReplicas: status?.desiredReplicas ?? 0,
        ...(current?.resource?.current?.averageUtilization !== undefined ? { currentCPUUtilizationPercentage: current.resource.current.averageUtilization } : {}),
      },
    };
    return out;
  },
  toStorage(obj, current) {
    const { spec = {}, status: _status, ...rest } = clone(obj);
    const kept = (current?.spec?.metrics ?? []).filter((m: any) => !isCpuUtilization(m));
    const target = spec.targetCPUUtilizationPercentage;
    const metrics = [...(target === undefined || target === null ? [] : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }]), ...kept];
    const out: KObject = {
      ...rest,
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: obj.metadata ?? {},
      spec: {
        scaleTargetRef: spec.scaleTargetRef,
        ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
        maxReplicas: spec.maxReplicas,
        // None at all: the v2 defaulting gives the 80% CPU target, as upstream.
        ...(metrics.length > 0 ? { metrics } : {}),
        ...(current?.spec?.behavior !== undefined ? { behavior: current.spec.behavior } : {}),
      },
      ...(current?.status !== undefined ? { status: current.status } : {}),
    };
    return out;
  },
};

export const SERVED_VERSIONS: readonly ServedVersion[] = [hpaV1];

export function servedVersion(group: string, version: string, resource: string | undefined): ServedVersion | undefined {
  return SERVED_VERSIONS.find((v) => v.group === group && v.version === version && v.resource === resource);
}
